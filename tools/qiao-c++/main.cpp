// qiao-c++: compiles Qiao source (CUDA translated by qiao-translate) with the host C++ compiler
// for the emulated device, as hipcc or mpicxx wrap theirs. g++-style arguments pass through; the
// driver adds the C++ standard, Qiao's headers, and (when linking) libqiao.
//
//   compiler       $QIAO_CXX, else `c++` from PATH
//   -std=c++20     unless the arguments name a -std
//   -isystem<hdrs> <bin>/../../headers (the source tree beside build/bin), <bin>/../include (an
//                  installed tree), else the source tree this binary was built from
//   -pthread       always (kernels run on the device's threads)
//   -D__QIAOCC__=1 always (translated `#ifdef __CUDACC__` tests)
//   .cu inputs     compiled as C++ (-x c++ ... -x none)
//   nvcc's flags   dropped where they concern NVIDIA's device code (-arch, -gencode, -lineinfo,
//                  -rdc=true), the device pass's where they are its floating-point options
//                  (--use_fast_math, --ftz, --prec-div, --prec-sqrt, --fmad), translated otherwise
//                  (-Xcompiler A,B -> A B, -x cu -> -x c++, -dc -> -c): NvccFlags.cpp
//   -isystem       Qiao's headers are system headers: C++17 extensions they use in C++14 mode
//                  and their own warnings stay out of the program's diagnostics
//   linking        -L<lib> -lqiao -Wl,-rpath,<lib>, lib = <bin>/../lib when it holds libqiao.so
//   --qiao-verbose prints each command before running it
//   --qiao-device-code=ptx|host
//                  ptx (the default): each C++ source that may define kernels is also compiled
//                  for the device, to PTX, by clang++-19 ($QIAO_DEVICE_CXX), embedded in its
//                  object and registered with libqiao, so that its kernels run through the
//                  device's module path (the PTX engine: the JIT, QIAO_EXEC) instead of as host
//                  code (DeviceCode.h). The CUDA Math API there is libdevice's, as nvcc's, where
//                  a CUDA toolkit provides it (Libdevice.h). A source whose device side does not
//                  compile (or with no clang) keeps host-compiled kernels, as host does for every
//                  source; the reason is printed under --qiao-verbose. Compiling to an object or
//                  linking only: -S, -E and -M output is the host compiler's alone.
// The exit status is the compiler's.
#include "DeviceCode.h"
#include "Libdevice.h"
#include "NvccFlags.h"
#include "Process.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

// One of the user's arguments (with its value, when it takes one) as the compiler gets it.
struct Arg {
  enum Kind { Flag, Source, Input, Output, CompileOnly, LinkOnly };
  Kind kind = Flag;
  std::vector<std::string> tokens; // a .cu source: -x c++ FILE -x none
  std::string path;                // Source, Output
};

struct Options {
  std::vector<Arg> passed;
  bool verbose = false;
  bool deviceCode = true; // --qiao-device-code=ptx
  bool links = true;      // no -c, -S, -E, -M, -MM
  bool objects = true;    // no -S, -E, -M, -MM, -fsyntax-only: the compile makes objects
  bool hasStd = false;    // a -std= was given
  std::string standard = "-std=c++20";
  bool hasInput = false;
  bool bad = false;
  qiao_cxx::DeviceMathFlags math; // the device pass's
};

bool isCxxSource(std::string_view arg) {
  for (std::string_view suffix : {".cu", ".cpp", ".cc", ".cxx", ".C", ".c++", ".cp", ".CPP"})
    if (arg.size() > suffix.size() && arg.substr(arg.size() - suffix.size()) == suffix)
      return true;
  return false;
}

// Options whose value is the next argument (g++'s spelling).
bool takesValue(std::string_view arg) {
  static const char *const kWithValue[] = {
      "-o",       "-I",         "-D",       "-U",       "-L",         "-l",
      "-x",       "-include",   "-isystem", "-MF",      "-MT",        "-MQ",
      "-Xlinker", "-idirafter", "-iquote",  "-imacros", "-Xassembler"};
  for (const char *option : kWithValue)
    if (arg == option)
      return true;
  return false;
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Options parse(int argc, char **argv) {
  Options o;
  auto flag = [&](std::vector<std::string> tokens, Arg::Kind kind = Arg::Flag) {
    o.passed.push_back(Arg{kind, std::move(tokens), {}});
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--qiao-verbose") {
      o.verbose = true;
      continue;
    }
    if (arg.starts_with("--qiao-device-code=")) {
      const std::string_view mode = arg.substr(arg.find('=') + 1);
      if (mode != "ptx" && mode != "host") {
        std::fprintf(stderr, "qiao-c++: --qiao-device-code takes ptx or host, not '%.*s'\n",
                     int(mode.size()), mode.data());
        o.bad = true;
      }
      o.deviceCode = mode == "ptx";
      continue;
    }
    const int mathTaken =
        qiao_cxx::readDeviceMathFlag(arg, i + 1 < argc ? argv[i + 1] : "", o.math);
    if (mathTaken < 0) {
      std::fprintf(stderr, "qiao-c++: %s takes true or false\n", argv[i]);
      o.bad = true;
    }
    if (mathTaken != 0) {
      i += mathTaken > 1 ? 1 : 0;
      continue;
    }
    const qiao_cxx::NvccFlag nvcc =
        qiao_cxx::translateNvccFlag(arg, i + 1 < argc ? argv[i + 1] : std::string_view());
    if (nvcc.recognised) {
      if (nvcc.consumesNext)
        ++i;
      for (const std::string &replacement : nvcc.replacement) {
        const bool compileOnly = replacement == "-c";
        o.links = o.links && !compileOnly;
        if (replacement.starts_with("-std="))
          o.hasStd = true, o.standard = replacement;
        flag({replacement}, compileOnly ? Arg::CompileOnly : Arg::Flag);
      }
      continue;
    }
    if (arg == "-c" || arg == "-S" || arg == "-E" || arg == "-M" || arg == "-MM" ||
        arg == "-fsyntax-only")
      o.links = false;
    if (arg == "-S" || arg == "-E" || arg == "-M" || arg == "-MM" || arg == "-fsyntax-only")
      o.objects = false;
    if (arg.starts_with("-std="))
      o.hasStd = true, o.standard = std::string(arg);
    if (arg == "-o" && i + 1 < argc) {
      o.passed.push_back(Arg{Arg::Output, {"-o", argv[i + 1]}, argv[i + 1]});
      ++i;
      continue;
    }
    if (takesValue(arg) && i + 1 < argc) {
      flag({std::string(arg), argv[++i]},
           arg == "-l" || arg == "-L" || arg == "-Xlinker" ? Arg::LinkOnly : Arg::Flag);
      continue;
    }
    if (!arg.empty() && arg[0] != '-') {
      o.hasInput = true;
      if (endsWith(arg, ".cu")) {
        o.passed.push_back(
            Arg{Arg::Source, {"-x", "c++", std::string(arg), "-x", "none"}, std::string(arg)});
        continue;
      }
      o.passed.push_back(
          Arg{isCxxSource(arg) ? Arg::Source : Arg::Input, {std::string(arg)}, std::string(arg)});
      continue;
    }
    if (arg == "-c")
      flag({"-c"}, Arg::CompileOnly);
    else if (arg.starts_with("-l") || arg.starts_with("-Wl,"))
      flag({std::string(arg)}, Arg::LinkOnly);
    else
      flag({std::string(arg)});
  }
  return o;
}

fs::path binaryDir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

fs::path headersDir(const fs::path &bin) {
  for (const fs::path &candidate : {bin / ".." / ".." / "headers", bin / ".." / "include"}) {
    std::error_code ec;
    if (fs::exists(candidate / "qiao" / "device.h", ec))
      return fs::weakly_canonical(candidate, ec);
  }
  return QIAO_SOURCE_HEADERS;
}

fs::path libraryDir(const fs::path &bin) {
  std::error_code ec;
  fs::path candidate = bin / ".." / "lib";
  if (fs::exists(candidate / "libqiao.so", ec))
    return fs::weakly_canonical(candidate, ec);
  return QIAO_BUILD_LIB;
}

// The compiler's command before the user's arguments.
std::vector<std::string> baseCommand(const Options &o, const fs::path &headers) {
  const char *fromEnv = std::getenv("QIAO_CXX");
  std::vector<std::string> command{fromEnv && *fromEnv ? fromEnv : "c++"};
  if (!o.hasStd)
    command.push_back(o.standard);
  command.insert(command.end(), {"-isystem", headers.string(), "-pthread"});
  // What nvcc's __CUDACC__ says of CUDA source, __QIAOCC__ says of Qiao source (qiao-translate
  // rewrites the one to the other).
  command.emplace_back("-D__QIAOCC__=1");
  return command;
}

int runVerbose(const Options &o, const std::vector<std::string> &command) {
  if (o.verbose)
    std::fprintf(stderr, "%s\n", qiao_cxx::shellLine(command).c_str());
  return qiao_cxx::run(command);
}

// The sources that may define kernels, each with its registration header (DevicePassResult);
// why a unit's kernels stay host-compiled is printed under --qiao-verbose.
std::vector<std::pair<size_t, fs::path>>
compileDeviceCode(const Options &o, const fs::path &headers, const fs::path &workDir) {
  qiao_cxx::DevicePass pass;
  const char *compiler = std::getenv("QIAO_DEVICE_CXX");
  pass.compiler = compiler && *compiler ? compiler : "clang++-19";
  pass.headers = headers;
  pass.standard = o.standard;
  pass.libdevice = qiao_cxx::findLibdevice();
  pass.math = o.math;
  pass.verbose = o.verbose;
  for (const Arg &arg : o.passed) {
    if (arg.kind != Arg::Flag)
      continue;
    for (size_t i = 0; i < arg.tokens.size(); ++i) {
      bool takesNext = false;
      if (qiao_cxx::shapesSource(arg.tokens[i], takesNext) && !arg.tokens[i].starts_with("-std=")) {
        pass.sourceFlags.push_back(arg.tokens[i]);
        if (takesNext && i + 1 < arg.tokens.size())
          pass.sourceFlags.push_back(arg.tokens[++i]);
      }
    }
  }
  std::vector<std::pair<size_t, fs::path>> compiled;
  int unit = 0;
  for (size_t i = 0; i < o.passed.size(); ++i) {
    const Arg &arg = o.passed[i];
    if (arg.kind != Arg::Source || !qiao_cxx::mayDefineKernels(arg.path))
      continue;
    qiao_cxx::DevicePassResult result = pass.compile(arg.path, workDir, unit++);
    if (result.header)
      compiled.emplace_back(i, *result.header);
    if (!result.why.empty() && o.verbose)
      std::fprintf(stderr, "qiao-c++: %s: kernels stay host-compiled: %s\n", arg.path.c_str(),
                   result.why.c_str());
  }
  return compiled;
}

// The object gcc names for `-c source` without -o: the source's stem in the working directory.
std::string defaultObject(const std::string &source) {
  return fs::path(source).stem().string() + ".o";
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  if (o.bad)
    return 2;
  const fs::path bin = binaryDir();
  const fs::path headers = headersDir(bin);
  const std::vector<std::string> base = baseCommand(o, headers);

  // The device pass, then each source with device code compiled on its own with its header
  // (-include applies to every source of a command): to where -c would put its object, or to a
  // temporary object that the link below takes instead of the source.
  fs::path workDir;
  std::vector<std::pair<size_t, fs::path>> deviceUnits;
  if (o.deviceCode && o.objects && o.hasInput) {
    std::string pattern = (fs::temp_directory_path() / "qiao-c++.XXXXXX").string();
    if (mkdtemp(pattern.data()))
      workDir = pattern;
    if (!workDir.empty())
      deviceUnits = compileDeviceCode(o, headers, workDir);
  }
  std::vector<bool> compiledApart(o.passed.size(), false);
  std::string output;
  for (const Arg &arg : o.passed)
    if (arg.kind == Arg::Output)
      output = arg.path;
  int status = 0;
  for (size_t unit = 0; unit < deviceUnits.size() && status == 0; ++unit) {
    const auto &[index, header] = deviceUnits[unit];
    const Arg &source = o.passed[index];
    std::vector<std::string> command = base;
    command.insert(command.end(), {"-include", header.string()});
    for (const Arg &arg : o.passed)
      if (arg.kind == Arg::Flag)
        command.insert(command.end(), arg.tokens.begin(), arg.tokens.end());
    command.emplace_back("-c");
    command.insert(command.end(), source.tokens.begin(), source.tokens.end());
    std::string object;
    if (o.links)
      object = (workDir / ("unit" + std::to_string(unit) + ".o")).string();
    else
      object = output.empty() ? defaultObject(source.path) : output;
    command.insert(command.end(), {"-o", object});
    status = runVerbose(o, command);
    compiledApart[index] = true;
    if (o.links)
      o.passed[index] = Arg{Arg::Input, {"-x", "none", object}, object}; // past a user's -x
  }

  // The rest as the user wrote it: host-compiled sources, objects, the link.
  bool sourcesLeft = false;
  for (size_t i = 0; i < o.passed.size(); ++i)
    sourcesLeft = sourcesLeft || (o.passed[i].kind == Arg::Source && !compiledApart[i]);
  if (status == 0 && (o.links || sourcesLeft || !o.hasInput)) {
    std::vector<std::string> command = base;
    for (size_t i = 0; i < o.passed.size(); ++i) {
      const Arg &arg = o.passed[i];
      if (compiledApart[i] && !o.links)
        continue;
      if (arg.kind == Arg::Output && !o.links && !deviceUnits.empty())
        continue; // it named the object compiled apart
      command.insert(command.end(), arg.tokens.begin(), arg.tokens.end());
    }
    if (o.links && o.hasInput) {
      const std::string lib = libraryDir(bin).string();
      command.insert(command.end(), {"-L" + lib, "-lqiao", "-Wl,-rpath," + lib});
    }
    status = runVerbose(o, command);
  }
  if (!workDir.empty()) {
    std::error_code ec;
    fs::remove_all(workDir, ec);
  }
  return status;
}
