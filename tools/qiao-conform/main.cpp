// qiao-conform: builds the conformance programs (conformance/<area>/<name>.cu) each way into
// Qiao, runs them against their sidecars' expectations and reports a programs x modes matrix
// (summary table, JUnit XML, HTML). Exit code 0 only when everything expected to pass passed.
#include "Builder.h"
#include "CaseResult.h"
#include "Execute.h"
#include "ExpectedFailures.h"
#include "Progress.h"
#include "Reports.h"
#include "RunInfo.h"
#include "Suite.h"
#include "WorkPool.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <thread>

#ifndef QIAO_SOURCE_DIR
#error "QIAO_SOURCE_DIR must name the source tree"
#endif
#ifndef QIAO_HOST_CXX
#error "QIAO_HOST_CXX must name the C++ compiler nvcc uses as its host compiler"
#endif

namespace fs = std::filesystem;
using namespace qiao::conform;

namespace {

struct Options {
  std::string modes = "shim,shim-static,translated,native";
  std::string execs = "auto";
  std::string filter;
  std::string tags;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool list = false;
  std::string junit, html;
  std::string suite, cache, nvcc, expectedFailures;
};

fs::path selfDirectory() {
  std::error_code ec;
  return fs::read_symlink("/proc/self/exe", ec).parent_path();
}

// The source tree beside a build tree's bin/ (build/bin/../..), else the one it was built from.
fs::path sourceTree() {
  const fs::path beside = selfDirectory() / ".." / "..";
  std::error_code ec;
  if (fs::exists(beside / "conformance" / "expected-failures.txt", ec))
    return fs::weakly_canonical(beside, ec);
  return QIAO_SOURCE_DIR;
}

fs::path findNvcc(const std::string &given) {
  if (!given.empty())
    return given;
  std::error_code ec;
  if (const char *path = std::getenv("PATH"))
    for (const std::string &directory : splitList(path, ':'))
      if (fs::exists(fs::path(directory) / "nvcc", ec))
        return fs::path(directory) / "nvcc";
  if (fs::exists("/usr/local/cuda/bin/nvcc", ec))
    return "/usr/local/cuda/bin/nvcc";
  return {};
}

bool hasNvidiaDriver() {
  std::error_code ec;
  return fs::exists("/proc/driver/nvidia/version", ec);
}

bool selected(const Program &program, const std::optional<std::regex> &filter,
              const std::vector<std::string> &tags) {
  if (filter && !std::regex_search(program.id(), *filter))
    return false;
  if (tags.empty())
    return true;
  for (const std::string &tag : tags)
    for (const std::string &own : program.tags)
      if (tag == own)
        return true;
  return false;
}

int listPrograms(const std::vector<const Program *> &programs) {
  for (const Program *program : programs) {
    std::string modes, tags;
    for (Mode mode : program->modes)
      modes += (modes.empty() ? "" : ",") + std::string(modeName(mode));
    for (const std::string &tag : program->tags)
      tags += (tags.empty() ? "" : ",") + tag;
    std::printf("%-40s modes=%s tags=%s\n", program->id().c_str(), modes.c_str(), tags.c_str());
  }
  std::printf("%zu programs\n", programs.size());
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  CLI::App app{"qiao-conform: runs the CUDA conformance programs on Qiao, every way in"};
  app.add_option("--modes", options.modes,
                 "comma-separated: shim (nvcc -cudart shared, Qiao's libcudart), shim-static "
                 "(nvcc's default static runtime, Qiao's libcuda), translated (qiao-translate + "
                 "qiao-c++), native (NVIDIA's libraries on an NVIDIA GPU)")
      ->capture_default_str();
  app.add_option("--exec", options.execs,
                 "comma-separated QIAO_EXEC backends for the shim modes: interp, jit, auto, check")
      ->capture_default_str();
  app.add_option("--filter", options.filter, "only programs whose area/name matches this regex");
  app.add_option("--tags", options.tags, "only programs with one of these comma-separated tags");
  app.add_option("-j,--jobs", options.jobs, "builds and runs at once (default: all cores)")
      ->check(CLI::PositiveNumber);
  app.add_flag("--list", options.list, "list the selected programs and exit");
  app.add_option("--junit", options.junit, "write JUnit XML here");
  app.add_option("--html", options.html, "write the self-contained HTML matrix here");
  app.add_option("--suite", options.suite,
                 "the conformance directory (default: the source tree's)");
  app.add_option("--cache", options.cache,
                 "the build cache (default: conformance-cache in the build directory)");
  app.add_option("--nvcc", options.nvcc, "nvcc to build with (default: PATH, /usr/local/cuda)");
  app.add_option("--expected-failures", options.expectedFailures,
                 "the known gaps (default: SUITE/expected-failures.txt)");
  CLI11_PARSE(app, argc, argv);

  std::vector<Mode> modes;
  for (const std::string &name : splitList(options.modes)) {
    const std::optional<Mode> mode = parseMode(name);
    if (!mode) {
      std::fprintf(stderr,
                   "qiao-conform: unknown mode '%s' (shim, shim-static, translated, native)\n",
                   name.c_str());
      return 2;
    }
    modes.push_back(*mode);
  }
  const std::vector<std::string> execs = splitList(options.execs);
  for (const std::string &exec : execs)
    if (exec != "interp" && exec != "jit" && exec != "auto" && exec != "check") {
      std::fprintf(stderr, "qiao-conform: unknown backend '%s' (interp, jit, auto, check)\n",
                   exec.c_str());
      return 2;
    }
  if (modes.empty() || execs.empty()) {
    std::fprintf(stderr, "qiao-conform: --modes and --exec need at least one value\n");
    return 2;
  }
  std::optional<std::regex> filter;
  try {
    if (!options.filter.empty())
      filter.emplace(options.filter, std::regex::ECMAScript);
  } catch (const std::regex_error &error) {
    std::fprintf(stderr, "qiao-conform: --filter '%s' is not a regex: %s\n", options.filter.c_str(),
                 error.what());
    return 2;
  }

  const fs::path source = sourceTree();
  const fs::path suiteDir =
      options.suite.empty() ? source / "conformance" : fs::path(options.suite);
  Suite suite = loadSuite(suiteDir);
  std::vector<std::string> problems = suite.errors;
  std::set<std::string> ids;
  std::vector<const Program *> programs;
  for (const Program &program : suite.programs) {
    ids.insert(program.id());
    if (selected(program, filter, splitList(options.tags)))
      programs.push_back(&program);
  }
  const ExpectedFailures expectedFailures =
      ExpectedFailures::load(options.expectedFailures.empty() ? suiteDir / "expected-failures.txt"
                                                              : fs::path(options.expectedFailures),
                             ids, problems);
  for (const std::string &problem : problems)
    std::fprintf(stderr, "qiao-conform: %s\n", problem.c_str());
  if (options.list)
    return listPrograms(programs) == 0 && problems.empty() ? 0 : 1;

  const auto start = std::chrono::steady_clock::now();
  const fs::path bin = selfDirectory();
  Toolchain toolchain;
  toolchain.nvcc = findNvcc(options.nvcc);
  toolchain.hostCompiler = QIAO_HOST_CXX;
  toolchain.qiaoTranslate = bin / "qiao-translate";
  toolchain.qiaoCxx = bin / "qiao-c++";
  toolchain.includeDir = suiteDir / "include";
  toolchain.qiaoHeaders = source / "headers";
  toolchain.translatorData = source / "translator" / "mappings";
  std::error_code ec;
  toolchain.cacheDir = fs::weakly_canonical(
      options.cache.empty() ? bin / ".." / "conformance-cache" : fs::path(options.cache), ec);
  toolchain.jobs = options.jobs;
  RunEnvironment environment{bin / "qiao-run", hasNvidiaDriver()};

  // native needs no build where it cannot run.
  std::vector<Mode> buildModes;
  for (Mode mode : modes)
    if (mode != Mode::Native || environment.nvidiaDriver)
      buildModes.push_back(mode);
  Progress progress;
  Builder builder(toolchain);
  builder.buildAll(programs, buildModes, progress);

  struct Planned {
    const Program *program;
    Mode mode;
    std::string exec;
  };
  std::vector<Planned> plan;
  for (const Program *program : programs)
    for (Mode mode : modes) {
      if (!program->modes.count(mode))
        continue;
      if (usesPtxEngine(mode))
        for (const std::string &exec : execs)
          plan.push_back({program, mode, exec});
      else
        plan.push_back({program, mode, ""});
    }
  std::vector<CaseResult> results(plan.size());
  progress.start("run", plan.size());
  parallelFor(plan.size(), options.jobs, [&](size_t i) {
    results[i] = runCase(*plan[i].program, plan[i].mode, plan[i].exec, builder, environment,
                         expectedFailures);
    progress.step(isProblem(results[i].status));
  });
  progress.finish();

  RunInfo info = describeRun(options.modes, execs);
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fputs(summaryTable(results, info).c_str(), stdout);
  for (const std::string &problem : problems)
    std::printf("suite error: %s\n", problem.c_str());
  int status = problems.empty() ? 0 : 1;
  for (const CaseResult &result : results)
    if (isProblem(result.status))
      status = 1;
  for (const auto &[file, write] :
       {std::pair<std::string, decltype(&writeJUnit)>{options.junit, &writeJUnit},
        {options.html, &writeHtml}}) {
    if (file.empty())
      continue;
    const std::string error = write(file, results, info);
    if (!error.empty()) {
      std::fprintf(stderr, "qiao-conform: %s\n", error.c_str());
      status = 2;
    }
  }
  return status;
}
