// qiao-fatbin-fuzz: the deterministic mutation driver for the fatbinary reader.
//
//   qiao-fatbin-fuzz [--seconds N] [--cases N] [--seed S] [--save DIR] [--verbose] CORPUS...
//   qiao-fatbin-fuzz --replay FILE...
//   qiao-fatbin-fuzz --emit DIR --cases N [--seed S] CORPUS...   (writes the cases, runs none)
//
// CORPUS are files (fatbins, cubins, PTX, host executables) or directories of them. Round N
// mutates corpus file N mod count with a generator seeded from --seed, so the same seed, corpus
// and N give the same bytes. Every case goes to every reader (FatbinCase.h); a broken contract is
// printed with its seed and case number, saved under --save, and the driver exits 1. A case that
// crashes or hangs is saved there by the case guard before the process ends.
#include "CaseGuard.h"
#include "CorpusFiles.h"
#include "FatbinCase.h"
#include "FatbinMutator.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace qiao::fatbin::fuzz;

namespace {

constexpr unsigned kHangSeconds = 20; // one case takes milliseconds; this is a hang

struct Options {
  double seconds = 60;
  std::uint64_t maxCases = UINT64_MAX;
  std::uint64_t seed = 1;
  bool replay = false;
  bool verbose = false;
  std::string saveDir;
  std::string emitDir;
  std::vector<std::string> inputs;
};

// The file's bytes, or nothing when it cannot be read.
std::optional<Bytes> readBytes(const fs::path &path) {
  std::optional<std::string> text = qiao::fuzz::readCorpusFile(path);
  if (!text)
    return std::nullopt;
  return Bytes(text->begin(), text->end());
}

void writeFile(const fs::path &path, const Bytes &bytes) {
  qiao::fuzz::writeCaseFile(path, bytes.data(), bytes.size());
}

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
    std::optional<Bytes> bytes = readBytes(file);
    if (!bytes) {
      std::fprintf(stderr, "%s: cannot read\n", file.c_str());
      return 2;
    }
    CaseResult r = runCase(bytes->data(), bytes->size());
    std::printf("%s: %u readers accepted, %u refused%s%s\n", file.c_str(), r.accepted, r.refused,
                r.broken.empty() ? "" : "; CONTRACT BROKEN: ", r.broken.c_str());
    broken += !r.broken.empty();
  }
  return broken ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: %s [--seconds N] [--cases N] [--seed S] [--save DIR] [--verbose] "
                 "CORPUS...\n       %s --replay FILE...\n       %s --emit DIR --cases N "
                 "[--seed S] CORPUS...\n",
                 argv[0], argv[0], argv[0]);
    return 2;
  }
  std::vector<fs::path> files = qiao::fuzz::corpusFiles(o.inputs);
  if (!o.saveDir.empty())
    fs::create_directories(o.saveDir);
  qiao::fuzz::installCaseGuard({o.saveDir, "fatbin", kHangSeconds});
  if (o.replay)
    return replay(files);
  std::vector<Bytes> corpus;
  for (const fs::path &file : files) {
    std::optional<Bytes> bytes = readBytes(file);
    if (!bytes || bytes->empty()) {
      std::fprintf(stderr, "%s: cannot read, or empty\n", file.c_str());
      return 2;
    }
    corpus.push_back(std::move(*bytes));
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "no corpus files\n");
    return 2;
  }
  // Every seed is real nvcc output: each must satisfy the contract unmutated, and some reader
  // must accept it (a reader that refuses real binaries is wrong).
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    CaseResult r = runCase(corpus[i].data(), corpus[i].size());
    if (!r.broken.empty() || r.accepted == 0) {
      std::fprintf(stderr, "seed %s: %s\n", files[i].c_str(),
                   r.broken.empty() ? "no reader accepts it" : r.broken.c_str());
      return 1;
    }
  }
  FatbinMutator mutator(o.seed, corpus);
  std::uint64_t cases = 0, accepted = 0, refused = 0;
  int broken = 0;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (; cases < o.maxCases && elapsed() < o.seconds; ++cases) {
    std::size_t from = cases % corpus.size();
    Bytes bytes = mutator.mutate(from);
    if (!o.emitDir.empty()) {
      fs::create_directories(o.emitDir);
      writeFile(fs::path(o.emitDir) / ("case-" + std::to_string(cases) + ".fatbin"), bytes);
      continue;
    }
    if (o.verbose)
      std::fprintf(stderr, "case %llu\n", static_cast<unsigned long long>(cases));
    qiao::fuzz::beginCase(cases, bytes.data(), bytes.size());
    CaseResult r = runCase(bytes.data(), bytes.size());
    qiao::fuzz::endCase();
    accepted += r.accepted;
    refused += r.refused;
    if (r.broken.empty())
      continue;
    ++broken;
    std::printf("case %llu (seed %llu, from %s): %s\n", static_cast<unsigned long long>(cases),
                static_cast<unsigned long long>(o.seed), files[from].filename().c_str(),
                r.broken.c_str());
    if (!o.saveDir.empty())
      writeFile(fs::path(o.saveDir) / ("case-" + std::to_string(cases) + ".fatbin"), bytes);
  }
  std::printf("%llu cases in %.1f s (seed %llu, %zu corpus files): %llu reads accepted, %llu "
              "refused, %d broke the contract\n",
              static_cast<unsigned long long>(cases), elapsed(),
              static_cast<unsigned long long>(o.seed), corpus.size(),
              static_cast<unsigned long long>(accepted), static_cast<unsigned long long>(refused),
              broken);
  return broken ? 1 : 0;
}
