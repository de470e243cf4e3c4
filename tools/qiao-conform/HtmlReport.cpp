#include "Reports.h"

#include "ReportAssets.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

namespace qiao::conform {
namespace {

std::string escape(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string joined(const std::vector<std::string> &items, const char *separator) {
  std::string text;
  for (const std::string &item : items)
    text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string selectOptions(const std::set<std::string> &values) {
  std::string html = "<option value=\"\">all</option>";
  for (const std::string &value : values)
    html += "<option>" + escape(value) + "</option>";
  return html;
}

} // namespace

std::string writeHtml(const std::filesystem::path &file, const std::vector<CaseResult> &results,
                      const RunInfo &info) {
  // Rows: programs in the order of the results; columns: modes (and backends) in first-seen
  // order.
  std::vector<const Program *> programs;
  std::vector<std::string> columns;
  std::map<const Program *, std::map<std::string, const CaseResult *>> cells;
  std::set<std::string> areas, tags, statuses;
  std::map<std::string, std::map<Status, size_t>> counts;
  for (const CaseResult &result : results) {
    const std::string column = result.column(info.multipleExecs);
    if (!cells.count(result.program)) {
      programs.push_back(result.program);
      areas.insert(result.program->area);
      tags.insert(result.program->tags.begin(), result.program->tags.end());
    }
    if (!counts.count(column))
      columns.push_back(column);
    cells[result.program][column] = &result;
    ++counts[column][result.status];
    statuses.insert(std::string(statusName(result.status)));
  }

  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                     "<title>Qiao conformance</title>\n<style>\n";
  html += kReportCss;
  html += "</style>\n<script>\n";
  html += kReportJs;
  html += "</script>\n</head><body>\n<h1>Qiao conformance</h1>\n";
  char line[512];
  std::snprintf(line, sizeof line, "%zu cases, %zu programs, %.1f s", results.size(),
                programs.size(), info.seconds);
  html += "<p class=\"meta\">Qiao " + escape(info.qiaoVersion) + " &middot; " + escape(info.date) +
          " &middot; " + line + "</p>\n";
  html += "<p class=\"meta\">Machine: " + escape(info.machine) + "</p>\n";
  html += "<p class=\"meta\">Modes: " + escape(info.modes) +
          " &middot; QIAO_EXEC: " + escape(info.execs) + "</p>\n";

  html += "<table class=\"summary\"><tr><th>mode</th>";
  for (Status status : kAllStatuses)
    html += "<th class=\"" + std::string(statusName(status)) + "\">" +
            std::string(statusName(status)) + "</th>";
  html += "</tr>\n";
  for (const std::string &column : columns) {
    html += "<tr><td>" + escape(column) + "</td>";
    for (Status status : kAllStatuses)
      html += "<td>" + std::to_string(counts[column][status]) + "</td>";
    html += "</tr>\n";
  }
  html += "</table>\n";

  html += "<div class=\"filters\"><label>Area <select id=\"area\">" + selectOptions(areas) +
          "</select></label><label>Tag <select id=\"tag\">" + selectOptions(tags) +
          "</select></label><label>Status <select id=\"status\">" + selectOptions(statuses) +
          "</select></label><span id=\"shown\"></span></div>\n<p class=\"legend\">";
  for (Status status : kAllStatuses)
    html += "<span class=\"" + std::string(statusName(status)) + "\">" +
            std::string(statusName(status)) + "</span>";
  html += " &middot; click a cell that is not a pass for its output</p>\n";

  html += "<table id=\"matrix\"><thead><tr><th>area</th><th>program</th>";
  for (const std::string &column : columns)
    html += "<th>" + escape(column) + "</th>";
  html += "</tr></thead><tbody>\n";
  for (size_t index = 0; index < programs.size(); ++index) {
    const Program *program = programs[index];
    std::set<std::string> rowStatuses;
    std::string row, detail;
    for (const std::string &column : columns) {
      auto it = cells[program].find(column);
      if (it == cells[program].end()) {
        row += "<td class=\"cell none\" title=\"does not apply\">&ndash;</td>";
        continue;
      }
      const CaseResult &result = *it->second;
      const std::string status(statusName(result.status));
      rowStatuses.insert(status);
      if (result.status == Status::Pass) {
        row += "<td class=\"cell pass\">pass</td>";
        continue;
      }
      row += "<td class=\"cell clickable " + status + "\" title=\"" + escape(result.message) +
             "\" onclick=\"toggleDetail(" + std::to_string(index) + ")\">" + status + "</td>";
      detail += "<div><b>" + escape(column) + "</b> " + status + ": " + escape(result.message);
      if (!result.details.empty())
        detail += "<pre>" + escape(result.details) + "</pre>";
      detail += "</div>";
    }
    std::vector<std::string> statusList(rowStatuses.begin(), rowStatuses.end());
    html += "<tr class=\"program\" data-index=\"" + std::to_string(index) + "\" data-area=\"" +
            escape(program->area) + "\" data-tags=\"" + escape(joined(program->tags, " ")) +
            "\" data-status=\"" + joined(statusList, " ") + "\"><td>" + escape(program->area) +
            "</td><td>" + escape(program->name) + " <span class=\"tags\">" +
            escape(joined(program->tags, ", ")) + "</span></td>" + row + "</tr>\n";
    if (!detail.empty())
      html += "<tr class=\"detail\" id=\"detail-" + std::to_string(index) +
              "\" hidden><td colspan=\"" + std::to_string(columns.size() + 2) + "\">" + detail +
              "</td></tr>\n";
  }
  html += "</tbody></table>\n</body></html>\n";

  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << html;
  out.close();
  if (!out)
    return "cannot write " + file.string();
  return "";
}

} // namespace qiao::conform
