#include "ApiCase.h"

#include "ApiCalls.h"
#include "CaseGuard.h"

#include <algorithm>
#include <vector>

namespace qiao::apifuzz {
namespace {

bool isCaptureCode(int code) {
  return code >= qiaoErrorStreamCaptureUnsupported && code <= qiaoErrorStreamCaptureWrongThread;
}

// Codes that leave the context unusable: none may occur, since no fuzzed kernel faults.
bool isSticky(int code) {
  return code == qiaoErrorIllegalAddress || code == qiaoErrorLaunchFailure ||
         code == qiaoErrorHardwareStackError || code == qiaoErrorIllegalInstruction ||
         code == qiaoErrorMisalignedAddress || code == qiaoErrorInvalidAddressSpace ||
         code == qiaoErrorInvalidPc || code == qiaoErrorAssert;
}

bool isKnownCode(qiaoError_t code) {
  std::string name = qiaoGetErrorName(code);
  return name.rfind("qiaoError", 0) == 0 || name.rfind("cudaError", 0) == 0 || code == qiaoSuccess;
}

struct Limits {
  std::size_t stack = 0, printfFifo = 0, heap = 0;
};

Limits readLimits() {
  Limits limits;
  qiaoDeviceGetLimit(&limits.stack, qiaoLimitStackSize);
  qiaoDeviceGetLimit(&limits.printfFifo, qiaoLimitPrintfFifoSize);
  qiaoDeviceGetLimit(&limits.heap, qiaoLimitMallocHeapSize);
  return limits;
}

void restoreLimits(const Limits &limits) {
  qiaoDeviceSetLimit(qiaoLimitStackSize, limits.stack);
  qiaoDeviceSetLimit(qiaoLimitPrintfFifoSize, limits.printfFifo);
  qiaoDeviceSetLimit(qiaoLimitMallocHeapSize, limits.heap);
}

// Ends captures and destroys what the case made; the codes are not judged (the handles may
// already be gone by the case's own calls), but nothing may crash.
void tearDown(ApiWorld &w) {
  for (qiaoStream_t stream : w.capturing) {
    qiaoGraph_t graph = nullptr;
    if (qiaoStreamEndCapture(stream, &graph) == qiaoSuccess && graph != nullptr)
      qiaoGraphDestroy(graph);
  }
  w.capturing.clear();
  qiaoDeviceSynchronize();
  for (qiaoGraphExec_t exec : w.execs.live)
    qiaoGraphExecDestroy(exec);
  for (qiaoGraph_t graph : w.graphs.live)
    qiaoGraphDestroy(graph);
  for (qiaoGraph_t graph : w.capturedGraphs.live)
    qiaoGraphDestroy(graph);
  for (qiaoEvent_t event : w.events.live)
    qiaoEventDestroy(event);
  for (qiaoStream_t stream : w.streams.live)
    qiaoStreamDestroy(stream);
  for (qiaoArray_t array : w.arrays.live)
    qiaoFreeArray(array);
  for (const Allocation &allocation : w.device.live)
    qiaoFree(allocation.base);
  for (void *pointer : w.pinned.live)
    qiaoFreeHost(pointer);
  for (qiaoModule_t module : w.modules.live)
    qiaoModuleUnload(module);
  if (w.graphTarget.base != nullptr)
    qiaoFree(w.graphTarget.base);
  qiaoHostUnregister(w.hostBuffers[1]);
  w.forgetAll();
  w.graphTarget = {};
}

// A launch and two copies that any usable process can do.
std::string sanityCheck() {
  constexpr unsigned kCount = 256;
  ApiWorld w(0);
  if (!w.loadModule())
    return "the fuzzer's module no longer loads";
  void *values = nullptr;
  std::vector<int> host(kCount, 41);
  std::string failure;
  auto expect = [&](qiaoError_t e, const char *what) {
    if (e != qiaoSuccess && failure.empty())
      failure = std::string(what) + " failed with " + qiaoGetErrorName(e);
  };
  expect(qiaoMalloc(&values, kCount * sizeof(int)), "qiaoMalloc");
  expect(qiaoMemcpy(values, host.data(), kCount * sizeof(int), qiaoMemcpyHostToDevice),
         "qiaoMemcpy to the device");
  unsigned count = kCount;
  void *params[] = {&values, &count};
  expect(
      qiaoModuleLaunchKernel(w.functions.live[0], 2, 1, 1, 128, 1, 1, 0, nullptr, params, nullptr),
      "qiaoModuleLaunchKernel");
  expect(qiaoMemcpy(host.data(), values, kCount * sizeof(int), qiaoMemcpyDeviceToHost),
         "qiaoMemcpy to the host");
  if (failure.empty() && std::any_of(host.begin(), host.end(), [](int v) { return v != 42; }))
    failure = "the sanity kernel computed wrong values";
  qiaoFree(values);
  qiaoModuleUnload(w.modules.live[0]);
  return failure.empty() ? failure : "the process is no longer usable: " + failure;
}

const ApiCall &pickCall(ApiWorld &w) {
  const std::vector<ApiCall> &calls = apiCalls();
  static const unsigned total = [&] {
    unsigned sum = 0;
    for (const ApiCall &call : calls)
      sum += call.weight;
    return sum;
  }();
  std::uint64_t at = w.below(total);
  for (const ApiCall &call : calls) {
    if (at < call.weight)
      return call;
    at -= call.weight;
  }
  return calls.back();
}

} // namespace

CaseResult runCase(std::uint64_t seed, std::uint64_t number, unsigned callsPerCase, bool echo) {
  CaseResult result;
  ApiWorld w(seed * 0x9e3779b97f4a7c15ull + number);
  w.echo = echo;
  Limits limits = readLimits();
  if (qiaoMalloc(&w.graphTarget.base, 4096) == qiaoSuccess)
    w.graphTarget.bytes = 4096;
  if (!w.loadModule())
    result.broken = "the fuzzer's module does not load";
  for (unsigned i = 0; i < callsPerCase && result.broken.empty(); ++i) {
    const ApiCall &call = pickCall(w);
    bool capturingBefore = !w.capturing.empty();
    w.append(std::string(call.name) + "(");
    qiaoError_t code = call.run(w);
    w.append(std::string(") -> ") + qiaoGetErrorName(code) + "\n");
    ++result.calls;
    result.failed += code != qiaoSuccess;
    bool capturing = capturingBefore || !w.capturing.empty();
    bool allowed = std::find(call.allowed.begin(), call.allowed.end(), static_cast<int>(code)) !=
                   call.allowed.end();
    if (!w.violation.empty())
      result.broken = std::string(call.name) + ": " + w.violation;
    else if (!isKnownCode(code))
      result.broken =
          std::string(call.name) + " returned " + std::to_string(code) + ", which is no error code";
    else if (isSticky(code))
      result.broken = std::string(call.name) + " returned the sticky " + qiaoGetErrorName(code);
    else if (!allowed && !(capturing && isCaptureCode(code)))
      result.broken = std::string(call.name) + " returned " + qiaoGetErrorName(code) +
                      ", which CUDA does not document for it";
  }
  tearDown(w);
  restoreLimits(limits);
  qiaoGetLastError();
  if (result.broken.empty())
    result.broken = sanityCheck();
  result.log = std::move(w.log);
  return result;
}

} // namespace qiao::apifuzz
