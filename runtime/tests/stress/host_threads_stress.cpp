// Host-thread stress: eight threads use the runtime at once (streams created and destroyed,
// events, host functions and callbacks, copies, launches, frees, graph launches) for a bounded
// number of rounds, and every call must return what CUDA documents for it. Frees synchronise the
// device while other threads destroy idle streams, the race issue 10 found.
//
// QIAO_STRESS_ROUNDS overrides the rounds per thread (the ThreadSanitizer run uses fewer).
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 8;
constexpr int kDefaultRounds = 300;
constexpr unsigned kElements = 64; // one block of the fill kernel

constexpr const char *kFill = R"(.version 9.0
.target sm_80
.address_size 64
.visible .entry fill(.param .u64 p, .param .u32 v)
{
  .reg .b64 %rd<4>;
  .reg .b32 %r<4>;
  ld.param.u64 %rd1, [p];
  ld.param.u32 %r1, [v];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r2, %tid.x;
  mul.wide.u32 %rd3, %r2, 4;
  add.s64 %rd2, %rd2, %rd3;
  st.global.u32 [%rd2], %r1;
  ret;
}
)";

int rounds() {
  const char *value = std::getenv("QIAO_STRESS_ROUNDS");
  int parsed = value ? std::atoi(value) : 0;
  return parsed > 0 ? parsed : kDefaultRounds;
}

// The first failure of each thread, reported after the join (gtest's assertions are not meant
// for threads that keep running after one fails).
struct Failure {
  std::string what;
};

#define STRESS_CHECK(call, expected)                                                               \
  do {                                                                                             \
    qiaoError_t got_ = (call);                                                                     \
    if (got_ != (expected)) {                                                                      \
      failure.what = std::string(#call) + " returned " + qiaoGetErrorName(got_) + " in round " +   \
                     std::to_string(round);                                                        \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

#define STRESS_REQUIRE(condition)                                                                  \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      failure.what = std::string("failed: ") + #condition + " in round " + std::to_string(round);  \
      return;                                                                                      \
    }                                                                                              \
  } while (0)

std::atomic<int> hostFunctionsRun{0};
std::atomic<int> callbacksRun{0};

void countHostFunction(void *) { hostFunctionsRun.fetch_add(1); }
void countCallback(qiaoStream_t, qiaoError_t status, void *) {
  if (status == qiaoSuccess)
    callbacksRun.fetch_add(1);
}

// One graph per thread: fill `device` with `value`, then copy it to `host`.
void buildGraph(qiaoFunction_t fill, unsigned *device, unsigned *host, unsigned value,
                qiaoGraphExec_t &exec, Failure &failure) {
  int round = -1;
  qiaoGraph_t graph = nullptr;
  STRESS_CHECK(qiaoGraphCreate(&graph, 0), qiaoSuccess);
  void *args[] = {&device, &value};
  qiaoGraphNode_t kernel = nullptr, copy = nullptr;
  STRESS_CHECK(qiaoGraphAddModuleKernelNode(&kernel, graph, nullptr, 0, fill, dim3(1),
                                            dim3(kElements), 0, args, nullptr),
               qiaoSuccess);
  STRESS_CHECK(qiaoGraphAddMemcpyNode1D(&copy, graph, &kernel, 1, host, device,
                                        kElements * sizeof(unsigned), qiaoMemcpyDeviceToHost),
               qiaoSuccess);
  STRESS_CHECK(qiaoGraphInstantiate(&exec, graph, 0), qiaoSuccess);
  STRESS_CHECK(qiaoGraphDestroy(graph), qiaoSuccess);
}

bool allEqual(const unsigned *values, unsigned expected) {
  for (unsigned i = 0; i < kElements; ++i)
    if (values[i] != expected)
      return false;
  return true;
}

void work(int thread, qiaoFunction_t fill, int totalRounds, Failure &failure) {
  constexpr size_t bytes = kElements * sizeof(unsigned);
  int round = -1;
  unsigned *graphDevice = nullptr, *graphHost = nullptr;
  STRESS_CHECK(qiaoMalloc(&graphDevice, bytes), qiaoSuccess);
  STRESS_CHECK(qiaoMallocHost(reinterpret_cast<void **>(&graphHost), bytes), qiaoSuccess);
  const unsigned graphValue = 0x9000u + unsigned(thread);
  qiaoGraphExec_t exec = nullptr;
  buildGraph(fill, graphDevice, graphHost, graphValue, exec, failure);
  if (!failure.what.empty())
    return;

  for (round = 0; round < totalRounds; ++round) {
    const unsigned value = unsigned(thread) << 16 | unsigned(round);
    qiaoStream_t stream = nullptr;
    STRESS_CHECK(
        qiaoStreamCreateWithFlags(&stream, round % 2 ? qiaoStreamNonBlocking : qiaoStreamDefault),
        qiaoSuccess);
    unsigned *device = nullptr, *host = nullptr;
    STRESS_CHECK(qiaoMalloc(&device, bytes), qiaoSuccess);
    STRESS_CHECK(qiaoHostAlloc(&host, bytes, qiaoHostAllocDefault), qiaoSuccess);
    qiaoEvent_t done = nullptr;
    STRESS_CHECK(qiaoEventCreateWithFlags(&done, qiaoEventDisableTiming), qiaoSuccess);

    unsigned argValue = value;
    void *args[] = {&device, &argValue};
    STRESS_CHECK(qiaoModuleLaunchKernel(fill, 1, 1, 1, kElements, 1, 1, 0, stream, args, nullptr),
                 qiaoSuccess);
    STRESS_CHECK(qiaoMemcpyAsync(host, device, bytes, qiaoMemcpyDeviceToHost, stream), qiaoSuccess);
    STRESS_CHECK(qiaoLaunchHostFunc(stream, countHostFunction, nullptr), qiaoSuccess);
    STRESS_CHECK(qiaoStreamAddCallback(stream, countCallback, nullptr, 0), qiaoSuccess);
    STRESS_CHECK(qiaoGraphLaunch(exec, stream), qiaoSuccess);
    STRESS_CHECK(qiaoEventRecord(done, stream), qiaoSuccess);
    STRESS_CHECK(qiaoEventSynchronize(done), qiaoSuccess);
    STRESS_REQUIRE(allEqual(host, value));
    STRESS_REQUIRE(allEqual(graphHost, graphValue));

    // The per-thread default stream and the legacy one join in every few rounds.
    if (round % 4 == 0) {
      STRESS_CHECK(qiaoMemsetAsync(device, 0, bytes, qiaoStreamPerThread), qiaoSuccess);
      STRESS_CHECK(qiaoStreamSynchronize(qiaoStreamPerThread), qiaoSuccess);
      STRESS_CHECK(qiaoMemcpy(host, device, bytes, qiaoMemcpyDeviceToHost), qiaoSuccess);
      STRESS_REQUIRE(allEqual(host, 0));
    }
    if (round % 8 == 3)
      STRESS_CHECK(qiaoDeviceSynchronize(), qiaoSuccess);

    // An idle stream goes away while other threads free memory, which synchronises the device.
    STRESS_CHECK(qiaoStreamDestroy(stream), qiaoSuccess);
    // An event destroyed with a wait on it still queued elsewhere outlives its handle.
    qiaoStream_t other = nullptr;
    STRESS_CHECK(qiaoStreamCreate(&other), qiaoSuccess);
    STRESS_CHECK(qiaoStreamWaitEvent(other, done, 0), qiaoSuccess);
    STRESS_CHECK(qiaoEventDestroy(done), qiaoSuccess);
    STRESS_CHECK(qiaoFree(device), qiaoSuccess);
    STRESS_CHECK(qiaoFreeHost(host), qiaoSuccess);
    STRESS_CHECK(qiaoStreamDestroy(other), qiaoSuccess);
  }
  round = totalRounds;
  STRESS_CHECK(qiaoGraphExecDestroy(exec), qiaoSuccess);
  STRESS_CHECK(qiaoFree(graphDevice), qiaoSuccess);
  STRESS_CHECK(qiaoFreeHost(graphHost), qiaoSuccess);
}

TEST(HostThreadStress, EveryCallSucceedsWhileEightThreadsShareTheDevice) {
  qiaoModule_t module = nullptr;
  ASSERT_EQ(qiaoModuleLoadData(&module, kFill), qiaoSuccess);
  qiaoFunction_t fill = nullptr;
  ASSERT_EQ(qiaoModuleGetFunction(&fill, module, "fill"), qiaoSuccess);

  const int totalRounds = rounds();
  std::vector<Failure> failures(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(work, t, fill, totalRounds, std::ref(failures[t]));
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(failures[t].what, "") << "thread " << t;

  ASSERT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(hostFunctionsRun.load(), kThreads * totalRounds);
  EXPECT_EQ(callbacksRun.load(), kThreads * totalRounds);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);
  EXPECT_EQ(qiaoModuleUnload(module), qiaoSuccess);
}

} // namespace
