// The fixed cost of a kernel launch through the runtime and the driver seam: an empty kernel of
// one thread, launched on the legacy stream and waited for, so that every iteration crosses the
// seam twice (enqueueLaunch, queueSynchronize) and runs no kernel work. Compared against an
// equally empty host function enqueued and waited for (qiaoLaunchHostFunc), which crosses the
// same seam without a kernel.
#include <qiao/qiao_runtime.h>

#include <benchmark/benchmark.h>

namespace {

constexpr char kEmptyKernel[] = R"(
.version 7.0
.target sm_80
.address_size 64
.visible .entry empty()
{
  ret;
}
)";

qiaoFunction_t loadEmptyKernel(benchmark::State &state) {
  qiaoModule_t module = nullptr;
  qiaoFunction_t function = nullptr;
  if (qiaoModuleLoadData(&module, kEmptyKernel) != qiaoSuccess ||
      qiaoModuleGetFunction(&function, module, "empty") != qiaoSuccess)
    state.SkipWithError("the empty kernel did not load");
  return function;
}

void BM_EmptyLaunchSynchronize(benchmark::State &state) {
  qiaoFunction_t function = loadEmptyKernel(state);
  if (!function)
    return;
  for (auto _ : state) {
    if (qiaoModuleLaunchKernel(function, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, nullptr) !=
            qiaoSuccess ||
        qiaoStreamSynchronize(nullptr) != qiaoSuccess) {
      state.SkipWithError("launch failed");
      return;
    }
  }
}
BENCHMARK(BM_EmptyLaunchSynchronize);

void noWork(void *) {}

void BM_EmptyHostFuncSynchronize(benchmark::State &state) {
  for (auto _ : state) {
    if (qiaoLaunchHostFunc(nullptr, noWork, nullptr) != qiaoSuccess ||
        qiaoStreamSynchronize(nullptr) != qiaoSuccess) {
      state.SkipWithError("host function failed");
      return;
    }
  }
}
BENCHMARK(BM_EmptyHostFuncSynchronize);

} // namespace

BENCHMARK_MAIN();
