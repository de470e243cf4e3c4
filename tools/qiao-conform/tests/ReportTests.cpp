#include "Reports.h"

#include <gtest/gtest.h>
#include <tinyxml2.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace qiao::conform;
namespace fs = std::filesystem;

namespace {

struct Fixture {
  Program copy, hang;
  std::vector<CaseResult> results;
  RunInfo info;
  Fixture() {
    copy.area = "memory";
    copy.name = "copy";
    copy.tags = {"memory", "async"};
    hang.area = "streams";
    hang.name = "hang";
    auto add = [&](const Program &program, Mode mode, Status status, std::string message) {
      CaseResult result;
      result.program = &program;
      result.mode = mode;
      result.status = status;
      result.message = std::move(message);
      result.details = status == Status::Pass ? "" : "stderr:\n<tail> \x01";
      results.push_back(result);
    };
    add(copy, Mode::Shim, Status::Pass, "");
    add(copy, Mode::Translated, Status::Fail, "line 2: expected 'a', got 'b'");
    add(copy, Mode::Native, Status::Skip, "skipped: no NVIDIA driver");
    add(hang, Mode::Shim, Status::Timeout, "killed at its time limit of 2 s");
    add(hang, Mode::Translated, Status::ExpectedFail, "expected failure (why): crash");
    info = describeRun("shim,translated,native", {"interp"});
  }
};

fs::path scratch(const char *name) {
  return fs::temp_directory_path() / (std::string(name) + "." + std::to_string(getpid()));
}

} // namespace

TEST(JUnit, OneTestcasePerProgramAndModeWithCudaStyleClassnames) {
  Fixture f;
  const fs::path file = scratch("conform.xml");
  ASSERT_EQ(writeJUnit(file, f.results, f.info), "");
  tinyxml2::XMLDocument document;
  ASSERT_EQ(document.LoadFile(file.c_str()), tinyxml2::XML_SUCCESS);
  fs::remove(file);
  const tinyxml2::XMLElement *root = document.FirstChildElement("testsuites");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->UnsignedAttribute("tests"), 5u);
  EXPECT_EQ(root->UnsignedAttribute("failures"), 2u); // fail, timeout
  EXPECT_EQ(root->UnsignedAttribute("skipped"), 2u);  // skip, xfail
  std::vector<std::string> seen;
  for (const tinyxml2::XMLElement *suite = root->FirstChildElement("testsuite"); suite;
       suite = suite->NextSiblingElement("testsuite"))
    for (const tinyxml2::XMLElement *testcase = suite->FirstChildElement("testcase"); testcase;
         testcase = testcase->NextSiblingElement("testcase")) {
      std::string entry =
          std::string(testcase->Attribute("classname")) + ":" + testcase->Attribute("name");
      if (const tinyxml2::XMLElement *failure = testcase->FirstChildElement("failure"))
        entry += std::string(" failure=") + failure->Attribute("message");
      if (const tinyxml2::XMLElement *skipped = testcase->FirstChildElement("skipped"))
        entry += std::string(" skipped=") + skipped->Attribute("message");
      seen.push_back(entry);
    }
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "conformance.memory.shim:copy",
                      "conformance.memory.translated:copy failure=line 2: expected 'a', got 'b'",
                      "conformance.memory.native:copy skipped=skipped: no NVIDIA driver",
                      "conformance.streams.shim:hang failure=killed at its time limit of 2 s",
                      "conformance.streams.translated:hang skipped=expected failure (why): crash",
                  }));
}

TEST(Html, SelfContainedMatrixWithEscapedOutput) {
  Fixture f;
  const fs::path file = scratch("conform.html");
  ASSERT_EQ(writeHtml(file, f.results, f.info), "");
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  fs::remove(file);
  const std::string html = text.str();
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_NE(html.find("<th>shim</th><th>translated</th><th>native</th>"), std::string::npos);
  EXPECT_NE(html.find("data-area=\"memory\" data-tags=\"memory async\" "
                      "data-status=\"fail pass skip\""),
            std::string::npos);
  EXPECT_NE(html.find("&lt;tail&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<tail>"), std::string::npos);
  EXPECT_NE(html.find("Machine: "), std::string::npos);
}
