// qiao-run PROGRAM [ARGS...]: runs PROGRAM with Qiao's libcudart.so.13 and libcuda.so.1 found
// before any NVIDIA library (LD_LIBRARY_PATH is searched before ld.so.conf, which is where
// NVIDIA's libraries are usually found), then becomes PROGRAM, so its exit code is ours.
// libcuda.so.1 is also preloaded: a program whose RPATH names a directory holding NVIDIA's
// driver (searched before LD_LIBRARY_PATH) still gets ours, since the dynamic loader and dlopen
// reuse a library already loaded under the same soname. (NVIDIA's static runtime dlopens
// libcuda.so.1; a shared NVIDIA libcudart found through such an RPATH then talks to ours too.)
// QIAO_LOG and every other variable pass through unchanged.
// --trace FILE adds the trace layer to the driver chain (QIAO_DRIVER=trace:...) and writes the
// program's timeline to FILE (QIAO_TRACE_FILE).
#include "LibraryPath.h"
#include "TraceOption.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace {

constexpr int kUsageError = 2;
constexpr int kNotFound = 127;    // as a shell reports a command it cannot find
constexpr int kNotRunnable = 126; // as a shell reports a command it cannot execute

void usage(std::FILE *to) {
  std::fprintf(to, "usage: qiao-run [--trace FILE] PROGRAM [ARGS...]\n"
                   "Runs an unmodified CUDA program on the Qiao device; exits with its exit code.\n"
                   "--trace FILE writes a timeline of the program's device work (Chrome trace\n"
                   "JSON: open it in ui.perfetto.dev or chrome://tracing).\n"
                   "QIAO_LOG=1 prints each CUDA call with its arguments and result.\n");
}

} // namespace

int main(int argc, char **argv) {
  int first = 1; // the program's position in argv
  if (argc > 1 && std::strcmp(argv[1], "--trace") == 0) {
    if (argc < 3) {
      std::fprintf(stderr, "qiao-run: --trace needs a file name\n");
      usage(stderr);
      return kUsageError;
    }
    std::string chain = qiao::run::withTraceLayer(std::getenv("QIAO_DRIVER"));
    if (setenv("QIAO_DRIVER", chain.c_str(), 1) != 0 ||
        setenv("QIAO_TRACE_FILE", argv[2], 1) != 0) {
      std::fprintf(stderr, "qiao-run: cannot set QIAO_DRIVER: %s\n", std::strerror(errno));
      return kNotRunnable;
    }
    first = 3;
  }
  if (argc <= first) {
    usage(stderr);
    return kUsageError;
  }
  if (std::strcmp(argv[first], "--help") == 0 || std::strcmp(argv[first], "-h") == 0) {
    usage(stdout);
    return 0;
  }
  auto libs = qiao::run::libraryDirectory();
  if (!libs) {
    std::fprintf(stderr, "qiao-run: cannot find its own location (/proc/self/exe): %s\n",
                 std::strerror(errno));
    return kNotRunnable;
  }
  std::string path = qiao::run::prependLibraryPath(*libs, std::getenv("LD_LIBRARY_PATH"));
  if (setenv("LD_LIBRARY_PATH", path.c_str(), 1) != 0) {
    std::fprintf(stderr, "qiao-run: cannot set LD_LIBRARY_PATH: %s\n", std::strerror(errno));
    return kNotRunnable;
  }
  const std::string driver = *libs + "/libcuda.so.1";
  std::string preload = qiao::run::prependLibraryPath(driver, std::getenv("LD_PRELOAD"));
  if (setenv("LD_PRELOAD", preload.c_str(), 1) != 0) {
    std::fprintf(stderr, "qiao-run: cannot set LD_PRELOAD: %s\n", std::strerror(errno));
    return kNotRunnable;
  }
  execvp(argv[first], argv + first);
  int error = errno;
  std::fprintf(stderr, "qiao-run: cannot run '%s': %s\n", argv[first], std::strerror(error));
  return error == ENOENT ? kNotFound : kNotRunnable;
}
