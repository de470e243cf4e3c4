// qiao-ptx-fuzz: the deterministic mutation driver for the PTX parser, validator and decoder.
//
//   qiao-ptx-fuzz [--seconds N] [--cases N] [--seed S] [--launch-every K] [--save DIR] CORPUS...
//   qiao-ptx-fuzz --replay FILE...
//   qiao-ptx-fuzz --emit DIR --cases N CORPUS...   (writes the cases instead of running them, for
//                                                 compare-with-ptxas.sh)
//
// CORPUS are .ptx files or directories of them (real nvcc output). Each round mutates one corpus
// file (round-robin) with a generator seeded from --seed, so a run is repeatable: the same seed,
// corpus and case number give the same text. Every case must load or fail with
// qiaoErrorInvalidPtx; every K-th case that loads also runs its kernels (see PtxCase.h). A
// broken contract is printed with its seed and case number, saved under --save, and the driver
// exits 1. A crash inside the load (or a sanitizer report) kills the driver itself: the case
// guard first saves the case under --save as crash-N.ptx, and --replay reruns a saved file.
#include "CaseGuard.h"
#include "CorpusFiles.h"
#include "PtxCase.h"
#include "PtxMutator.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace qiao::ptx::fuzz;

namespace {

struct Options {
  double seconds = 60;
  uint64_t maxCases = UINT64_MAX;
  uint64_t seed = 1;
  uint64_t launchEvery = 8;
  bool replay = false;
  bool verbose = false;
  std::string saveDir;
  std::string emitDir;
  std::vector<std::string> inputs;
};

bool parseArgs(int argc, char **argv, Options &o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char *name) -> const char * {
      if (a != name || i + 1 >= argc)
        return nullptr;
      return argv[++i];
    };
    if (const char *v = value("--seconds"))
      o.seconds = std::atof(v);
    else if (const char *v = value("--cases"))
      o.maxCases = std::strtoull(v, nullptr, 10);
    else if (const char *v = value("--seed"))
      o.seed = std::strtoull(v, nullptr, 10);
    else if (const char *v = value("--launch-every"))
      o.launchEvery = std::strtoull(v, nullptr, 10);
    else if (const char *v = value("--save"))
      o.saveDir = v;
    else if (const char *v = value("--emit"))
      o.emitDir = v;
    else if (a == "--replay")
      o.replay = true;
    else if (a == "--verbose")
      o.verbose = true;
    else if (!a.empty() && a[0] == '-')
      return false;
    else
      o.inputs.push_back(a);
  }
  return !o.inputs.empty();
}

int replay(const std::vector<fs::path> &files) {
  int broken = 0;
  for (const fs::path &file : files) {
    std::optional<std::string> text = qiao::fuzz::readCorpusFile(file);
    if (!text) {
      std::fprintf(stderr, "%s: cannot read\n", file.c_str());
      return 2;
    }
    CaseResult r = runCase(*text, CaseOptions{true, 1000});
    const char *names[] = {"rejected", "loaded", "ran", "timed out", "CONTRACT BROKEN"};
    std::printf("%s: %s%s%s\n", file.c_str(), names[static_cast<int>(r.outcome)],
                r.details.empty() ? "" : ": ", r.details.c_str());
    broken += r.outcome == Outcome::ContractBroken;
  }
  return broken ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: %s [--seconds N] [--cases N] [--seed S] [--launch-every K] "
                 "[--save DIR] [--verbose] CORPUS...\n       %s --replay FILE...\n",
                 argv[0], argv[0]);
    return 2;
  }
  std::vector<fs::path> files = qiao::fuzz::corpusFiles(o.inputs, ".ptx");
  if (!o.saveDir.empty())
    fs::create_directories(o.saveDir);
  // No time limit here: kernels run in forked children under their own limit.
  qiao::fuzz::installCaseGuard({o.saveDir, "ptx", 0});
  if (o.replay)
    return replay(files);
  std::vector<std::string> corpus;
  for (const fs::path &file : files) {
    std::optional<std::string> text = qiao::fuzz::readCorpusFile(file);
    if (!text) {
      std::fprintf(stderr, "%s: cannot read\n", file.c_str());
      return 2;
    }
    corpus.push_back(std::move(*text));
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "no .ptx files in the corpus\n");
    return 2;
  }
  // Every seed file must load: the corpus is real nvcc output, so a rejection is a validator bug.
  for (size_t i = 0; i < corpus.size(); ++i) {
    CaseResult r = runCase(corpus[i], CaseOptions{false, 0});
    if (r.outcome != Outcome::Loaded) {
      std::fprintf(stderr, "seed %s does not load: %s\n", files[i].c_str(), r.details.c_str());
      return 1;
    }
  }
  PtxMutator mutator(o.seed, corpus);
  uint64_t counts[5] = {0, 0, 0, 0, 0};
  uint64_t loadedSoFar = 0, cases = 0;
  int broken = 0;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (; cases < o.maxCases && elapsed() < o.seconds; ++cases) {
    const std::string &seed = corpus[cases % corpus.size()];
    std::string text = mutator.mutate(seed);
    if (!o.emitDir.empty()) {
      fs::create_directories(o.emitDir);
      qiao::fuzz::writeCaseFile(fs::path(o.emitDir) / ("case-" + std::to_string(cases) + ".ptx"),
                                text.data(), text.size());
      continue;
    }
    if (o.verbose)
      std::fprintf(stderr, "case %llu\n", static_cast<unsigned long long>(cases));
    // Loading decides whether to launch, so load first and launch every K-th loaded case.
    qiao::fuzz::beginCase(cases, text.data(), text.size());
    CaseResult r = runCase(text, CaseOptions{false, 0});
    if (r.outcome == Outcome::Loaded && o.launchEvery != 0 && loadedSoFar++ % o.launchEvery == 0)
      r = runCase(text, CaseOptions{true, 200});
    qiao::fuzz::endCase();
    counts[static_cast<int>(r.outcome)]++;
    if (r.outcome != Outcome::ContractBroken)
      continue;
    ++broken;
    std::printf("case %llu (seed %llu, from %s): %s\n", static_cast<unsigned long long>(cases),
                static_cast<unsigned long long>(o.seed),
                files[cases % corpus.size()].filename().c_str(), r.details.c_str());
    if (!o.saveDir.empty()) {
      fs::create_directories(o.saveDir);
      qiao::fuzz::writeCaseFile(fs::path(o.saveDir) / ("case-" + std::to_string(cases) + ".ptx"),
                                text.data(), text.size());
    }
  }
  std::printf(
      "%llu cases in %.1f s (seed %llu, %zu corpus files): %llu rejected, %llu loaded, "
      "%llu ran, %llu timed out, %d broke the contract\n",
      static_cast<unsigned long long>(cases), elapsed(), static_cast<unsigned long long>(o.seed),
      corpus.size(), static_cast<unsigned long long>(counts[0]),
      static_cast<unsigned long long>(counts[1]), static_cast<unsigned long long>(counts[2]),
      static_cast<unsigned long long>(counts[3]), broken);
  return broken ? 1 : 0;
}
