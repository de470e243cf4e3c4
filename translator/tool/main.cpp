// qiao-translate: ports CUDA source trees to the Qiao API (translator/README.md).
#include "BuildMigration.h"
#include "IncludeScan.h"
#include "InputSet.h"
#include "MappingDatabase.h"
#include "OutputPlan.h"
#include "OutputSafety.h"
#include "Report.h"
#include "Translation.h"
#include "TreeCarry.h"
#include "UnifiedDiff.h"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#ifndef QIAO_SOURCE_DIR
#error "QIAO_SOURCE_DIR must name the source tree (fallback for the data files)"
#endif

namespace fs = std::filesystem;
using namespace qiao::translate;

namespace {

// The data a build tree's tool uses: beside it in the source tree (build/bin/../../translator),
// in an installed tree (bin/../share/qiao), else the source tree it was built from.
fs::path findData(const char *argv0, const fs::path &relative, const fs::path &installed) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    self = fs::absolute(argv0, ec);
  const fs::path bin = self.parent_path();
  for (const fs::path &candidate :
       {bin / ".." / ".." / relative, bin / ".." / "share" / "qiao" / installed})
    if (fs::exists(candidate, ec))
      return fs::weakly_canonical(candidate, ec);
  return fs::path(QIAO_SOURCE_DIR) / relative;
}

int listMappings(const qiao::mappings::MappingDatabase &db, const std::string &target) {
  std::printf("%-22s %10s %12s %8s\n", "family", "supported", "unsupported", "total");
  for (const auto &[family, counts] : db.countsByFamily(target))
    std::printf("%-22s %10zu %12zu %8zu\n", family.c_str(), counts.supported, counts.unsupported,
                counts.total());
  const auto totals = db.totals(target);
  std::printf("%-22s %10zu %12zu %8zu\n", "total", totals.supported, totals.unsupported,
              totals.total());
  return 0;
}

void printDiagnostics(const std::vector<Diagnostic> &diagnostics) {
  for (const Diagnostic &d : diagnostics) {
    if (d.severity == Severity::Note)
      continue;
    std::fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", d.where.file.c_str(), d.where.line,
                 d.where.column, severityName(d.severity).c_str(), d.message.c_str(), d.id.c_str());
  }
}

// A .cu file another includes is translated in its includer's place; a header that another
// includes, alone first (a header that parses alone is translated as every includer sees it),
// and in its includer's place when that alone fails.
FileResult translateSource(const Translator &translator, const Input &input) {
  if (input.includer.empty())
    return translator.translate(input.path, input.compileArgs);
  if (input.path.extension() == ".cu")
    return translator.translate(input.path, input.compileArgs, input.includer);
  FileResult alone = translator.translate(input.path, input.compileArgs);
  if (alone.parsedCleanly)
    return alone;
  FileResult inPlace = translator.translate(input.path, input.compileArgs, input.includer);
  return inPlace.parsedCleanly ? inPlace : alone;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"qiao-translate: ports CUDA source to the Qiao API (translator/README.md)"};
  std::vector<std::string> inputs, includeDirs, defines, extraArgs;
  std::string output, buildDir, target = "qiao", reportPath, cudaPath, mappingsDir;
  bool inPlace = false, dryRun = false, listMappingsOnly = false, printStats = false, quiet = false;
  unsigned jobs = 1;
  app.add_option("inputs", inputs,
                 "files and directories (.cu .cuh .h .hpp .cpp .cc .cxx, "
                 "CMakeLists.txt, Makefiles)");
  app.add_option("-o,--output", output, "output file (one input) or directory (same tree)");
  app.add_flag("--in-place", inPlace, "rewrite the inputs, keeping FILE.orig");
  app.add_flag("--dry-run", dryRun, "print a unified diff, write nothing");
  app.add_option("-p", buildDir, "build directory with compile_commands.json");
  app.add_option("-I", includeDirs, "include directory")->allow_extra_args(false);
  app.add_option("-D", defines, "macro NAME or NAME=VALUE")->allow_extra_args(false);
  app.add_option("-j,--jobs", jobs, "files translated in parallel")->check(CLI::Range(1u, 256u));
  app.add_option("--target", target, "mapping set: qiao (default) or hip");
  app.add_flag("--list-mappings", listMappingsOnly, "print the mapping counts by family");
  app.add_option("--report", reportPath, "write a report, JSON (.json) or XML (.xml)");
  app.add_flag("--print-stats", printStats, "print per-file and total statistics");
  app.add_option("--cuda-path", cudaPath, "a CUDA toolkit whose headers are CUDA's too (optional)");
  app.add_option("--mappings", mappingsDir, "mapping database directory");
  app.add_flag("-q,--quiet", quiet, "no progress line, no warnings");
  // Everything after `--` goes to Clang.
  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto dashes = std::find(args.begin(), args.end(), "--"); dashes != args.end()) {
    extraArgs.assign(dashes + 1, args.end());
    args.erase(dashes, args.end());
  }
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError &e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (mappingsDir.empty())
    mappingsDir = findData(argv[0], "translator/mappings", "mappings").string();
  auto db = qiao::mappings::MappingDatabase::loadDirectory(mappingsDir);
  if (!db) {
    for (const auto &e : db.errors())
      std::fprintf(stderr, "qiao-translate: %s\n", e.str().c_str());
    return 1;
  }
  const auto targets = db->targets();
  if (std::find(targets.begin(), targets.end(), target) == targets.end()) {
    std::fprintf(stderr, "qiao-translate: unknown --target %s\n", target.c_str());
    return 2;
  }
  if (listMappingsOnly)
    return listMappings(*db, target);

  InputSet set =
      buildDir.empty() ? collectInputs(inputs, output) : collectCompileCommands(buildDir);
  for (const std::string &error : set.errors)
    std::fprintf(stderr, "qiao-translate: %s\n", error.c_str());
  if (!quiet) {
    for (const std::string &skipped : set.skipped)
      std::fprintf(stderr, "qiao-translate: skipping %s\n", skipped.c_str());
    printDiagnostics(set.diagnostics);
  }
  if (!set.errors.empty())
    return 2;
  if (set.inputs.empty()) {
    std::fprintf(stderr, "qiao-translate: no inputs (try --help)\n");
    return 2;
  }
  OutputPlan plan;
  plan.out = output;
  plan.inPlace = inPlace;
  plan.singleFile = set.inputs.size() == 1 && !output.empty() && inputs.size() == 1 &&
                    !fs::is_directory(inputs.front()) && !fs::is_directory(output);
  const bool toStdout = !inPlace && !dryRun && output.empty();
  if (toStdout && set.inputs.size() != 1) {
    std::fprintf(stderr, "qiao-translate: several inputs need -o DIR, --in-place or --dry-run\n");
    return 2;
  }
  if (inPlace && !output.empty()) {
    std::fprintf(stderr, "qiao-translate: -o and --in-place exclude each other\n");
    return 2;
  }
  if (!dryRun) {
    if (auto overwrite = findOverwrite(plan, set.inputs, inputs)) {
      std::fprintf(stderr, "qiao-translate: %s\n", overwrite->c_str());
      return 2;
    }
  }

  Options options;
  options.target = target;
  options.includeDirs = includeDirs;
  options.defines = defines;
  options.extraArgs = extraArgs;
  // A tree's own header directories, searched after everything else: a project's build gives
  // them with -I (CMake's target_include_directories), which the translator does not read.
  if (buildDir.empty()) {
    for (const std::string &dir : headerDirectories(set))
      options.extraArgs.insert(options.extraArgs.begin(), {"-idirafter", dir});
    findIncluders(set, includeDirs);
  }
  options.cudaHeaders = findData(argv[0], "headers/cuda", "include/cuda");
  if (!cudaPath.empty())
    options.cudaPath = cudaPath;
  const Translator translator(*db, options);

  std::vector<FileRecord> records(set.inputs.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::mutex progress;
  const bool showProgress = !quiet && set.inputs.size() > 1 && isatty(STDERR_FILENO);
  auto work = [&] {
    for (std::size_t i = next++; i < set.inputs.size(); i = next++) {
      const Input &input = set.inputs[i];
      FileRecord &record = records[i];
      switch (input.kind) {
      case InputKind::Source:
        record.result = translateSource(translator, input);
        break;
      case InputKind::CMake:
        record.result = migrateCMake(input.path);
        break;
      case InputKind::Makefile:
        record.result = migrateMakefile(input.path);
        break;
      }
      record.peakRssKb = peakRssKb();
      const std::size_t finished = ++done;
      if (showProgress) {
        std::lock_guard lock(progress);
        std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", finished, set.inputs.size(),
                     input.path.c_str());
      }
    }
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 1; t < std::min<std::size_t>(jobs, set.inputs.size()); ++t)
    pool.emplace_back(work);
  work();
  pool.clear();
  if (showProgress)
    std::fprintf(stderr, "\r\033[K");

  bool writeFailed = false;
  for (std::size_t i = 0; i < records.size(); ++i) {
    FileRecord &record = records[i];
    const Input &input = set.inputs[i];
    if (!quiet)
      printDiagnostics(record.result.diagnostics);
    if (dryRun) {
      const fs::path out =
          outputFor(plan.out.empty() ? OutputPlan{input.root, false, false} : plan, input);
      std::fputs(unifiedDiff(record.result.original, record.result.translated, input.path.string(),
                             out.string())
                     .c_str(),
                 stdout);
    } else if (toStdout) {
      std::fputs(record.result.translated.c_str(), stdout);
    } else {
      const fs::path out = outputFor(plan, input);
      if (inPlace && record.result.translated == record.result.original)
        continue;
      if (auto error = writeOutput(out, record.result.translated, inPlace)) {
        std::fprintf(stderr, "qiao-translate: %s\n", error->c_str());
        writeFailed = true;
      } else if (!inPlace) {
        std::error_code ec; // a build file or header keeps its permissions, as copies do
        fs::permissions(out, fs::status(input.path, ec).permissions(), ec);
      }
      record.output = out.string();
    }
  }

  // A tree written from a tree is marked, so that a later run over a tree holding it (`src -o
  // src/ported`, then `src -o other`) skips it.
  const bool treeOut = !dryRun && !toStdout && !inPlace && !plan.singleFile &&
                       std::any_of(inputs.begin(), inputs.end(), [](const std::string &p) {
                         std::error_code ec;
                         return fs::is_directory(p, ec);
                       });
  if (treeOut) {
    if (auto error = markOutputTree(plan.out)) {
      std::fprintf(stderr, "qiao-translate: %s\n", error->c_str());
      writeFailed = true;
    }
  }
  // The rest of the trees, so that the output builds where it stands.
  TreeAccount tree;
  tree.diagnostics = set.diagnostics;
  tree.notCarried = set.leftOut;
  if (!dryRun && !toStdout && !inPlace && !plan.singleFile) {
    CarryResult carried = carryFiles(set.carried, plan);
    if (!quiet)
      printDiagnostics(carried.diagnostics);
    tree.carried = std::move(carried.records);
    tree.diagnostics.insert(tree.diagnostics.end(), carried.diagnostics.begin(),
                            carried.diagnostics.end());
    tree.copied = carried.copied;
    tree.links = carried.links;
    tree.notCarried += carried.failed;
  }

  const Summary total = summarize(records);
  const std::size_t peak = peakRssKb();
  if (!reportPath.empty()) {
    const bool xml = fs::path(reportPath).extension() == ".xml";
    std::ofstream report(reportPath, std::ios::binary);
    report << (xml ? xmlReport(records, total, peak, tree)
                   : jsonReport(records, total, peak, tree));
    if (!report) {
      std::fprintf(stderr, "qiao-translate: cannot write %s\n", reportPath.c_str());
      writeFailed = true;
    }
  }
  if (printStats)
    std::fputs(statsTable(records, total, peak, tree).c_str(),
               toStdout || dryRun ? stderr : stdout);
  return total.errors > 0 || writeFailed ? 1 : 0;
}
