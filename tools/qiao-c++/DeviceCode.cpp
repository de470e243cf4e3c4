#include "DeviceCode.h"

#include "Process.h"

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace qiao_cxx {
namespace {

std::string readFile(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The functions a PTX module may call without defining them: the device runtime's own, which
// every PTX engine provides (nvcc's code calls them too).
bool deviceRuntimeFunction(const std::string &name) {
  static const std::set<std::string> known = {"vprintf", "__assertfail", "malloc", "free"};
  return known.count(name) != 0;
}

// Compiler-made globals (string literals, __func__) and libdevice's tables (__cudart_i2opi_f...),
// which no host code names.
bool compilerGlobal(const std::string &name) {
  return name.starts_with("$str") || name.starts_with("__cudart_") || name.starts_with("_$_") ||
         name.starts_with("__PRETTY_FUNCTION__") || name.starts_with("__func__") ||
         name.starts_with("__FUNCTION__");
}

// The first error clang reported, for --qiao-verbose.
std::string firstError(const fs::path &log) {
  std::istringstream lines(readFile(log));
  for (std::string line; std::getline(lines, line);)
    if (line.find("error:") != std::string::npos)
      return line;
  return "the device compiler failed";
}

// clang's options for nvcc's device floating-point flags. The NVPTX backend's own options give
// division and square root nvcc's approximations (div.approx, sqrt.approx) without -ffast-math,
// whose no-NaN and no-infinity assumptions nvcc's fast math does not make.
std::vector<std::string> mathOptions(const DeviceMathFlags &math) {
  std::vector<std::string> options;
  if (math.fastMath)
    options.emplace_back("-fgpu-approx-transcendentals"); // expf as __expf, as nvcc's fast math
  if (math.flushesDenormals())
    options.emplace_back("-fgpu-flush-denormals-to-zero");
  if (!math.preciseDivision())
    options.insert(options.end(), {"-mllvm", "-nvptx-prec-divf32=0"});
  if (!math.preciseSqrt())
    options.insert(options.end(), {"-mllvm", "-nvptx-prec-sqrtf32=0"});
  options.emplace_back(math.contracts() ? "-ffp-contract=fast" : "-ffp-contract=off");
  return options;
}

// A function of ptx from which calls lead round a cycle, or "". Recursion stays
// host-compiled: nvcc's PTX inlines a level of a recursive function (half the frames) and clang's
// does not, so a stack limit a program sized for nvcc's code (cudaLimitStackSize) overflows.
std::string recursiveFunction(const std::string &ptx) {
  static const std::regex header(R"((?:\.func|\.entry)\s+(?:\([^)]*\)\s*)?([A-Za-z_$%][\w$]*))");
  static const std::regex call(R"(\bcall(?:\.uni)?\s+(?:\([^)]*\)\s*,\s*)?([A-Za-z_$%][\w$]*))");
  std::map<std::string, std::set<std::string>> calls;
  std::string current;
  int depth = 0;
  std::istringstream lines(ptx);
  std::string pending; // a call's text until its callee's name
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (depth == 0 && std::regex_search(line, match, header))
      current = match[1];
    if (!current.empty() && depth > 0) {
      pending =
          pending.empty() && line.find("call") == std::string::npos ? "" : pending + line + " ";
      if (std::regex_search(pending, match, call)) {
        calls[current].insert(match[1]);
        pending.clear();
      }
    }
    for (char c : line)
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth == 0 && line.find('}') != std::string::npos)
      current.clear(), pending.clear();
  }
  // Depth-first search for a cycle.
  std::map<std::string, int> state; // 1: on the path, 2: done
  std::function<bool(const std::string &)> cycles = [&](const std::string &f) {
    state[f] = 1;
    for (const std::string &callee : calls[f])
      if (state[callee] == 1 || (state[callee] == 0 && cycles(callee)))
        return true;
    state[f] = 2;
    return false;
  };
  for (const auto &[function, callees] : calls)
    if (state[function] == 0 && cycles(function))
      return function;
  return {};
}

} // namespace

bool mayDefineKernels(const fs::path &source) {
  const std::string text = readFile(source);
  return text.find("__global__") != std::string::npos ||
         text.find("qiao/device.h") != std::string::npos;
}

bool shapesSource(const std::string &arg, bool &takesNext) {
  static const char *const kWithValue[] = {"-I",       "-D",      "-U",       "-include",
                                           "-isystem", "-iquote", "-imacros", "-idirafter"};
  takesNext = false;
  for (const char *option : kWithValue) {
    if (arg == option) {
      takesNext = true;
      return true;
    }
    if (arg.starts_with(option) && std::string(option).size() == 2)
      return true; // -Ipath, -DNAME=value
  }
  return arg.starts_with("-std=");
}

std::string registrationHeader(const std::string &ptx, std::string &why) {
  static const std::regex entry(R"(^\s*(?:\.visible\s+|\.weak\s+)?\.entry\s+([A-Za-z_$%][\w$]*))");
  static const std::regex variable(
      R"(^\s*(\.visible\s+|\.weak\s+|\.extern\s+)?\.(?:global|const)\s+(?:\.\w+\s+|\d+\s+)*([A-Za-z_$%][\w$]*))");
  static const std::regex externFunction(R"(^\s*\.extern\s+\.func\s+(?:\([^)]*\)\s*)?([\w$]+))");
  std::vector<std::string> entries, variables;
  std::istringstream lines(ptx);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, entry)) {
      entries.push_back(match[1]);
    } else if (std::regex_search(line, match, variable) && !compilerGlobal(match[2])) {
      // Defined elsewhere (relocatable device code) or managed (one copy the host reads
      // directly, which the host-compiled program keeps as a host global): not this unit's.
      if (match[1] == ".extern " || line.find(".managed") != std::string::npos) {
        why = "its device code has the " +
              std::string(match[1] == ".extern " ? "extern" : "managed") + " variable " +
              std::string(match[2]);
        return {};
      }
      variables.push_back(match[2]);
    } else if (std::regex_search(line, match, externFunction) && !deviceRuntimeFunction(match[1])) {
      why = "its device code calls " + std::string(match[1]) + ", which has no device definition";
      return {};
    }
  }
  if (entries.empty()) {
    why = "no kernels";
    return {};
  }
  if (std::string recursive = recursiveFunction(ptx); !recursive.empty()) {
    why = "its device code recurses (calls from " + recursive +
          " come back round), with deeper "
          "frames than nvcc's";
    return {};
  }
  if (ptx.find(")qiaoptx\"") != std::string::npos) {
    why = "its PTX cannot be embedded as a raw string";
    return {};
  }
  std::string h;
  h +=
      "// Generated by qiao-c++: this unit's device code (PTX compiled by clang), its kernels and\n"
      "// variables, registered with libqiao before main (DeviceCode.h in qiao-c++).\n"
      "#include <qiao/qiao_runtime.h>\n"
      "#if defined(__GNUC__) && !defined(__clang__)\n"
      "#pragma GCC diagnostic ignored \"-Wattribute-alias\"\n"
      "#endif\n"
      "namespace {\n";
  for (size_t i = 0; i < entries.size(); ++i)
    h += "void qiaoDeviceKernel" + std::to_string(i) + "() __attribute__((weakref(\"" + entries[i] +
         "\")));\n";
  for (size_t i = 0; i < variables.size(); ++i)
    h += "extern char qiaoDeviceVariable" + std::to_string(i) + " __attribute__((weakref(\"" +
         variables[i] + "\")));\n";
  h += "const char qiaoDevicePtx[] = R\"qiaoptx(" + ptx + ")qiaoptx\";\n";
  h += "const qiaoDeviceCodeSymbol qiaoDeviceSymbols[] = {\n";
  for (size_t i = 0; i < entries.size(); ++i)
    h += "    {reinterpret_cast<const void *>(&qiaoDeviceKernel" + std::to_string(i) + "), \"" +
         entries[i] + "\", qiaoDeviceCodeKernel},\n";
  for (size_t i = 0; i < variables.size(); ++i)
    h += "    {&qiaoDeviceVariable" + std::to_string(i) + ", \"" + variables[i] +
         "\", qiaoDeviceCodeVariable},\n";
  h += "};\n"
       "[[maybe_unused]] const bool qiaoDeviceCodeRegistered =\n"
       "    (qiaoRegisterDeviceCode(qiaoDevicePtx, qiaoDeviceSymbols,\n"
       "                            sizeof qiaoDeviceSymbols / sizeof *qiaoDeviceSymbols),\n"
       "     true);\n"
       "} // namespace\n";
  return h;
}

std::string hostUnitHeader() {
  return "// Generated by qiao-c++: this unit's kernels stay host-compiled. Registered so that no\n"
         "// other unit's device code keeps its own copy of a __device__ variable they may share\n"
         "// (DeviceCode.h in qiao-c++).\n"
         "#include <qiao/qiao_runtime.h>\n"
         "namespace {\n"
         "[[maybe_unused]] const bool qiaoHostUnitRegistered =\n"
         "    (qiaoRegisterDeviceCode(nullptr, nullptr, 0), true);\n"
         "} // namespace\n";
}

DevicePassResult DevicePass::compile(const fs::path &source, const fs::path &workDir,
                                     int unit) const {
  DevicePassResult result;
  const fs::path ptxPath = workDir / ("unit" + std::to_string(unit) + ".ptx");
  const fs::path logPath = workDir / ("unit" + std::to_string(unit) + ".log");
  // Not -fcuda-short-ptr: it makes constant addresses 32-bit too (`mov.u32 %r, table`), which
  // the emulated device's constant window does not fit.
  // -D__host__/__device__: clang's wrappers of <algorithm>, <cmath> and <new> (on its include
  // path even with -nocudainc) spell their overloads with them; qiao/device.h defines both alike.
  std::vector<std::string> command{compiler,
                                   "-x",
                                   "cuda",
                                   "--cuda-device-only",
                                   "--cuda-gpu-arch=" + arch,
                                   "-nocudainc",
                                   "-nocudalib",
                                   "-S",
                                   "-O3",
                                   "-w",
                                   standard,
                                   "-isystem",
                                   headers.string(),
                                   "-include",
                                   (headers / "qiao" / "device_prelude.h").string(),
                                   "-D__QIAOCC__=1",
                                   "-D__host__=__attribute__((host))",
                                   "-D__device__=__attribute__((device))"};
  // libdevice as clang's CUDA mode links it (only the functions the unit calls, internalised),
  // named here rather than found by clang, whose search wants a whole toolkit of a known version.
  if (!libdevice.empty())
    command.insert(command.end(), {"-DQIAO_LIBDEVICE=1", "-Xclang", "-mlink-builtin-bitcode",
                                   "-Xclang", libdevice.string()});
  // Partial unrolling at clang's default cost threshold (300) rather than the NVPTX target's
  // quarter of it, which assumes ptxas unrolls further: the emulated device's compiler takes the
  // PTX's loops as they are. It unrolls small constant-trip loops as nvcc's PTX does (n-body's
  // inner loop 8 times, not twice) and leaves larger ones alone.
  command.insert(command.end(), {"-mllvm", "-unroll-partial-threshold=300"});
  const std::vector<std::string> math = mathOptions(this->math);
  command.insert(command.end(), math.begin(), math.end());
  command.insert(command.end(), sourceFlags.begin(), sourceFlags.end());
  command.insert(command.end(), {source.string(), "-o", ptxPath.string()});
  if (verbose)
    std::fprintf(stderr, "%s\n", shellLine(command).c_str());
  const int status = run(command, logPath.string());
  std::string header;
  if (status == 127)
    result.why = compiler + " cannot be run";
  else if (status != 0 && libdevice.empty())
    result.why = firstError(logPath) +
                 " (no libdevice: the CUDA Math API beyond PTX's instructions needs a CUDA "
                 "toolkit's nvvm/libdevice/libdevice.10.bc; see QIAO_LIBDEVICE)";
  else if (status != 0)
    result.why = firstError(logPath);
  else
    header = registrationHeader(readFile(ptxPath), result.why);
  if (header.empty() && result.why == "no kernels")
    return result;
  if (header.empty())
    header = hostUnitHeader(); // kernels that may use another unit's variables
  const fs::path headerPath = workDir / ("unit" + std::to_string(unit) + ".h");
  std::ofstream(headerPath, std::ios::binary) << header;
  result.header = headerPath;
  return result;
}

} // namespace qiao_cxx
