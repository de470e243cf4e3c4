#include "Reports.h"

#include <cstdio>
#include <map>

namespace qiao::conform {

std::string summaryTable(const std::vector<CaseResult> &results, const RunInfo &info) {
  std::vector<std::string> columns;
  std::map<std::string, std::map<Status, size_t>> counts;
  std::map<Status, size_t> totals;
  for (const CaseResult &result : results) {
    const std::string column = result.column(info.multipleExecs);
    if (!counts.count(column))
      columns.push_back(column);
    ++counts[column][result.status];
    ++totals[result.status];
  }
  std::string text;
  char line[256];
  auto row = [&](const std::string &name, std::map<Status, size_t> &byStatus) {
    std::snprintf(line, sizeof line, "%-20s", name.c_str());
    text += line;
    size_t all = 0;
    for (Status status : kAllStatuses) {
      std::snprintf(line, sizeof line, " %11zu", byStatus[status]);
      text += line;
      all += byStatus[status];
    }
    std::snprintf(line, sizeof line, " %7zu\n", all);
    text += line;
  };
  std::snprintf(line, sizeof line, "%-20s", "mode");
  text += line;
  for (Status status : kAllStatuses) {
    std::snprintf(line, sizeof line, " %11s", std::string(statusName(status)).c_str());
    text += line;
  }
  text += "   total\n";
  for (const std::string &column : columns)
    row(column, counts[column]);
  if (columns.size() > 1)
    row("all", totals);

  bool header = false;
  for (const CaseResult &result : results) {
    if (!isProblem(result.status))
      continue;
    if (!header)
      text += "\nfailing:\n";
    header = true;
    text += "  " + result.program->id() + " [" + result.column(info.multipleExecs) + "] " +
            std::string(statusName(result.status)) + ": " + result.message + "\n";
  }
  std::snprintf(line, sizeof line, "\n%zu cases in %.1f s; Qiao %s; %s\n", results.size(),
                info.seconds, info.qiaoVersion.c_str(), info.date.c_str());
  text += line;
  return text;
}

} // namespace qiao::conform
