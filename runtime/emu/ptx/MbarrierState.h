// The mbarrier object (PTX ISA 9.0, section 9.7.13.15): 8 bytes of shared memory that the ISA
// leaves opaque. Qiao packs its four fields into the word itself, so that the interpreter and the
// kernel compiler (which runs mbarrier instructions through the same exec functions) see one
// state, and so that check mode's comparison of memory covers it:
//
//   bits  0..20  pending arrival count   (arrivals still missing in the current phase)
//   bits 21..41  expected arrival count  (what pending is reset to when a phase completes)
//   bits 42..62  tx-count, two's complement (bytes of asynchronous transactions outstanding)
//   bit  63      phase parity
//
// A phase completes when its pending arrival count and its tx-count are both zero; the barrier
// then moves to the next phase with pending = expected and tx-count = 0. The state token that
// mbarrier.arrive returns is the word as the arrival found it: its parity names the phase the
// arrival belongs to (test_wait/try_wait ask whether that phase has completed) and its pending
// count is what mbarrier.pending_count reads.
#pragma once

#include <cstdint>

namespace qiao::ptx::mbarrier {

// Counts and tx-counts are limited to 2^20 - 1 in magnitude (the ISA's ranges).
inline constexpr uint32_t kMaxCount = (1u << 20) - 1;
inline constexpr int32_t kMaxTxCount = (1 << 20) - 1;

struct Fields {
  uint32_t pending = 0;
  uint32_t expected = 0;
  int32_t tx = 0;
  uint32_t parity = 0;
};

inline constexpr uint64_t kFieldMask = (uint64_t{1} << 21) - 1;

constexpr Fields unpack(uint64_t word) {
  Fields f;
  f.pending = static_cast<uint32_t>(word & kFieldMask);
  f.expected = static_cast<uint32_t>((word >> 21) & kFieldMask);
  uint32_t tx = static_cast<uint32_t>((word >> 42) & kFieldMask);
  f.tx = static_cast<int32_t>(tx << 11) >> 11; // sign-extend the 21-bit field
  f.parity = static_cast<uint32_t>(word >> 63);
  return f;
}

constexpr uint64_t pack(const Fields &f) {
  return (uint64_t{f.pending} & kFieldMask) | ((uint64_t{f.expected} & kFieldMask) << 21) |
         ((static_cast<uint64_t>(static_cast<uint32_t>(f.tx)) & kFieldMask) << 42) |
         (uint64_t{f.parity & 1} << 63);
}

// What an update may find wrong; the exec function turns it into a fault.
enum class Outcome { Ok, CountOutOfRange, TooManyArrivals, TxOutOfRange };

// mbarrier.init: phase 0, every expected arrival pending, no transaction outstanding.
constexpr Outcome init(uint64_t &word, uint32_t count) {
  if (count < 1 || count > kMaxCount)
    return Outcome::CountOutOfRange;
  word = pack({count, count, 0, 0});
  return Outcome::Ok;
}

// Completes the current phase if nothing is missing any more.
constexpr void completeIfDone(Fields &f) {
  if (f.pending == 0 && f.tx == 0) {
    f.parity ^= 1;
    f.pending = f.expected;
  }
}

// Adds `bytes` to the tx-count (expect-tx: negative bytes are complete-tx).
constexpr Outcome addTx(uint64_t &word, int64_t bytes) {
  Fields f = unpack(word);
  int64_t tx = f.tx + bytes;
  if (tx > kMaxTxCount || tx < -kMaxTxCount)
    return Outcome::TxOutOfRange;
  f.tx = static_cast<int32_t>(tx);
  completeIfDone(f);
  word = pack(f);
  return Outcome::Ok;
}

// mbarrier.arrive (drop: arrive_drop, which also lowers the expected count of later phases).
// token receives the word as the arrival found it.
constexpr Outcome arrive(uint64_t &word, uint32_t count, bool drop, uint64_t &token) {
  if (count < 1 || count > kMaxCount)
    return Outcome::CountOutOfRange;
  Fields f = unpack(word);
  if (count > f.pending || (drop && count > f.expected))
    return Outcome::TooManyArrivals;
  token = word;
  f.pending -= count;
  if (drop)
    f.expected -= count;
  completeIfDone(f);
  word = pack(f);
  return Outcome::Ok;
}

// test_wait/try_wait with a state token: whether the token's phase has completed. The ISA allows
// only tokens of the current or the immediately preceding phase, so the parity tells them apart.
constexpr bool tokenPhaseComplete(uint64_t word, uint64_t token) {
  return (word >> 63) != (token >> 63);
}

// test_wait/try_wait.parity: whether the phase of that parity (the current or the immediately
// preceding one) has completed, that is, the current phase has the other parity.
constexpr bool parityPhaseComplete(uint64_t word, uint32_t parity) {
  return (word >> 63) != (parity & 1);
}

// mbarrier.pending_count of a state token.
constexpr uint32_t pendingCount(uint64_t token) { return unpack(token).pending; }

} // namespace qiao::ptx::mbarrier
