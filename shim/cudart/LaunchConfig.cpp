// The per-thread stack of <<<>>> launch configurations (see Launch.h). A stack rather than one
// slot: a kernel argument expression may itself launch a kernel between push and pop.
#include "Launch.h"

#include <vector>

namespace qiao::shim {
namespace {

std::vector<LaunchShape> &configurations() {
  thread_local std::vector<LaunchShape> stack;
  return stack;
}

} // namespace

void pushCallConfiguration(const LaunchShape &shape) { configurations().push_back(shape); }

bool popCallConfiguration(LaunchShape &shape) {
  std::vector<LaunchShape> &stack = configurations();
  if (stack.empty())
    return false;
  shape = stack.back();
  stack.pop_back();
  return true;
}

} // namespace qiao::shim
