#include "Report.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <tinyxml2.h>

namespace qiao::translate {

namespace {

// The length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8Length(const std::string &s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead >= 0xf0 && lead < 0xf5   ? 4
                             : lead >= 0xe0                ? 3
                             : lead >= 0xc2 && lead < 0xe0 ? 2
                                                           : 0;
  if (length == 0 || i + length > s.size())
    return 0;
  for (std::size_t k = i + 1; k < i + length; ++k)
    if ((byte(k) & 0xc0) != 0x80)
      return 0;
  return length;
}

// A path is bytes: one that is not UTF-8 is written with each stray byte as the code point of
// the same value, so that the report stays JSON.
std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t length = utf8Length(s, i)) {
        out.append(s, i, length);
        i += length - 1;
      } else {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      }
      continue;
    }
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, value);
  return buf;
}

std::string where(const Location &l) {
  return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

Summary summarizeOne(const FileRecord &file) {
  Summary s;
  s.files = 1;
  s.filesChanged = file.result.translated != file.result.original;
  s.changedLines = file.result.changedLines;
  s.seconds = file.result.seconds;
  for (const Reference &r : file.result.references) {
    Tally &family = s.byFamily[r.family];
    (r.converted ? s.references.converted : s.references.notConverted)++;
    (r.converted ? family.converted : family.notConverted)++;
    if (r.converted)
      ++s.byMethod[methodName(r.method)];
  }
  for (const Diagnostic &d : file.result.diagnostics) {
    s.warnings += d.severity == Severity::Warning;
    s.errors += d.severity == Severity::Error;
  }
  return s;
}

void add(Summary &into, const Summary &one) {
  into.references.converted += one.references.converted;
  into.references.notConverted += one.references.notConverted;
  for (const auto &[family, t] : one.byFamily) {
    into.byFamily[family].converted += t.converted;
    into.byFamily[family].notConverted += t.notConverted;
  }
  for (const auto &[method, n] : one.byMethod)
    into.byMethod[method] += n;
  into.changedLines += one.changedLines;
  into.files += one.files;
  into.filesChanged += one.filesChanged;
  into.warnings += one.warnings;
  into.errors += one.errors;
  into.seconds += one.seconds;
}

std::string jsonSummary(const Summary &s, const std::string &indent) {
  std::string out = "{\n";
  out += indent + "  \"converted\": " + std::to_string(s.references.converted) + ",\n";
  out += indent + "  \"not_converted\": " + std::to_string(s.references.notConverted) + ",\n";
  out += indent + "  \"percent\": " + fixed(s.references.percent(), 1) + ",\n";
  out += indent + "  \"changed_lines\": " + std::to_string(s.changedLines) + ",\n";
  out += indent + "  \"seconds\": " + fixed(s.seconds, 3) + ",\n";
  out += indent + "  \"by_method\": {";
  bool first = true;
  for (const auto &[method, n] : s.byMethod) {
    out += (first ? "" : ", ") + jsonString(method) + ": " + std::to_string(n);
    first = false;
  }
  out += "},\n" + indent + "  \"by_family\": {";
  first = true;
  for (const auto &[family, t] : s.byFamily) {
    out += (first ? "\n" : ",\n") + indent + "    " + jsonString(family) +
           ": {\"converted\": " + std::to_string(t.converted) +
           ", \"not_converted\": " + std::to_string(t.notConverted) + "}";
    first = false;
  }
  out += (first ? "}" : "\n" + indent + "  }") + std::string("\n") + indent + "}";
  return out;
}

} // namespace

std::string methodName(Method method) {
  switch (method) {
  case Method::Semantic:
    return "semantic";
  case Method::Preprocessor:
    return "preprocessor";
  case Method::Token:
    return "token";
  }
  return "unknown";
}

std::string severityName(Severity severity) {
  switch (severity) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "unknown";
}

Summary summarize(const std::vector<FileRecord> &files) {
  Summary total;
  for (const FileRecord &f : files)
    add(total, summarizeOne(f));
  return total;
}

std::size_t peakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss);
}

std::string jsonReport(const std::vector<FileRecord> &files, const Summary &total, std::size_t peak,
                       const TreeAccount &tree) {
  std::string out =
      "{\n  \"tool\": \"qiao-translate\",\n  \"peak_rss_kb\": " + std::to_string(peak) +
      ",\n  \"total\": " + jsonSummary(total, "  ") +
      ",\n  \"tree\": {\"translated\": " + std::to_string(total.files) +
      ", \"changed\": " + std::to_string(total.filesChanged) +
      ", \"copied\": " + std::to_string(tree.copied) +
      ", \"links\": " + std::to_string(tree.links) +
      ", \"not_carried\": " + std::to_string(tree.notCarried) + "},\n  \"carried\": [";
  bool firstCarried = true;
  for (const CarryRecord &c : tree.carried) {
    out += std::string(firstCarried ? "\n" : ",\n") +
           "    {\"input\": " + jsonString(c.input.string()) +
           ", \"output\": " + jsonString(c.output.string()) +
           ", \"kind\": " + (c.kind == CarryKind::Copy ? "\"copy\"" : "\"link\"") +
           ", \"written\": " + (c.written ? "true" : "false") + "}";
    firstCarried = false;
  }
  out += std::string(firstCarried ? "]" : "\n  ]") + ",\n  \"tree_diagnostics\": [";
  firstCarried = true;
  for (const Diagnostic &d : tree.diagnostics) {
    out += std::string(firstCarried ? "\n" : ",\n") + "    {\"id\": " + jsonString(d.id) +
           ", \"severity\": " + jsonString(severityName(d.severity)) +
           ", \"path\": " + jsonString(d.where.file) + ", \"message\": " + jsonString(d.message) +
           "}";
    firstCarried = false;
  }
  out += std::string(firstCarried ? "]" : "\n  ]") + ",\n  \"files\": [";
  bool firstFile = true;
  for (const FileRecord &f : files) {
    const Summary s = summarizeOne(f);
    out += std::string(firstFile ? "\n" : ",\n") +
           "    {\n      \"input\": " + jsonString(f.result.input.string()) +
           ",\n      \"output\": " + jsonString(f.output) +
           ",\n      \"parsed_cleanly\": " + (f.result.parsedCleanly ? "true" : "false") +
           ",\n      \"peak_rss_kb\": " + std::to_string(f.peakRssKb) +
           ",\n      \"summary\": " + jsonSummary(s, "      ") + ",\n      \"not_converted\": [";
    bool first = true;
    for (const Reference &r : f.result.references) {
      if (r.converted)
        continue;
      out += std::string(first ? "\n" : ",\n") + "        {\"name\": " + jsonString(r.cudaName) +
             ", \"family\": " + jsonString(r.family) +
             ", \"where\": " + jsonString(where(r.where)) + "}";
      first = false;
    }
    out += std::string(first ? "]" : "\n      ]") + ",\n      \"diagnostics\": [";
    first = true;
    for (const Diagnostic &d : f.result.diagnostics) {
      out += std::string(first ? "\n" : ",\n") + "        {\"id\": " + jsonString(d.id) +
             ", \"severity\": " + jsonString(severityName(d.severity)) +
             ", \"where\": " + jsonString(where(d.where)) +
             ", \"message\": " + jsonString(d.message) + "}";
      first = false;
    }
    out += std::string(first ? "]" : "\n      ]") + "\n    }";
    firstFile = false;
  }
  out += std::string(firstFile ? "]" : "\n  ]") + "\n}\n";
  return out;
}

std::string xmlReport(const std::vector<FileRecord> &files, const Summary &total, std::size_t peak,
                      const TreeAccount &tree) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  tinyxml2::XMLElement *root = doc.NewElement("qiao-translate");
  doc.InsertEndChild(root);
  root->SetAttribute("peak_rss_kb", static_cast<int64_t>(peak));
  auto summary = [&](tinyxml2::XMLElement *parent, const Summary &s) {
    tinyxml2::XMLElement *e = parent->InsertNewChildElement("summary");
    e->SetAttribute("converted", static_cast<int64_t>(s.references.converted));
    e->SetAttribute("not_converted", static_cast<int64_t>(s.references.notConverted));
    e->SetAttribute("percent", fixed(s.references.percent(), 1).c_str());
    e->SetAttribute("changed_lines", static_cast<int64_t>(s.changedLines));
    e->SetAttribute("seconds", fixed(s.seconds, 3).c_str());
    for (const auto &[method, n] : s.byMethod) {
      tinyxml2::XMLElement *m = e->InsertNewChildElement("method");
      m->SetAttribute("name", method.c_str());
      m->SetAttribute("converted", static_cast<int64_t>(n));
    }
    for (const auto &[family, t] : s.byFamily) {
      tinyxml2::XMLElement *f = e->InsertNewChildElement("family");
      f->SetAttribute("name", family.c_str());
      f->SetAttribute("converted", static_cast<int64_t>(t.converted));
      f->SetAttribute("not_converted", static_cast<int64_t>(t.notConverted));
    }
  };
  summary(root, total);
  tinyxml2::XMLElement *treeElement = root->InsertNewChildElement("tree");
  treeElement->SetAttribute("translated", static_cast<int64_t>(total.files));
  treeElement->SetAttribute("changed", static_cast<int64_t>(total.filesChanged));
  treeElement->SetAttribute("copied", static_cast<int64_t>(tree.copied));
  treeElement->SetAttribute("links", static_cast<int64_t>(tree.links));
  treeElement->SetAttribute("not_carried", static_cast<int64_t>(tree.notCarried));
  for (const CarryRecord &c : tree.carried) {
    tinyxml2::XMLElement *e = treeElement->InsertNewChildElement("carried");
    e->SetAttribute("input", c.input.string().c_str());
    e->SetAttribute("output", c.output.string().c_str());
    e->SetAttribute("kind", c.kind == CarryKind::Copy ? "copy" : "link");
    e->SetAttribute("written", c.written);
  }
  for (const Diagnostic &d : tree.diagnostics) {
    tinyxml2::XMLElement *e = treeElement->InsertNewChildElement("diagnostic");
    e->SetAttribute("id", d.id.c_str());
    e->SetAttribute("severity", severityName(d.severity).c_str());
    e->SetAttribute("path", d.where.file.c_str());
    e->SetText(d.message.c_str());
  }
  for (const FileRecord &f : files) {
    tinyxml2::XMLElement *file = root->InsertNewChildElement("file");
    file->SetAttribute("input", f.result.input.string().c_str());
    file->SetAttribute("output", f.output.c_str());
    file->SetAttribute("parsed_cleanly", f.result.parsedCleanly);
    file->SetAttribute("peak_rss_kb", static_cast<int64_t>(f.peakRssKb));
    summary(file, summarizeOne(f));
    for (const Reference &r : f.result.references) {
      if (r.converted)
        continue;
      tinyxml2::XMLElement *n = file->InsertNewChildElement("not-converted");
      n->SetAttribute("name", r.cudaName.c_str());
      n->SetAttribute("family", r.family.c_str());
      n->SetAttribute("where", where(r.where).c_str());
    }
    for (const Diagnostic &d : f.result.diagnostics) {
      tinyxml2::XMLElement *n = file->InsertNewChildElement("diagnostic");
      n->SetAttribute("id", d.id.c_str());
      n->SetAttribute("severity", severityName(d.severity).c_str());
      n->SetAttribute("where", where(d.where).c_str());
      n->SetText(d.message.c_str());
    }
  }
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

std::string statsTable(const std::vector<FileRecord> &files, const Summary &total, std::size_t peak,
                       const TreeAccount &tree) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-48s %9s %9s %7s %7s %8s %9s\n", "file", "converted", "left",
                "%", "lines", "seconds", "peak KiB");
  out += line;
  for (const FileRecord &f : files) {
    const Summary s = summarizeOne(f);
    std::string name = f.result.input.string();
    if (name.size() > 48)
      name = "..." + name.substr(name.size() - 45);
    std::snprintf(line, sizeof line, "%-48s %9zu %9zu %7.1f %7zu %8.3f %9zu\n", name.c_str(),
                  s.references.converted, s.references.notConverted, s.references.percent(),
                  s.changedLines, s.seconds, f.peakRssKb);
    out += line;
  }
  std::snprintf(line, sizeof line, "%-48s %9zu %9zu %7.1f %7zu %8.3f %9zu\n", "total",
                total.references.converted, total.references.notConverted,
                total.references.percent(), total.changedLines, total.seconds, peak);
  out += line;
  out += "by family:";
  for (const auto &[family, t] : total.byFamily)
    out += " " + family + " " + std::to_string(t.converted) + "/" + std::to_string(t.total());
  out += "\nby method:";
  for (const auto &[method, n] : total.byMethod)
    out += " " + method + " " + std::to_string(n);
  const auto treeWarnings = static_cast<std::size_t>(
      std::count_if(tree.diagnostics.begin(), tree.diagnostics.end(),
                    [](const Diagnostic &d) { return d.severity == Severity::Warning; }));
  out += "\nfiles: " + std::to_string(total.files) + " translated (" +
         std::to_string(total.filesChanged) + " changed), " + std::to_string(tree.copied) +
         " copied, " + std::to_string(tree.links) + " links, " + std::to_string(tree.notCarried) +
         " not carried; warnings " + std::to_string(total.warnings + treeWarnings) + ", errors " +
         std::to_string(total.errors) + "\n";
  for (const FileRecord &f : files)
    for (const Reference &r : f.result.references)
      if (!r.converted)
        out += "  not converted: " + where(r.where) + " " + r.cudaName + " (" + r.family + ")\n";
  return out;
}

} // namespace qiao::translate
