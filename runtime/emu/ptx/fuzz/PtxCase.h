// One fuzz case: load PTX text through the engine as the driver does, and run each kernel that
// loads on a small grid in a child process under a time limit. The engine's contract for any
// input: a module or qiaoErrorInvalidPtx / qiaoErrorUnsupportedPtxVersion, never a crash or a
// hang; a kernel that loads ends with success or a reported fault, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace qiao::ptx::fuzz {

enum class Outcome : uint8_t {
  Rejected,      // the load failed with an allowed code
  Loaded,        // loaded; no kernel was run
  Ran,           // loaded, and every kernel run ended (success or a reported fault)
  TimedOut,      // loaded; a kernel ran past the time limit (an endless loop is valid PTX)
  ContractBroken // a wrong error code, or a kernel run that crashed: the details say which
};

struct CaseResult {
  Outcome outcome = Outcome::Rejected;
  std::string details; // the load error, or what broke the contract
};

struct CaseOptions {
  bool launch = false;         // run the kernels that load
  uint32_t launchMillis = 200; // per kernel, in a child process
};

CaseResult runCase(std::string_view ptx, const CaseOptions &options);

} // namespace qiao::ptx::fuzz
