// Helpers every exec function uses: iterating the lanes of a mask and moving typed values in and
// out of the 64-bit register cells (a cell holds its value's bits, zero-extended).
#pragma once

#include "Ir.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace qiao::ptx {

// Calls f(lane) for each lane set in mask, lowest first. The full mask takes a plain counted loop
// the compiler can unroll and vectorise: that is the common case.
template <class F> inline void forEachLane(LaneMask mask, F &&f) {
  if (mask == kFullMask) {
    for (int lane = 0; lane < kWarpSize; ++lane)
      f(lane);
    return;
  }
  while (mask) {
    int lane = std::countr_zero(mask);
    mask &= mask - 1;
    f(lane);
  }
}

// The value of type T held in a register cell.
template <class T> inline T cellGet(uint64_t cell) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8);
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<float>(static_cast<uint32_t>(cell));
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(cell);
  } else {
    return static_cast<T>(cell); // integers: truncation keeps the low bits
  }
}

// The cell that holds value v of type T: its bits, zero-extended to 64.
template <class T> inline uint64_t cellPut(T v) {
  static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= 8);
  if constexpr (std::is_same_v<T, float>) {
    return std::bit_cast<uint32_t>(v);
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<uint64_t>(v);
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? 1u : 0u;
  } else {
    using U = std::make_unsigned_t<T>;
    return static_cast<uint64_t>(static_cast<U>(v));
  }
}

// Keeps the low `bytes` bytes of a cell (writes to narrow registers).
inline uint64_t cellTruncate(uint64_t cell, uint32_t bytes) {
  return bytes >= 8 ? cell : (cell & ((uint64_t{1} << (bytes * 8)) - 1));
}

} // namespace qiao::ptx
