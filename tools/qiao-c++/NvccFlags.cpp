#include "NvccFlags.h"

namespace qiao_cxx {

namespace {

enum class Action {
  Drop,          // device code generation only: -arch=sm_80, -lineinfo, --use_fast_math
  DropWithValue, // the same, its value in the next argument: -gencode arch=...,code=...
  Split,         // host compiler options, comma separated: -Xcompiler -fopenmp,-O3
};

struct Rule {
  std::string_view spelling;
  Action action;
  bool prefix; // also `spelling=value` / `spellingvalue`
};

// nvcc's spellings (long and short). --use_fast_math is dropped, not -ffast-math: CUDA's fast
// math touches device intrinsics only, while -ffast-math would change host IEEE semantics too.
constexpr Rule kRules[] = {
    {"-arch", Action::DropWithValue, false},
    {"-arch=", Action::Drop, true},
    {"--gpu-architecture", Action::DropWithValue, false},
    {"--gpu-architecture=", Action::Drop, true},
    {"-code", Action::DropWithValue, false},
    {"-code=", Action::Drop, true},
    {"--gpu-code", Action::DropWithValue, false},
    {"--gpu-code=", Action::Drop, true},
    {"-gencode", Action::DropWithValue, false},
    {"-gencode=", Action::Drop, true},
    {"--generate-code", Action::DropWithValue, false},
    {"--generate-code=", Action::Drop, true},
    {"-Xptxas", Action::DropWithValue, false},
    {"-Xptxas=", Action::Drop, true},
    {"--ptxas-options", Action::DropWithValue, false},
    {"--ptxas-options=", Action::Drop, true},
    {"-Xcudafe", Action::DropWithValue, false},
    {"-Xcudafe=", Action::Drop, true},
    {"-maxrregcount", Action::DropWithValue, false},
    {"-maxrregcount=", Action::Drop, true},
    {"--maxrregcount", Action::DropWithValue, false},
    {"--maxrregcount=", Action::Drop, true},
    {"-ccbin", Action::DropWithValue, false},
    {"--compiler-bindir", Action::DropWithValue, false},
    {"--compiler-bindir=", Action::Drop, true},
    {"-cudart", Action::DropWithValue, false},
    {"--cudart", Action::DropWithValue, false},
    {"--cudart=", Action::Drop, true},
    {"-cudart=", Action::Drop, true},
    {"--default-stream", Action::DropWithValue, false},
    {"--default-stream=", Action::Drop, true},
    {"-default-stream", Action::DropWithValue, false},
    {"-rdc", Action::DropWithValue, false},
    {"-rdc=", Action::Drop, true},
    {"--relocatable-device-code", Action::DropWithValue, false},
    {"--relocatable-device-code=", Action::Drop, true},
    {"--diag-suppress=", Action::Drop, true},
    {"-diag-suppress=", Action::Drop, true},
    {"-use_fast_math", Action::Drop, false},
    {"--use_fast_math", Action::Drop, false},
    {"-lineinfo", Action::Drop, false},
    {"--generate-line-info", Action::Drop, false},
    {"-G", Action::Drop, false},
    {"--device-debug", Action::Drop, false},
    {"--expt-relaxed-constexpr", Action::Drop, false},
    {"-expt-relaxed-constexpr", Action::Drop, false},
    {"--expt-extended-lambda", Action::Drop, false},
    {"-expt-extended-lambda", Action::Drop, false},
    {"--extended-lambda", Action::Drop, false},
    {"-extended-lambda", Action::Drop, false},
    {"-Wno-deprecated-gpu-targets", Action::Drop, false},
    {"--Wno-deprecated-gpu-targets", Action::Drop, false},
    {"-res-usage", Action::Drop, false},
    {"--resource-usage", Action::Drop, false},
    {"-lcudart", Action::Drop, false},
    {"-lcudart_static", Action::Drop, false},
    {"-lcudadevrt", Action::Drop, false},
    {"-Xcompiler", Action::Split, false},
    {"-Xcompiler=", Action::Split, true},
    {"--compiler-options", Action::Split, false},
    {"--compiler-options=", Action::Split, true},
};

std::vector<std::string> splitCommas(std::string_view list) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    std::size_t comma = list.find(',', at);
    if (comma == std::string_view::npos)
      comma = list.size();
    if (comma > at)
      out.emplace_back(list.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

} // namespace

NvccFlag translateNvccFlag(std::string_view arg, std::string_view next) {
  // Spellings that become another g++ flag.
  if (arg == "-dc" || arg == "--device-c")
    return {true, false, {"-c"}}; // separate compilation: host objects link as they are
  if (arg == "-x" && (next == "cu" || next == "cuda"))
    return {true, true, {"-x", "c++"}};
  if (arg.starts_with("--std="))
    return {true, false, {"-std=" + std::string(arg.substr(6))}};
  if ((arg == "--std" || arg == "-std") && !next.empty())
    return {true, true, {"-std=" + std::string(next)}};
  for (const Rule &rule : kRules) {
    const bool matches = rule.prefix ? arg.starts_with(rule.spelling) : arg == rule.spelling;
    if (!matches)
      continue;
    switch (rule.action) {
    case Action::Drop:
      return {true, false, {}};
    case Action::DropWithValue:
      return {true, true, {}};
    case Action::Split:
      if (rule.prefix)
        return {true, false, splitCommas(arg.substr(rule.spelling.size()))};
      return {true, true, splitCommas(next)};
    }
  }
  return {};
}

} // namespace qiao_cxx
