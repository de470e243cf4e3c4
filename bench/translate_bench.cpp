// qiao-translate's speed: one benchmark per CUDA program of the tree under shim/tests/programs and
// samples/ (what the issue names as the measure), each translating the file in memory through the
// engine (Clang parse, the three passes, the edits). Counters: seconds per file and the process's
// peak resident memory after the file. For comparison, hipify-clang takes about 0.37 s and 130 MB
// per small program on this machine class.
//   build/bin/qiao_translate_bench --benchmark_counters_tabular=true
#include "MappingDatabase.h"
#include "Translation.h"

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>

#ifndef QIAO_SOURCE_DIR
#error "QIAO_SOURCE_DIR must name the source tree"
#endif

namespace {

namespace fs = std::filesystem;
using namespace qiao::translate;

const qiao::mappings::MappingDatabase &database() {
  static auto db = qiao::mappings::MappingDatabase::loadDirectory(fs::path(QIAO_SOURCE_DIR) /
                                                                  "translator/mappings");
  return *db;
}

void translateFile(benchmark::State &state, fs::path file) {
  Options options;
  options.cudaHeaders = fs::path(QIAO_SOURCE_DIR) / "headers/cuda";
  const Translator translator(database(), options);
  std::size_t references = 0;
  for (auto _ : state) {
    FileResult result = translator.translate(file);
    references = result.references.size();
    benchmark::DoNotOptimize(result.translated.data());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["s_per_file"] = benchmark::Counter(
      double(state.iterations()), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["peak_MB"] = double(usage.ru_maxrss) / 1024.0;
  state.counters["references"] = double(references);
}

// Registered at start-up: one benchmark per program, in name order.
const bool registered = [] {
  std::vector<fs::path> files;
  for (const char *dir : {"shim/tests/programs", "samples"})
    for (const auto &entry : fs::recursive_directory_iterator(fs::path(QIAO_SOURCE_DIR) / dir))
      if (entry.path().extension() == ".cu")
        files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path &file : files)
    benchmark::RegisterBenchmark(
        ("translate/" + file.parent_path().filename().string() + "/" + file.filename().string())
            .c_str(),
        translateFile, file)
        ->Unit(benchmark::kMillisecond)
        ->MinTime(0.2);
  return true;
}();

} // namespace

BENCHMARK_MAIN();
