// The device pass of qiao-c++: a translation unit's kernels compiled to PTX with clang (CUDA
// mode, device only, with Qiao's headers in their device spelling, qiao/device_ptx.h), and the
// header that embeds the PTX in the unit's object and registers it with libqiao before main
// (qiaoRegisterDeviceCode), as nvcc's host code registers its fatbinary.
//
// A host kernel is matched to its PTX entry by name: clang's device-side name of a __global__
// function is the Itanium name the host compiler gives it (templates, namespaces, extern "C",
// static and anonymous-namespace kernels alike). The generated header, included first in the
// unit's host compile (-include), declares one weakref per entry, whose target is that name:
// the assembler resolves it to the unit's own definition, local or not, without changing the
// definition's linkage, and to null when the host compiler kept no such function (the entry
// is then not registered). weakref is GCC's and clang's; the host compiler must be one of them.
#pragma once

#include "NvccFlags.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace qiao_cxx {

// Whether source may define kernels: it names __global__ or includes qiao/device.h. A unit
// whose kernels come only from headers it reaches some other way stays host-compiled.
bool mayDefineKernels(const std::filesystem::path &source);

// The options of the user's command that shape what a unit's text means (-I, -D, -U, -include,
// -isystem, -iquote, -idirafter, -imacros, -std=), for the device pass to see the same text.
bool shapesSource(const std::string &arg, bool &takesNext);

struct DevicePassResult {
  // To -include in the host compile: the registration of the unit's device code, or, when its
  // kernels stay host-compiled (`why` says why), of the unit as one whose kernels may use
  // another unit's extern __device__ variables (qiaoRegisterDeviceCode keeps every unit defining
  // such a variable host-compiled then). None for a unit without kernels.
  std::optional<std::filesystem::path> header;
  std::string why; // empty when the device code registers
};

struct DevicePass {
  std::string compiler;                 // clang++-19, or $QIAO_DEVICE_CXX
  std::string arch = "sm_80";           // the PTX target
  std::filesystem::path headers;        // Qiao's headers
  std::vector<std::string> sourceFlags; // shapesSource options of the user's command
  std::string standard;                 // -std=..., the user's or qiao-c++'s default
  std::filesystem::path libdevice;      // libdevice.10.bc (findLibdevice), or empty
  DeviceMathFlags math;                 // --use_fast_math, --ftz, --prec-div, ...
  bool verbose = false;

  // Compiles source's device side into workDir (unit index `unit`) and writes its
  // registration header there.
  DevicePassResult compile(const std::filesystem::path &source,
                           const std::filesystem::path &workDir, int unit) const;
};

// The registration header for ptx: the text itself, each entry's host kernel and each
// module-scope variable's host variable (weakrefs, as for kernels). Empty, with `why`, when the
// PTX has no kernel entries or cannot run as this unit's own module: extern variables or
// functions (relocatable device code; the device runtime's vprintf, malloc, free and
// __assertfail excepted, and libdevice's math, which the pass links in when it has libdevice),
// managed variables (one copy the host reads directly) and recursion (clang's frames are deeper
// than nvcc's, which a program's stack limit is sized for).
std::string registrationHeader(const std::string &ptx, std::string &why);

} // namespace qiao_cxx
