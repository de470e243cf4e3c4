// One runtime-API fuzz case: a seeded sequence of calls with hostile arguments (ApiCalls.h),
// then everything the case made is destroyed and a sanity launch and copy must still work.
// The contract: no crash, no hang, every code one that CUDA documents for the call (capture
// codes while a stream captures), no sticky error, and a usable process afterwards.
#pragma once

#include <cstdint>
#include <string>

namespace qiao::apifuzz {

struct CaseResult {
  unsigned calls = 0;
  unsigned failed = 0; // calls that returned an error (allowed ones)
  std::string broken;  // what broke the contract; empty when nothing did
  std::string log;     // the calls made, one per line, with their codes
};

// `echo` writes each call to stderr before it runs (--verbose).
CaseResult runCase(std::uint64_t seed, std::uint64_t number, unsigned callsPerCase, bool echo);

} // namespace qiao::apifuzz
