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
//                  --use_fast_math, -rdc=true), translated otherwise (-Xcompiler A,B -> A B,
//                  -x cu -> -x c++, -dc -> -c): NvccFlags.cpp
//   -isystem       Qiao's headers are system headers: C++17 extensions they use in C++14 mode
//                  and their own warnings stay out of the program's diagnostics
//   linking        -L<lib> -lqiao -Wl,-rpath,<lib>, lib = <bin>/../lib when it holds libqiao.so
//   --qiao-verbose prints the command before running it
// The exit status is the compiler's.
#include "NvccFlags.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Options {
  std::vector<std::string> passed; // the user's arguments, .cu inputs wrapped in -x c++
  bool verbose = false;
  bool links = true;   // no -c, -S, -E, -M, -MM
  bool hasStd = false; // a -std= was given
  bool hasInput = false;
};

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
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--qiao-verbose") {
      o.verbose = true;
      continue;
    }
    const qiao_cxx::NvccFlag nvcc =
        qiao_cxx::translateNvccFlag(arg, i + 1 < argc ? argv[i + 1] : std::string_view());
    if (nvcc.recognised) {
      if (nvcc.consumesNext)
        ++i;
      for (const std::string &flag : nvcc.replacement) {
        o.links = o.links && flag != "-c";
        o.hasStd = o.hasStd || flag.starts_with("-std=");
        o.passed.push_back(flag);
      }
      continue;
    }
    if (arg == "-c" || arg == "-S" || arg == "-E" || arg == "-M" || arg == "-MM" ||
        arg == "-fsyntax-only")
      o.links = false;
    if (arg.starts_with("-std="))
      o.hasStd = true;
    if (takesValue(arg) && i + 1 < argc) {
      o.passed.emplace_back(arg);
      o.passed.emplace_back(argv[++i]);
      continue;
    }
    if (!arg.empty() && arg[0] != '-') {
      o.hasInput = true;
      if (endsWith(arg, ".cu")) {
        o.passed.insert(o.passed.end(), {"-x", "c++", std::string(arg), "-x", "none"});
        continue;
      }
    }
    o.passed.emplace_back(arg);
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

std::string quoted(const std::string &arg) {
  if (arg.find_first_of(" \t\"'\\$") == std::string::npos && !arg.empty())
    return arg;
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  const char *fromEnv = std::getenv("QIAO_CXX");
  const std::string compiler = fromEnv && *fromEnv ? fromEnv : "c++";
  const fs::path bin = binaryDir();

  std::vector<std::string> command{compiler};
  if (!o.hasStd)
    command.emplace_back("-std=c++20");
  command.emplace_back("-isystem");
  command.push_back(headersDir(bin).string());
  command.emplace_back("-pthread");
  // What nvcc's __CUDACC__ says of CUDA source, __QIAOCC__ says of Qiao source (qiao-translate
  // rewrites the one to the other).
  command.emplace_back("-D__QIAOCC__=1");
  command.insert(command.end(), o.passed.begin(), o.passed.end());
  if (o.links && o.hasInput) {
    const std::string lib = libraryDir(bin).string();
    command.insert(command.end(), {"-L" + lib, "-lqiao", "-Wl,-rpath," + lib});
  }

  if (o.verbose) {
    std::string line;
    for (const std::string &arg : command)
      line += (line.empty() ? "" : " ") + quoted(arg);
    std::fprintf(stderr, "%s\n", line.c_str());
  }

  std::vector<char *> args;
  for (std::string &arg : command)
    args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t child = fork();
  if (child < 0) {
    std::perror("qiao-c++: fork");
    return 1;
  }
  if (child == 0) {
    execvp(args[0], args.data());
    std::fprintf(stderr, "qiao-c++: cannot run %s\n", args[0]);
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR)
      return 1;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
