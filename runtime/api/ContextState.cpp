// The context registry and each thread's context stack (Contexts.h).
#include "Contexts.h"

#include <deque>
#include <set>

namespace qiao::rt {

namespace {

// Never destroyed, as the runtime: handles stay valid during static destruction.
struct ContextRegistry {
  std::mutex mutex;
  std::set<qiaoCtx_t> known;
  std::deque<qiaoCtx_st> primaries; // a deque: addresses stay put as devices are added
};

ContextRegistry &registry() {
  static ContextRegistry *instance = new ContextRegistry();
  return *instance;
}

} // namespace

std::unique_lock<std::mutex> lockContexts() { return std::unique_lock(registry().mutex); }

std::vector<qiaoCtx_t> &contextStack() {
  thread_local std::vector<qiaoCtx_t> stack;
  return stack;
}

qiaoCtx_t primaryContext(int device) {
  ContextRegistry &r = registry();
  while (r.primaries.size() <= static_cast<size_t>(device)) {
    r.primaries.emplace_back();
    qiaoCtx_st &primary = r.primaries.back();
    primary.device = static_cast<int>(r.primaries.size() - 1);
    primary.primary = true;
    r.known.insert(&primary);
  }
  return &r.primaries[device];
}

qiaoCtx_t currentContext() {
  const auto &stack = contextStack();
  return stack.empty() ? primaryContext(currentDevice()) : stack.back();
}

bool knownContext(qiaoCtx_t context) { return registry().known.count(context) != 0; }

qiaoCtx_t createContext(int device, unsigned flags) {
  auto *context = new qiaoCtx_st();
  context->device = device;
  context->flags = flags;
  registry().known.insert(context);
  return context;
}

void followContextStack() {
  const auto &stack = contextStack();
  if (!stack.empty())
    currentDevice() = stack.back()->device;
}

qiaoError_t driverResult(qiaoError_t runtimeCode) {
  switch (runtimeCode) {
#define QIAO_DRIVER_RESULT(runtime, driver)                                                        \
  case runtime:                                                                                    \
    return driver;
#include "DriverResults.def"
#undef QIAO_DRIVER_RESULT
  default:
    return runtimeCode;
  }
}

qiaoError_t requireCurrentContext() {
  auto loaded = runtime();
  if (!loaded)
    return finish(Status(loaded.error()));
  auto lock = lockContexts();
  if (!currentContext()->live)
    return finish(fail(qiaoErrorContextIsDestroyed, "the current context was destroyed"));
  return qiaoSuccess;
}

} // namespace qiao::rt
