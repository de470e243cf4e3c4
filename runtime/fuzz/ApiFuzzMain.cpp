// qiao-api-fuzz: the deterministic fuzz driver for the runtime API's argument space.
//
//   qiao-api-fuzz [--seconds N] [--cases N] [--first-case N] [--calls K] [--seed S] [--save DIR]
//                 [--verbose]
//
// Case N of seed S is always the same sequence of K calls (ApiCase.h), so a broken case is
// rerun with --seed S --first-case N --cases 1 --verbose, which prints its calls. A broken
// contract is printed with its seed and case number and its call log is saved under --save; a
// case that crashes or hangs leaves its number there through the case guard.
#include "ApiCase.h"
#include "CaseGuard.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

constexpr unsigned kHangSeconds = 30; // a case takes milliseconds; this is a hang

struct Options {
  double seconds = 60;
  std::uint64_t maxCases = UINT64_MAX;
  std::uint64_t firstCase = 0;
  unsigned callsPerCase = 48;
  std::uint64_t seed = 1;
  bool verbose = false;
  std::string saveDir;
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
    else if (const char *v = value("--first-case"))
      o.firstCase = std::strtoull(v, nullptr, 10);
    else if (const char *v = value("--calls"))
      o.callsPerCase = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
    else if (const char *v = value("--seed"))
      o.seed = std::strtoull(v, nullptr, 10);
    else if (const char *v = value("--save"))
      o.saveDir = v;
    else if (a == "--verbose")
      o.verbose = true;
    else
      return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (!parseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: %s [--seconds N] [--cases N] [--first-case N] [--calls K] [--seed S] "
                 "[--save DIR] [--verbose]\n",
                 argv[0]);
    return 2;
  }
  if (!o.saveDir.empty())
    fs::create_directories(o.saveDir);
  qiao::fuzz::installCaseGuard({o.saveDir, "case", kHangSeconds});
  std::uint64_t cases = 0, calls = 0, failed = 0;
  int broken = 0;
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  for (; cases < o.maxCases && elapsed() < o.seconds; ++cases) {
    std::uint64_t number = o.firstCase + cases;
    std::string label = "seed " + std::to_string(o.seed) + " case " + std::to_string(number);
    if (o.verbose)
      std::fprintf(stderr, "%s\n", label.c_str());
    qiao::fuzz::beginCase(number, label.data(), label.size());
    qiao::apifuzz::CaseResult r = qiao::apifuzz::runCase(o.seed, number, o.callsPerCase, o.verbose);
    qiao::fuzz::endCase();
    calls += r.calls;
    failed += r.failed;
    if (r.broken.empty())
      continue;
    ++broken;
    std::printf("case %llu (seed %llu): %s\n", static_cast<unsigned long long>(number),
                static_cast<unsigned long long>(o.seed), r.broken.c_str());
    std::fflush(stdout); // the next case may crash the process
    if (!o.saveDir.empty())
      std::ofstream(fs::path(o.saveDir) / ("case-" + std::to_string(number) + ".calls"))
          << label << '\n'
          << r.broken << '\n'
          << r.log;
  }
  std::printf("%llu cases, %llu calls in %.1f s (seed %llu): %llu calls refused with an allowed "
              "code, %d broke the contract\n",
              static_cast<unsigned long long>(cases), static_cast<unsigned long long>(calls),
              elapsed(), static_cast<unsigned long long>(o.seed),
              static_cast<unsigned long long>(failed), broken);
  return broken ? 1 : 0;
}
