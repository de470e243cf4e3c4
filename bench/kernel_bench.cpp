// Six CUDA kernels (saxpy, n-body, tiled SGEMM, warp-shuffle reduction, histogram, block scan)
// on Qiao's interpreter, on Qiao's kernel compiler (QIAO_EXEC=jit), translated by qiao-translate
// and built by qiao-c++ (translated: device code as PTX; translated_host: host-compiled kernels)
// and on PoCL running the same algorithm in OpenCL C, each against a plain C++ loop of the same
// arithmetic (-O2, one thread).
// Each benchmark iteration is one round: the plain loop, then one launch on every engine; the
// counters are medians over the rounds, and each ratio is the median of its per-round ratios,
// so a noisy neighbour slows both sides of a ratio alike. The engines use every core; the plain
// loop one. Compilation happens before the rounds and is reported on its own:
//   jit_compile_ms  prepareNative on a freshly loaded module (the compiler library already loaded)
//   pocl_build_ms   clCreateProgramWithSource + clBuildProgram + clCreateKernel
//   pocl_first_ms   PoCL's first launch, which also generates code for the work-group size
//   pocl_compile_ms pocl_build_ms + (pocl_first_ms - pocl_ms)
// PoCL caches its builds on disk (POCL_CACHE_DIR), the kernel compiler too (QIAO_CACHE_DIR; set
// it to `off` for cold compile times).
// Every engine's output of one launch is checked against the plain loop's first; a difference
// skips the workload with the engine's name and the first differing element.
//   build/bin/qiao_kernel_bench [--benchmark_out=FILE --benchmark_out_format=json]
// QIAO_BENCH_ROUNDS sets the number of rounds (default 5); QIAO_BENCH_ENGINES=jit,pocl leaves the
// interpreter and the translated columns out (see engineWanted); a list that names `memcheck` adds
// the interpreter and the JIT under QIAO_MEMCHECK=1 (interp_memcheck, jit_memcheck) and their
// ratios to the default mode.
#include "KernelEngine.h"

#include "ptx/NativeCode.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <thread>

namespace qiao::bench {
namespace {

template <class F> double secondsOf(F &&body) {
  auto start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> values) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

int rounds() {
  const char *value = std::getenv("QIAO_BENCH_ROUNDS");
  int n = value ? std::atoi(value) : 0;
  return n > 0 ? n : 5;
}

struct Column {
  Column(std::string name, std::unique_ptr<KernelEngine> engine)
      : name(std::move(name)), engine(std::move(engine)) {}
  std::string name;
  std::unique_ptr<KernelEngine> engine;
  double compileMs = 0, firstMs = 0;
  std::vector<double> seconds; // one per round
};

// This run's counters per workload, for the table printed after the benchmarks.
std::vector<std::pair<std::string, std::map<std::string, double>>> &summary() {
  static std::vector<std::pair<std::string, std::map<std::string, double>>> rows;
  return rows;
}

std::string whyNoPocl, whyNoTranslated, whyNoTranslatedHost;

// Compiles, launches once from the initial contents and checks the output: "" or the error.
std::string prepareAndCheck(const Workload &w, Column &c) {
  std::string error = c.engine->prepare(w, c.compileMs);
  if (error.empty())
    error = c.engine->reset();
  if (error.empty())
    c.firstMs = 1e3 * secondsOf([&] { error = c.engine->launch(); });
  Bytes out;
  if (error.empty())
    error = c.engine->read(w.output, out);
  if (error.empty())
    error = w.check(out);
  return error.empty() ? error : c.name + ": " + error;
}

// QIAO_BENCH_ENGINES (a comma-separated list, default all) leaves out the interpreter, PoCL or
// the translated build, e.g. to profile the JIT alone; the JIT always runs (its time is the
// benchmark's).
bool engineWanted(const std::string &name) {
  const char *value = std::getenv("QIAO_BENCH_ENGINES");
  if (!value)
    return true;
  std::string list = std::string(",") + value + ",";
  return list.find("," + name + ",") != std::string::npos;
}

// The memcheck columns (the interpreter and the JIT under QIAO_MEMCHECK=1, beside the default
// mode's) only when QIAO_BENCH_ENGINES names `memcheck`.
bool memcheckWanted() {
  const char *value = std::getenv("QIAO_BENCH_ENGINES");
  return value && (std::string(",") + value + ",").find(",memcheck,") != std::string::npos;
}

const Column *column(const std::vector<Column> &columns, const std::string &name) {
  for (const Column &c : columns)
    if (c.name == name)
      return &c;
  return nullptr;
}

// The median over rounds of a / b, rounds paired.
double pairedRatio(const std::vector<double> &a, const std::vector<double> &b) {
  std::vector<double> ratios;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    ratios.push_back(a[i] / b[i]);
  return median(ratios);
}

void Kernel(benchmark::State &state, Workload (*make)()) {
  Workload w = make();
  w.plain(); // the reference every engine is checked against
  std::vector<Column> columns;
  if (engineWanted("interp"))
    columns.emplace_back("interp", makePtxEngine(false));
  columns.emplace_back("jit", makePtxEngine(true));
  if (memcheckWanted()) {
    if (engineWanted("interp"))
      columns.emplace_back("interp_memcheck", makePtxEngine(false, true));
    columns.emplace_back("jit_memcheck", makePtxEngine(true, true));
  }
  if (engineWanted("pocl"))
    if (auto pocl = makeOpenClEngine(whyNoPocl))
      columns.emplace_back("pocl", std::move(pocl));
  if (engineWanted("translated"))
    if (auto translated = makeTranslatedEngine(false, whyNoTranslated))
      columns.emplace_back("translated", std::move(translated));
  if (engineWanted("translated_host"))
    if (auto translated = makeTranslatedEngine(true, whyNoTranslatedHost))
      columns.emplace_back("translated_host", std::move(translated));
  for (Column &c : columns)
    if (std::string error = prepareAndCheck(w, c); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }

  std::vector<double> plain;
  for (auto _ : state) {
    plain.push_back(secondsOf(w.plain));
    for (Column &c : columns) {
      std::string error;
      c.seconds.push_back(secondsOf([&] { error = c.engine->launch(); }));
      if (!error.empty()) {
        state.SkipWithError((c.name + ": " + error).c_str());
        return;
      }
    }
    state.SetIterationTime(column(columns, "jit")->seconds.back()); // the time column
  }

  std::map<std::string, double> values;
  values["plain_ms"] = 1e3 * median(plain);
  std::map<std::string, const std::vector<double> *> byName{{"plain", &plain}};
  for (Column &c : columns) {
    values[c.name + "_ms"] = 1e3 * median(c.seconds);
    byName[c.name] = &c.seconds;
  }
  values["jit_compile_ms"] = column(columns, "jit")->compileMs;
  const char *ratios[][2] = {{"jit", "plain"},
                             {"jit", "pocl"},
                             {"interp", "plain"},
                             {"pocl", "plain"},
                             {"translated", "plain"},
                             {"translated", "jit"},
                             {"translated_host", "plain"},
                             {"translated_host", "jit"},
                             {"interp_memcheck", "interp"},
                             {"jit_memcheck", "jit"}};
  for (auto &[a, b] : ratios)
    if (byName.count(a) && byName.count(b))
      values[std::string(a) + "/" + b] = pairedRatio(*byName[a], *byName[b]);
  if (const Column *pocl = column(columns, "pocl")) {
    values["pocl_build_ms"] = pocl->compileMs;
    values["pocl_first_ms"] = pocl->firstMs;
    // The build plus the code generation PoCL defers to the first launch (the first launch's
    // excess over a steady one).
    values["pocl_compile_ms"] = pocl->compileMs + std::max(0.0, pocl->firstMs - values["pocl_ms"]);
  }
  for (auto &[name, value] : values)
    state.counters[name] = value;
  summary().emplace_back(w.name, values);
}

void registerAll() {
  const std::pair<const char *, Workload (*)()> workloads[] = {
      {"Kernel/saxpy", makeSaxpy},         {"Kernel/nbody", makeNbody},
      {"Kernel/sgemm", makeSgemm},         {"Kernel/reduction", makeReduction},
      {"Kernel/histogram", makeHistogram}, {"Kernel/scan", makeScan}};
  for (auto &[name, make] : workloads)
    benchmark::RegisterBenchmark(name, Kernel, make)
        ->UseManualTime()
        ->Iterations(rounds())
        ->Unit(benchmark::kMillisecond);
}

// This run's table, with plain decimals (the console reporter prints 0.25 as "250m").
void printSummary() {
  const char *columns[] = {"plain_ms",
                           "interp_ms",
                           "jit_ms",
                           "pocl_ms",
                           "translated_ms",
                           "jit/plain",
                           "jit/pocl",
                           "interp/plain",
                           "pocl/plain",
                           "translated/plain",
                           "translated/jit",
                           "translated_host_ms",
                           "translated_host/jit",
                           "jit_compile_ms",
                           "pocl_build_ms",
                           "pocl_compile_ms",
                           "interp_memcheck/interp",
                           "jit_memcheck/jit"};
  std::printf("\n%-10s", "workload");
  for (const char *c : columns)
    std::printf(" %14s", c);
  std::printf("\n");
  for (auto &[name, values] : summary()) {
    std::printf("%-10s", name.c_str());
    for (const char *c : columns) {
      auto it = values.find(c);
      if (it == values.end())
        std::printf(" %14s", "-");
      else
        std::printf(" %14.3f", it->second);
    }
    std::printf("\n");
  }
  if (!whyNoPocl.empty())
    std::printf("no PoCL columns: %s\n", whyNoPocl.c_str());
  if (!whyNoTranslated.empty())
    std::printf("no translated column: %s\n", whyNoTranslated.c_str());
  if (!whyNoTranslatedHost.empty())
    std::printf("no translated_host column: %s\n", whyNoTranslatedHost.c_str());
}

} // namespace
} // namespace qiao::bench

int main(int argc, char **argv) {
  using namespace qiao;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  // The compiler library and LLVM load once per process, before the first kernel compiles.
  bool compiler = false;
  double loadMs = 1e3 * bench::secondsOf([&] { compiler = ptx::kernelCompiler() != nullptr; });
  benchmark::AddCustomContext("jit", compiler ? "libqiao-jit.so loaded in " +
                                                    std::to_string(loadMs) + " ms"
                                              : "libqiao-jit.so could not be loaded");
  benchmark::AddCustomContext("pocl", bench::openClDescription());
  benchmark::AddCustomContext("engine_threads",
                              std::to_string(std::thread::hardware_concurrency()));
  benchmark::AddCustomContext("rounds", std::to_string(bench::rounds()));
  bench::registerAll();
  benchmark::RunSpecifiedBenchmarks();
  bench::printSummary();
  benchmark::Shutdown();
  return 0;
}
