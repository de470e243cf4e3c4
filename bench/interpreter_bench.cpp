// Interpreter throughput in lane-instructions per second, on a compute-bound kernel (chains of
// FMAs per thread) and a memory-bound one (saxpy over arrays larger than the caches). Each
// benchmark also times the same arithmetic as a plain C++ loop in the same run and reports
// interpreter time / plain-loop time as `x_plain`. Both sides use one host thread, so the ratio
// is the cost of interpretation, not of parallelism.
#include "BenchMemory.h"
#include "ptx/NativeCode.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <vector>

namespace qiao::bench {
namespace {

// Four independent FMA chains per thread, `iters` rounds; the loop body is 7 instructions.
constexpr const char *kFmaLoopPtx = R"(
.version 7.0
.target sm_80
.address_size 64

.visible .entry fma_loop(.param .u64 out, .param .u32 iters)
{
  .reg .pred %p<2>;
  .reg .b32 %r<8>;
  .reg .f32 %f<10>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [iters];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %tid.x;
  mad.lo.s32 %r5, %r2, %r3, %r4;
  cvt.rn.f32.s32 %f1, %r5;
  mul.f32 %f1, %f1, 0f38D1B717;
  mov.f32 %f2, 0f3F800000;
  mov.f32 %f3, 0f40000000;
  mov.f32 %f4, 0f40400000;
  mov.f32 %f5, 0f40800000;
  mov.u32 %r6, 0;
$Lloop:
  fma.rn.f32 %f2, %f2, 0f3F7FBE77, %f1;
  fma.rn.f32 %f3, %f3, 0f3F7FBE77, %f1;
  fma.rn.f32 %f4, %f4, 0f3F7FBE77, %f1;
  fma.rn.f32 %f5, %f5, 0f3F7FBE77, %f1;
  add.s32 %r6, %r6, 1;
  setp.lt.u32 %p1, %r6, %r1;
  @%p1 bra $Lloop;
  add.f32 %f6, %f2, %f3;
  add.f32 %f7, %f4, %f5;
  add.f32 %f8, %f6, %f7;
  cvta.to.global.u64 %rd2, %rd1;
  mul.wide.s32 %rd3, %r5, 4;
  add.s64 %rd3, %rd2, %rd3;
  st.global.f32 [%rd3], %f8;
  ret;
}

.visible .entry saxpy(.param .f32 a, .param .u64 x, .param .u64 y, .param .u32 n)
{
  .reg .pred %p<2>;
  .reg .b32 %r<6>;
  .reg .f32 %f<5>;
  .reg .b64 %rd<8>;
  ld.param.f32 %f1, [a];
  ld.param.u64 %rd1, [x];
  ld.param.u64 %rd2, [y];
  ld.param.u32 %r1, [n];
  mov.u32 %r2, %ctaid.x;
  mov.u32 %r3, %ntid.x;
  mov.u32 %r4, %tid.x;
  mad.lo.s32 %r5, %r2, %r3, %r4;
  setp.ge.u32 %p1, %r5, %r1;
  @%p1 bra $Ldone;
  cvta.to.global.u64 %rd3, %rd1;
  cvta.to.global.u64 %rd4, %rd2;
  mul.wide.u32 %rd5, %r5, 4;
  add.s64 %rd6, %rd3, %rd5;
  add.s64 %rd7, %rd4, %rd5;
  ld.global.f32 %f2, [%rd6];
  ld.global.f32 %f3, [%rd7];
  fma.rn.f32 %f4, %f1, %f2, %f3;
  st.global.f32 [%rd7], %f4;
$Ldone:
  ret;
}
)";

constexpr float kDecay = 0x1.ff7ceep-1f; // 0f3F7FBE77: keeps the chains bounded

// Best of a few runs of `body`, in seconds: the plain loop's time in this same process.
template <class F> double bestSeconds(F &&body, int runs = 5) {
  double best = 1e30;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    body();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

struct Loaded {
  BenchMemory memory;
  std::unique_ptr<ptx::Module> module;
  ptx::GridExecutor executor{1};
};

bool load(Loaded &loaded, benchmark::State &state) {
  auto module = ptx::Module::load(kFmaLoopPtx, loaded.memory);
  if (!module) {
    state.SkipWithError(("PTX did not load: " + module.error().message).c_str());
    return false;
  }
  loaded.module = std::move(module.value());
  return true;
}

// Runs `kernel` once per benchmark iteration; reports lane-instructions/s and the ratio to
// `plainSeconds`.
void runKernel(benchmark::State &state, Loaded &loaded, const char *kernel,
               std::vector<uint8_t> params, unsigned blocks, unsigned block, double plainSeconds) {
  const ptx::KernelInfo *info = loaded.module->kernel(kernel);
  if (!info || info->paramBytes != params.size()) {
    state.SkipWithError("kernel missing or parameter layout unexpected");
    return;
  }
  ptx::LaunchParams launch;
  launch.grid[0] = blocks;
  launch.block[0] = block;
  launch.params = params.data();
  launch.paramBytes = params.size();
  // The interpreter's throughput, unless QIAO_EXEC=jit asks for the kernel compiler's.
  launch.interpretOnly = ptx::execMode() != ptx::ExecMode::Jit;
  uint64_t laneInstructions = 0;
  double seconds = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    ptx::LaunchOutcome outcome = loaded.executor.run(*loaded.module, *info, launch, loaded.memory);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (outcome.code != 0) {
      state.SkipWithError(("launch failed: " + outcome.report).c_str());
      return;
    }
    laneInstructions += outcome.laneInstructions;
  }
  state.counters["lane_insts_per_s"] =
      benchmark::Counter(static_cast<double>(laneInstructions), benchmark::Counter::kIsRate);
  state.counters["x_plain"] = (seconds / state.iterations()) / plainSeconds;
}

template <class T> void put(std::vector<uint8_t> &buffer, T value) {
  size_t at = (buffer.size() + alignof(T) - 1) / alignof(T) * alignof(T);
  buffer.resize(at + sizeof(T));
  std::memcpy(buffer.data() + at, &value, sizeof(T));
}

void BM_ComputeBoundFmaLoop(benchmark::State &state) {
  const unsigned block = 256, blocks = 16, threads = block * blocks;
  const uint32_t iters = static_cast<uint32_t>(state.range(0));
  Loaded loaded;
  if (!load(loaded, state))
    return;
  float *out = static_cast<float *>(loaded.memory.allocate(threads * sizeof(float)));

  std::vector<float> plainOut(threads);
  double plain = bestSeconds([&] {
    for (unsigned t = 0; t < threads; ++t) {
      float bias = static_cast<float>(static_cast<int>(t)) * 0x1.a36e2ep-14f;
      float a = 1, b = 2, c = 3, d = 4;
      for (uint32_t k = 0; k < iters; ++k) {
        a = std::fmaf(a, kDecay, bias);
        b = std::fmaf(b, kDecay, bias);
        c = std::fmaf(c, kDecay, bias);
        d = std::fmaf(d, kDecay, bias);
      }
      plainOut[t] = (a + b) + (c + d);
    }
    benchmark::DoNotOptimize(plainOut.data());
    benchmark::ClobberMemory();
  });

  std::vector<uint8_t> params;
  put(params, out);
  put(params, iters);
  runKernel(state, loaded, "fma_loop", params, blocks, block, plain);
  // The interpreter must have computed what the plain loop computed.
  if (std::memcmp(out, plainOut.data(), threads * sizeof(float)) != 0)
    state.SkipWithError("interpreter result differs from the plain loop");
}
BENCHMARK(BM_ComputeBoundFmaLoop)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);

void BM_MemoryBoundSaxpy(benchmark::State &state) {
  const uint32_t n = static_cast<uint32_t>(state.range(0));
  const unsigned block = 256;
  Loaded loaded;
  if (!load(loaded, state))
    return;
  float *x = static_cast<float *>(loaded.memory.allocate(n * sizeof(float)));
  float *y = static_cast<float *>(loaded.memory.allocate(n * sizeof(float)));
  std::vector<float> px(n), py(n);
  for (uint32_t i = 0; i < n; ++i)
    x[i] = px[i] = static_cast<float>(i % 1000) * 0.001f;
  const float a = 0.5f;
  double plain = bestSeconds([&] {
    for (uint32_t i = 0; i < n; ++i)
      py[i] = std::fmaf(a, px[i], py[i]);
    benchmark::DoNotOptimize(py.data());
    benchmark::ClobberMemory();
  });

  std::vector<uint8_t> params;
  put(params, a);
  put(params, x);
  put(params, y);
  put(params, n);
  runKernel(state, loaded, "saxpy", params, (n + block - 1) / block, block, plain);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * n * 3 * sizeof(float));
}
BENCHMARK(BM_MemoryBoundSaxpy)->Arg(1 << 20)->Arg(1 << 22)->Unit(benchmark::kMillisecond);

} // namespace
} // namespace qiao::bench

BENCHMARK_MAIN();
