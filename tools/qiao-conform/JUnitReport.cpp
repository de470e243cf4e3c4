#include "Reports.h"

#include <tinyxml2.h>

#include <cstdio>
#include <map>

namespace qiao::conform {
namespace {

// XML 1.0 has no place for most control characters; a program's output may hold any byte.
std::string xmlText(std::string text) {
  for (char &c : text)
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')
      c = '?';
  return text;
}

} // namespace

std::string junitName(const CaseResult &result, bool withExec) {
  return result.program->name + (withExec && !result.exec.empty() ? "[" + result.exec + "]" : "");
}

std::string junitClassname(const CaseResult &result) {
  return "conformance." + result.program->area + "." + std::string(modeName(result.mode));
}

std::string writeJUnit(const std::filesystem::path &file, const std::vector<CaseResult> &results,
                       const RunInfo &info) {
  tinyxml2::XMLDocument document;
  document.InsertEndChild(document.NewDeclaration());
  tinyxml2::XMLElement *root = document.NewElement("testsuites");
  document.InsertEndChild(root);
  root->SetAttribute("name", "qiao-conform");

  // One <testsuite> per classname, in the order they first appear.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const CaseResult *>> suites;
  for (const CaseResult &result : results) {
    const std::string name = junitClassname(result);
    if (!suites.count(name))
      order.push_back(name);
    suites[name].push_back(&result);
  }
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  for (const std::string &name : order) {
    tinyxml2::XMLElement *suite = root->InsertNewChildElement("testsuite");
    suite->SetAttribute("name", name.c_str());
    suite->SetAttribute("timestamp", info.date.c_str());
    tinyxml2::XMLElement *properties = suite->InsertNewChildElement("properties");
    for (const auto &[key, value] :
         {std::pair<const char *, std::string>{"qiao.version", info.qiaoVersion},
          {"machine", info.machine},
          {"exec", info.execs}}) {
      tinyxml2::XMLElement *property = properties->InsertNewChildElement("property");
      property->SetAttribute("name", key);
      property->SetAttribute("value", xmlText(value).c_str());
    }
    size_t suiteFailures = 0, suiteErrors = 0, suiteSkipped = 0;
    double suiteSeconds = 0;
    for (const CaseResult *result : suites[name]) {
      tinyxml2::XMLElement *testcase = suite->InsertNewChildElement("testcase");
      testcase->SetAttribute("classname", name.c_str());
      testcase->SetAttribute("name", junitName(*result, info.multipleExecs).c_str());
      char time[32];
      std::snprintf(time, sizeof time, "%.3f", result->seconds);
      testcase->SetAttribute("time", time);
      suiteSeconds += result->seconds;
      const char *element = nullptr;
      switch (result->status) {
      case Status::Pass:
        break;
      case Status::Skip:
      case Status::ExpectedFail:
        element = "skipped";
        ++suiteSkipped;
        break;
      case Status::BuildError:
        element = "error";
        ++suiteErrors;
        break;
      default:
        element = "failure";
        ++suiteFailures;
      }
      if (!element)
        continue;
      tinyxml2::XMLElement *outcome = testcase->InsertNewChildElement(element);
      outcome->SetAttribute("message", xmlText(result->message).c_str());
      outcome->SetAttribute("type", std::string(statusName(result->status)).c_str());
      if (result->status != Status::Skip && !result->details.empty())
        outcome->SetText(xmlText(result->details).c_str());
    }
    suite->SetAttribute("tests", static_cast<unsigned>(suites[name].size()));
    suite->SetAttribute("failures", static_cast<unsigned>(suiteFailures));
    suite->SetAttribute("errors", static_cast<unsigned>(suiteErrors));
    suite->SetAttribute("skipped", static_cast<unsigned>(suiteSkipped));
    char time[32];
    std::snprintf(time, sizeof time, "%.3f", suiteSeconds);
    suite->SetAttribute("time", time);
    tests += suites[name].size();
    failures += suiteFailures;
    errors += suiteErrors;
    skipped += suiteSkipped;
    seconds += suiteSeconds;
  }
  root->SetAttribute("tests", static_cast<unsigned>(tests));
  root->SetAttribute("failures", static_cast<unsigned>(failures));
  root->SetAttribute("errors", static_cast<unsigned>(errors));
  root->SetAttribute("skipped", static_cast<unsigned>(skipped));
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", info.seconds);
  root->SetAttribute("time", time);
  if (document.SaveFile(file.c_str()) != tinyxml2::XML_SUCCESS)
    return "cannot write " + file.string() + ": " + document.ErrorStr();
  return "";
}

} // namespace qiao::conform
