// What every sample's host driver needs: read the PTX nvcc made at build time, and stop with the
// error's name when a Qiao call fails.
#pragma once

#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

// Exits with the failing call and qiaoGetErrorName, as a sample should: fail loudly, not on.
#define SAMPLE_CHECK(call)                                                                         \
  do {                                                                                             \
    qiaoError_t sampleError = (call);                                                              \
    if (sampleError != qiaoSuccess) {                                                              \
      std::fprintf(stderr, "%s:%d: %s failed: %s (%s)\n", __FILE__, __LINE__, #call,               \
                   qiaoGetErrorName(sampleError), qiaoGetErrorString(sampleError));                \
      std::exit(1);                                                                                \
    }                                                                                              \
  } while (0)

// The PTX named on the command line, or the one built beside the sample.
inline std::string loadSamplePtx(int argc, char **argv, const char *builtPath) {
  const char *path = argc > 1 ? argv[1] : builtPath;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read PTX file %s\n", path);
    std::exit(1);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
