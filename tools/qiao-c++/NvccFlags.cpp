#include "NvccFlags.h"

namespace qiao_cxx {

namespace {

enum class Action {
  Drop,          // device code generation only: -arch=sm_80, -lineinfo
  DropWithValue, // the same, its value in the next argument: -gencode arch=...,code=...
  Split,         // host compiler options, comma separated: -Xcompiler -fopenmp,-O3
};

struct Rule {
  std::string_view spelling;
  Action action;
  bool prefix; // also `spelling=value` / `spellingvalue`
};

// nvcc's spellings (long and short). The floating-point ones (--use_fast_math...) are the device
// pass's: readDeviceMathFlag.
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

int readDeviceMathFlag(std::string_view arg, std::string_view next, DeviceMathFlags &flags) {
  if (arg == "--use_fast_math" || arg == "-use_fast_math") {
    flags.fastMath = true;
    return 1;
  }
  struct Option {
    std::string_view longName, shortName;
    std::optional<bool> DeviceMathFlags::*field;
  };
  static const Option kOptions[] = {{"--ftz", "-ftz", &DeviceMathFlags::ftz},
                                    {"--prec-div", "-prec-div", &DeviceMathFlags::precDiv},
                                    {"--prec-sqrt", "-prec-sqrt", &DeviceMathFlags::precSqrt},
                                    {"--fmad", "-fmad", &DeviceMathFlags::fmad}};
  for (const Option &option : kOptions) {
    for (std::string_view name : {option.longName, option.shortName}) {
      std::string_view value;
      int taken = 0;
      if (arg == name)
        value = next, taken = 2;
      else if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=')
        value = arg.substr(name.size() + 1), taken = 1;
      else
        continue;
      if (value != "true" && value != "false")
        return -1;
      flags.*option.field = value == "true";
      return taken;
    }
  }
  return 0;
}

} // namespace qiao_cxx
