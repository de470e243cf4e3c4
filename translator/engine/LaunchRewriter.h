// Kernel launches: `callee<<<grid, block[, shared[, stream]]>>>(args)` becomes the target's
// launch call, `qiaoLaunchKernelGGL(callee, grid, block, shared, stream, args)`. The AST pass
// finds launches Clang parsed; the token sweep finds the rest (macro bodies, inactive branches,
// unparsed code). Both describe a launch as a LaunchShape and share the edits made from it.
#pragma once

#include "FileRewrite.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace qiao::translate {

// Byte offsets into the original text.
struct LaunchShape {
  std::size_t calleeBegin = 0;
  std::size_t calleeEnd = 0;   // one past the callee's last character
  std::size_t configBegin = 0; // the first configuration argument
  std::size_t configEnd = 0;   // one past the last configuration argument
  std::size_t argsBegin = 0;   // one past the '(' that opens the kernel arguments
  unsigned configCount = 0;    // configuration arguments written (2 to 4)
  bool hasArgs = false;
  bool calleeHasComma = false;      // e.g. k<float, 4>: parenthesised for macro-based targets
  std::string deducedTemplateArgs;  // "<float>" when Clang deduced them, else empty
  bool deduceAtCompileTime = false; // QIAO_KERNEL_TEMPLATE(callee): arguments not spellable
};

// A launch written in device code (dynamic parallelism): no target has a counterpart, so it stays
// as written behind the marker `/* qiao-translate: unsupported <<<>>> in device code */`.
inline constexpr std::string_view kDeviceLaunchName = "<<<>>> in device code";

// The launch call of a mapping set: qiaoLaunchKernelGGL for qiao, hipLaunchKernelGGL for hip.
std::string launchFunctionFor(std::string_view target);

// Makes the edits; false when they would overlap edits already made (nothing is changed then).
bool rewriteLaunch(FileRewrite &file, const LaunchShape &shape);

} // namespace qiao::translate
