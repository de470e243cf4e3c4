// The account of a run: per file and in total, references converted and not, by API family and
// by method, changed lines, diagnostics, time and memory. Written as JSON or XML (--report) or
// as a table (--print-stats).
#pragma once

#include "Translation.h"
#include "TreeCarry.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace qiao::translate {

struct FileRecord {
  FileResult result;
  std::string output;        // where it was written, empty for --dry-run
  std::size_t peakRssKb = 0; // process peak after this file (growth is per file when -j 1)
};

struct Tally {
  std::size_t converted = 0, notConverted = 0;
  std::size_t total() const { return converted + notConverted; }
  double percent() const { return total() ? 100.0 * double(converted) / double(total()) : 100.0; }
};

struct Summary {
  Tally references;
  std::map<std::string, Tally> byFamily;
  std::map<std::string, std::size_t> byMethod;
  std::size_t changedLines = 0, files = 0, filesChanged = 0, warnings = 0, errors = 0;
  double seconds = 0;
};

// The files of the trees that were not translated: carried (copied, links) or left out, and
// what was said about them (QT1005, QT1006).
struct TreeAccount {
  std::vector<CarryRecord> carried;
  std::vector<Diagnostic> diagnostics;
  std::size_t copied = 0, links = 0, notCarried = 0;
};

Summary summarize(const std::vector<FileRecord> &files);
std::string methodName(Method method);
std::string severityName(Severity severity);

std::string jsonReport(const std::vector<FileRecord> &files, const Summary &total,
                       std::size_t peakRssKb, const TreeAccount &tree = {});
std::string xmlReport(const std::vector<FileRecord> &files, const Summary &total,
                      std::size_t peakRssKb, const TreeAccount &tree = {});
std::string statsTable(const std::vector<FileRecord> &files, const Summary &total,
                       std::size_t peakRssKb, const TreeAccount &tree = {});

// Process peak resident memory, in KiB.
std::size_t peakRssKb();

} // namespace qiao::translate
