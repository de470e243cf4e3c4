// Shared by the timed programs (timed_*.cu): what a user's own benchmark does around its host
// loop. Each program times its kernel launches and the same arithmetic as a plain C++ loop (one
// thread) in the same process and prints one line a script can read:
//   timed NAME: first launch X ms, device Y ms, plain loop Z ms, device/plain R
// bench/run_programs.py runs them at full size under qiao-run; CTest runs them small.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

inline double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// argv[index] as a positive count, or fallback.
inline unsigned long countArgument(int argc, char **argv, int index, unsigned long fallback) {
  if (argc <= index)
    return fallback;
  unsigned long value = std::strtoul(argv[index], nullptr, 10);
  return value ? value : fallback;
}

// Keeps the compiler from dropping a plain loop whose results nothing reads.
inline void keep(const void *p) { asm volatile("" : : "g"(p) : "memory"); }

inline void reportTimes(const char *name, double firstMs, double deviceMs, double plainMs) {
  std::printf("timed %s: first launch %.3f ms, device %.3f ms, plain loop %.3f ms, "
              "device/plain %.3f\n",
              name, firstMs, deviceMs, plainMs, deviceMs / plainMs);
}
