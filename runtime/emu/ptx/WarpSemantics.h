// Scalar semantics of the warp-level instructions (PTX ISA 9.0: 9.7.9.6 shfl.sync, 9.7.13.9
// vote.sync, 9.7.13.10 match.sync, 9.7.13.12 redux.sync, 9.7.13.14 elect.sync) as pure functions
// of lane numbers, masks and the values of the participating lanes. WarpOps.cpp runs them over a
// warp's register rows; the participants of an instruction are the lanes that execute it together
// and are in its membermask.
#pragma once

#include "Ir.h"

#include <bit>
#include <cstdint>
#include <type_traits>

namespace qiao::ptx {

// --- shfl.sync ----------------------------------------------------------------------------------

enum class ShflMode : uint8_t { Up, Down, Bfly, Idx };

struct ShflSource {
  int lane;   // the lane whose value is read (the reading lane itself when out of range)
  bool valid; // the optional predicate destination: the source lane was in range
};

// The source lane of `lane` for operand b (lane or offset) and c (bits 4:0 the clamp value, bits
// 12:8 the segment mask), as the ISA's pseudo-code computes it: the segment is the lanes that
// agree with `lane` on the mask bits, and the clamp bounds the reach within it.
constexpr ShflSource shflSource(ShflMode mode, int lane, uint32_t b, uint32_t c) {
  const int bval = static_cast<int>(b & 0x1f);
  const int cval = static_cast<int>(c & 0x1f);
  const int segmask = static_cast<int>((c >> 8) & 0x1f);
  const int maxLane = (lane & segmask) | (cval & ~segmask);
  const int minLane = lane & segmask;
  int j = lane;
  bool valid = false;
  switch (mode) {
  case ShflMode::Up:
    j = lane - bval;
    valid = j >= maxLane;
    break;
  case ShflMode::Down:
    j = lane + bval;
    valid = j <= maxLane;
    break;
  case ShflMode::Bfly:
    j = lane ^ bval;
    valid = j <= maxLane;
    break;
  case ShflMode::Idx:
    j = minLane | (bval & ~segmask);
    valid = j <= maxLane;
    break;
  }
  return {valid ? j : lane, valid};
}

// --- vote.sync ----------------------------------------------------------------------------------

enum class VoteMode : uint8_t { All, Any, Uni, Ballot };

// `participants`: the lanes taking part; `trueLanes`: those whose (possibly negated) predicate
// holds. All/Any/Uni give 0 or 1; Ballot gives the mask of participants whose predicate holds
// (a lane outside the membermask contributes 0).
constexpr uint32_t voteResult(VoteMode mode, LaneMask participants, LaneMask trueLanes) {
  const LaneMask yes = participants & trueLanes;
  switch (mode) {
  case VoteMode::All:
    return yes == participants;
  case VoteMode::Any:
    return yes != 0;
  case VoteMode::Uni:
    return yes == 0 || yes == participants;
  case VoteMode::Ballot:
    return yes;
  }
  return 0;
}

// --- match.sync ---------------------------------------------------------------------------------

// match.any: the participants whose value equals that of `lane`.
inline LaneMask matchAnyMask(const uint64_t *values, LaneMask participants, int lane) {
  LaneMask same = 0;
  for (LaneMask m = participants; m; m &= m - 1) {
    int other = std::countr_zero(m);
    if (values[other] == values[lane])
      same |= LaneMask{1} << other;
  }
  return same;
}

// match.all: true when every participant holds the same value (d is then the participants, else 0).
inline bool matchAllEqual(const uint64_t *values, LaneMask participants) {
  if (participants == 0)
    return true;
  const uint64_t first = values[std::countr_zero(participants)];
  for (LaneMask m = participants; m; m &= m - 1)
    if (values[std::countr_zero(m)] != first)
      return false;
  return true;
}

// --- redux.sync ---------------------------------------------------------------------------------

enum class ReduxOp : uint8_t { Add, Min, Max, And, Or, Xor };

// The reduction of the 32-bit values of the participants; Signed picks the order of min/max (add
// wraps around, so it is the same for both). No participants give 0 (all ones for and): the
// ISA leaves that case undefined, since the executing lane is always a participant.
template <ReduxOp Op, bool Signed>
inline uint32_t reduxResult(const uint64_t *values, LaneMask participants) {
  using T = std::conditional_t<Signed, int32_t, uint32_t>;
  bool first = true;
  T acc = Op == ReduxOp::And ? static_cast<T>(~uint32_t{0}) : T{0};
  for (LaneMask m = participants; m; m &= m - 1) {
    T v = static_cast<T>(static_cast<uint32_t>(values[std::countr_zero(m)]));
    if constexpr (Op == ReduxOp::Add)
      acc = static_cast<T>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(v));
    else if constexpr (Op == ReduxOp::Min)
      acc = first || v < acc ? v : acc;
    else if constexpr (Op == ReduxOp::Max)
      acc = first || v > acc ? v : acc;
    else if constexpr (Op == ReduxOp::And)
      acc &= v;
    else if constexpr (Op == ReduxOp::Or)
      acc |= v;
    else
      acc ^= v;
    first = false;
  }
  return static_cast<uint32_t>(acc);
}

// --- elect.sync ---------------------------------------------------------------------------------

// The leader: the lowest participating lane (deterministic, as the ISA requires); -1 when none.
constexpr int electLeader(LaneMask participants) {
  return participants ? std::countr_zero(participants) : -1;
}

} // namespace qiao::ptx
