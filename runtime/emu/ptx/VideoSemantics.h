// The scalar rule of the SIMD video instructions (PTX ISA 9.0, section 9.7.17.2: vadd2/vsub2/
// vavrg2/vabsdiff2/vmin2/vmax2/vset2 and their four-way forms). Each 32-bit result is built from
// two half-words or four bytes picked out of the eight bytes of {b, a} by per-element selectors,
// then either merged with c under a mask or summed into c.
#pragma once

#include <algorithm>
#include <cstdint>

namespace qiao::ptx {

enum class VideoOp : uint8_t { Add, Sub, Avrg, Absdiff, Min, Max, Set };
enum class VideoCmp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

struct VideoSimd {
  VideoOp op = VideoOp::Add;
  VideoCmp cmp = VideoCmp::Eq; // vset only
  uint8_t elements = 4;        // 2: half-words, 4: bytes
  bool aSigned = false, bSigned = false, dSigned = false;
  bool sat = false;
  bool accumulate = false; // .add: d = c + sum of the selected results
  uint8_t mask = 0xf;      // bit i: element i of d takes the result (else c's element)
  // Element i of the operand is element sel[i] of the 8 bytes (4 half-words) of {b, a}.
  uint8_t asel[4] = {0, 1, 2, 3};
  uint8_t bsel[4] = {4, 5, 6, 7};
};

// How a decoded video instruction keeps its VideoSimd in Inst (read by every backend).
// aux: op | cmp << 3 | four-way << 6 | a, b, d signed << 7..9 | sat << 10 | add << 11 |
// mask << 12. aux2: the four a selectors in nibbles 0..3, the b selectors in nibbles 4..7.
inline uint32_t packVideoAux(const VideoSimd &v) {
  return static_cast<uint32_t>(v.op) | static_cast<uint32_t>(v.cmp) << 3 |
         uint32_t{v.elements == 4} << 6 | uint32_t{v.aSigned} << 7 | uint32_t{v.bSigned} << 8 |
         uint32_t{v.dSigned} << 9 | uint32_t{v.sat} << 10 | uint32_t{v.accumulate} << 11 |
         uint32_t{v.mask} << 12;
}

inline uint32_t packVideoSelectors(const VideoSimd &v) {
  uint32_t bits = 0;
  for (int i = 0; i < 4; ++i)
    bits |= uint32_t{v.asel[i]} << (4 * i) | uint32_t{v.bsel[i]} << (16 + 4 * i);
  return bits;
}

inline VideoSimd unpackVideoSimd(uint32_t aux, uint32_t aux2) {
  VideoSimd v;
  v.op = static_cast<VideoOp>(aux & 7);
  v.cmp = static_cast<VideoCmp>((aux >> 3) & 7);
  v.elements = (aux >> 6) & 1 ? 4 : 2;
  v.aSigned = (aux >> 7) & 1;
  v.bSigned = (aux >> 8) & 1;
  v.dSigned = (aux >> 9) & 1;
  v.sat = (aux >> 10) & 1;
  v.accumulate = (aux >> 11) & 1;
  v.mask = (aux >> 12) & 0xf;
  for (int i = 0; i < 4; ++i) {
    v.asel[i] = (aux2 >> (4 * i)) & 0xf;
    v.bsel[i] = (aux2 >> (16 + 4 * i)) & 0xf;
  }
  return v;
}

namespace video_detail {

inline int64_t element(uint64_t pool, unsigned index, unsigned bits, bool isSigned) {
  const uint64_t raw = (pool >> (index * bits)) & ((uint64_t{1} << bits) - 1);
  if (isSigned && (raw >> (bits - 1)))
    return static_cast<int64_t>(raw) - (int64_t{1} << bits);
  return static_cast<int64_t>(raw);
}

inline bool compare(int64_t a, int64_t b, VideoCmp cmp) {
  switch (cmp) {
  case VideoCmp::Eq:
    return a == b;
  case VideoCmp::Ne:
    return a != b;
  case VideoCmp::Lt:
    return a < b;
  case VideoCmp::Le:
    return a <= b;
  case VideoCmp::Gt:
    return a > b;
  case VideoCmp::Ge:
    return a >= b;
  }
  return false;
}

} // namespace video_detail

inline uint32_t videoSimd(const VideoSimd &v, uint32_t a, uint32_t b, uint32_t c) {
  using namespace video_detail;
  const unsigned bits = 32 / v.elements;
  const uint64_t pool = (uint64_t{b} << 32) | a;
  const uint32_t elemMask = static_cast<uint32_t>((uint64_t{1} << bits) - 1);
  uint32_t merged = 0;
  uint32_t sum = c;
  for (unsigned i = 0; i < v.elements; ++i) {
    const int64_t x = element(pool, v.asel[i], bits, v.aSigned);
    const int64_t y = element(pool, v.bsel[i], bits, v.bSigned);
    int64_t t = 0;
    switch (v.op) {
    case VideoOp::Add:
      t = x + y;
      break;
    case VideoOp::Sub:
      t = x - y;
      break;
    case VideoOp::Avrg:
      // Halves round away from zero: a non-negative sum rounds up, a negative one down.
      t = (x + y) >= 0 ? (x + y + 1) >> 1 : (x + y) >> 1;
      break;
    case VideoOp::Absdiff:
      t = x > y ? x - y : y - x;
      break;
    case VideoOp::Min:
      t = std::min(x, y);
      break;
    case VideoOp::Max:
      t = std::max(x, y);
      break;
    case VideoOp::Set:
      t = compare(x, y, v.cmp) ? 1 : 0;
      break;
    }
    if (v.sat && v.op != VideoOp::Set) {
      const int64_t lo = v.dSigned ? -(int64_t{1} << (bits - 1)) : 0;
      const int64_t hi = v.dSigned ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
      t = std::clamp(t, lo, hi);
    }
    const bool on = (v.mask >> i) & 1;
    if (v.accumulate) {
      if (on)
        sum += static_cast<uint32_t>(t);
    } else {
      const uint32_t value = on ? static_cast<uint32_t>(t) : (c >> (i * bits));
      merged |= (value & elemMask) << (i * bits);
    }
  }
  return v.accumulate ? sum : merged;
}

} // namespace qiao::ptx
