#include "LaunchRewriter.h"

namespace qiao::translate {

std::string launchFunctionFor(std::string_view target) {
  if (target == "qiao")
    return "qiaoLaunchKernelGGL";
  return std::string(target) + "LaunchKernelGGL";
}

bool rewriteLaunch(FileRewrite &file, const LaunchShape &shape) {
  EditList &edits = file.edits();
  // A template-id with a comma would split a macro argument (hipLaunchKernelGGL is a macro).
  const bool wrap =
      shape.calleeHasComma || shape.deducedTemplateArgs.find(',') != std::string::npos;
  std::string open = launchFunctionFor(file.target()) + (wrap ? "((" : "(");
  std::string afterCallee = shape.deducedTemplateArgs + (wrap ? "), " : ", ");
  if (shape.deduceAtCompileTime) {
    open += "QIAO_KERNEL_TEMPLATE(";
    afterCallee = ")" + afterCallee;
  }
  std::string defaults;
  for (unsigned i = shape.configCount; i < 4; ++i)
    defaults += ", 0";
  if (shape.hasArgs)
    defaults += ", ";
  // The three edits must land together or not at all.
  if (edits.covers(shape.calleeBegin) || shape.calleeEnd > shape.configBegin ||
      shape.configEnd > shape.argsBegin)
    return false;
  for (std::size_t at = shape.calleeEnd; at < shape.configBegin; ++at)
    if (edits.covers(at))
      return false;
  for (std::size_t at = shape.configEnd; at < shape.argsBegin; ++at)
    if (edits.covers(at))
      return false;
  edits.insert(shape.calleeBegin, open);
  edits.replace(shape.calleeEnd, shape.configBegin - shape.calleeEnd, afterCallee);
  edits.replace(shape.configEnd, shape.argsBegin - shape.configEnd, defaults);
  return true;
}

} // namespace qiao::translate
