// The PoCL column when CMake found no OpenCL at configure time: the benchmark runs without it.
#include "KernelEngine.h"

namespace qiao::bench {

std::unique_ptr<KernelEngine> makeOpenClEngine(std::string &why) {
  why = "built without OpenCL (not found at configure time: install ocl-icd-opencl-dev and "
        "pocl-opencl-icd, then reconfigure)";
  return nullptr;
}

std::string openClDescription() {
  std::string why;
  makeOpenClEngine(why);
  return why;
}

} // namespace qiao::bench
