#include "TestPtx.h"

#include <regex>

namespace qiao::testdriver {
namespace {

uint32_t bytesOfType(const std::string &type) {
  if (type == "u64" || type == "s64" || type == "b64" || type == "f64")
    return 8;
  if (type == "u16" || type == "s16" || type == "b16" || type == "f16")
    return 2;
  if (type == "u8" || type == "s8" || type == "b8")
    return 1;
  return 4;
}

// Parameters: ".param .u64 name" or ".param .align A .b8 name[N]".
void readParams(const std::string &list, PtxKernel &kernel) {
  static const std::regex param(R"(\.param\s+(?:\.align\s+(\d+)\s+)?\.(\w+)\s+\w+(?:\[(\d+)\])?)");
  uint32_t offset = 0;
  for (std::sregex_iterator it(list.begin(), list.end(), param), end; it != end; ++it) {
    uint32_t element = bytesOfType((*it)[2]);
    uint32_t count = (*it)[3].matched ? std::stoul((*it)[3]) : 1;
    uint32_t align = (*it)[1].matched ? std::stoul((*it)[1]) : element;
    offset = (offset + align - 1) / align * align;
    kernel.params.push_back(qiaoDrvParamInfo{sizeof(qiaoDrvParamInfo), offset, element * count});
    offset += element * count;
  }
  kernel.paramBytes = offset;
}

void readBody(const std::string &body, PtxKernel &kernel) {
  static const std::regex reg(R"(\.reg\s+\.(\w+)\s+%\w+<(\d+)>)");
  for (std::sregex_iterator it(body.begin(), body.end(), reg), end; it != end; ++it) {
    std::string type = (*it)[1];
    if (type == "pred")
      continue;
    kernel.registers += std::stoi((*it)[2]) * (bytesOfType(type) == 8 ? 2 : 1);
  }
  static const std::regex shared(R"(\.shared\s+(?:\.align\s+\d+\s+)?\.(\w+)\s+\w+\[(\d+)\])");
  for (std::sregex_iterator it(body.begin(), body.end(), shared), end; it != end; ++it)
    kernel.sharedBytes += bytesOfType((*it)[1]) * std::stoull((*it)[2]);
}

} // namespace

bool summarizePtx(const std::string &text, PtxSummary &summary, std::string &error) {
  if (text.find(".version") == std::string::npos) {
    error = "line 1: expected .version";
    return false;
  }
  static const std::regex entry(R"(\.entry\s+(\w+)\s*\(([^)]*)\)\s*((?:\.maxntid\s+(\d+))?))");
  for (std::sregex_iterator it(text.begin(), text.end(), entry), end; it != end; ++it) {
    PtxKernel kernel;
    kernel.name = (*it)[1];
    readParams((*it)[2], kernel);
    if ((*it)[4].matched)
      kernel.maxThreads = std::stoi((*it)[4]);
    size_t open = text.find('{', it->position() + it->length());
    size_t close = text.find('}', open);
    if (open == std::string::npos || close == std::string::npos) {
      error = "kernel " + kernel.name + ": expected a body in braces";
      return false;
    }
    readBody(text.substr(open, close - open), kernel);
    summary.kernels[kernel.name] = kernel;
  }
  static const std::regex global(
      R"(\.global\s+(?:\.align\s+\d+\s+)?\.(\w+)\s+(\w+)(?:\[(\d+)\])?)");
  for (std::sregex_iterator it(text.begin(), text.end(), global), end; it != end; ++it) {
    uint64_t count = (*it)[3].matched ? std::stoull((*it)[3]) : 1;
    summary.globals[(*it)[2]] = bytesOfType((*it)[1]) * count;
  }
  return true;
}

} // namespace qiao::testdriver
