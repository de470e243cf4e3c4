// The PTX nvcc makes of a CUDA source under tests/kernels/, for tests that run what real CUDA
// programs give the engine. A missing or failing nvcc fails the test rather than skipping it.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace qiao::ptx::test {

inline std::string nvccPtx(const std::string &name, const std::string &options = "-arch=sm_80") {
  namespace fs = std::filesystem;
  const fs::path source = fs::path(__FILE__).parent_path() / "kernels" / name;
  const fs::path out = fs::temp_directory_path() /
                       ("qiao-ptx-tests-" + std::to_string(getpid()) + "-" + name + ".ptx");
  const std::string command =
      "nvcc -ptx " + options + " -o '" + out.string() + "' '" + source.string() + "' 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) {
    ADD_FAILURE() << "cannot run: " << command;
    return {};
  }
  std::string output;
  char buffer[256];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) {
    ADD_FAILURE() << "nvcc failed (status " << status << "): " << command << "\n" << output;
    return {};
  }
  std::ifstream file(out);
  std::stringstream text;
  text << file.rdbuf();
  fs::remove(out);
  return text.str();
}

} // namespace qiao::ptx::test
