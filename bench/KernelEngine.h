// One way of running a workload's kernel: the interpreter, the kernel compiler (both on Qiao's
// PTX engine), the translated host-compiled build (through libqiao) or PoCL. Every call returns ""
// on success, else what went wrong.
#pragma once

#include "KernelWorkload.h"

#include <memory>
#include <string>

namespace qiao::bench {

class KernelEngine {
public:
  virtual ~KernelEngine() = default;
  // Loads and compiles the workload's kernel and allocates its buffers. `compileMs` receives the
  // time spent compiling (0 where nothing is compiled ahead of the first launch).
  virtual std::string prepare(const Workload &workload, double &compileMs) = 0;
  // Gives every buffer its initial contents again.
  virtual std::string reset() = 0;
  // Runs the kernel over the grid once and waits for it.
  virtual std::string launch() = 0;
  virtual std::string read(size_t buffer, Bytes &out) = 0;
};

// Qiao's PTX engine on kernels/<file>.ptx; `jit` compiles the kernel with libqiao-jit.so first.
// Launches check memory as QIAO_MEMCHECK=1 does when `memcheck` is set, else as QIAO_MEMCHECK
// says.
std::unique_ptr<KernelEngine> makePtxEngine(bool jit, bool memcheck = false);

// The same kernels translated by qiao-translate and built as qiao-c++ builds them, run through
// libqiao (TranslatedEngine.cpp): with their device code as PTX (qiao-c++'s default), or
// hostCompiled (--qiao-device-code=host, threads as fibers); null, with `why`, when that library
// cannot load.
std::unique_ptr<KernelEngine> makeTranslatedEngine(bool hostCompiled, std::string &why);

// PoCL through the OpenCL ICD loader on kernels/<file>.cl; null, with `why`, when the build has
// no OpenCL or no OpenCL CPU device is present.
std::unique_ptr<KernelEngine> makeOpenClEngine(std::string &why);
// The OpenCL platform and device the engine runs on, for the benchmark's context lines.
std::string openClDescription();

} // namespace qiao::bench
