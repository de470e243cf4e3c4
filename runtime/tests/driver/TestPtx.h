// The little the test driver reads from PTX text: kernels with their parameter layout and
// resource use, and module-scope .global variables. It runs no code.
#pragma once

#include <qiao/driver.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace qiao::testdriver {

struct PtxKernel {
  std::string name;
  std::vector<qiaoDrvParamInfo> params;
  uint32_t paramBytes = 0;
  int maxThreads = 1024; // .maxntid, else the device limit
  int registers = 0;     // from the .reg declarations: 32-bit registers
  uint64_t sharedBytes = 0;
};

struct PtxSummary {
  std::map<std::string, PtxKernel> kernels;
  std::map<std::string, uint64_t> globals; // name -> bytes
};

// False (with a one-line reason in `error`) when the text is not PTX.
bool summarizePtx(const std::string &text, PtxSummary &summary, std::string &error);

} // namespace qiao::testdriver
