// Golden-file tests of the engine, one per rewrite kind: cases/NAME.EXT is translated (with the
// real mapping database and headers/cuda) and must give cases/NAME.EXT.expected exactly, with
// the diagnostics listed in cases/NAME.EXT.diagnostics ("LINE:COL ID", one per line, in order);
// then the expected text, translated again, must come back unchanged. A name containing ".hip."
// is translated with the hip mapping set.
#include "Translation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef QIAO_SOURCE_DIR
#error "QIAO_SOURCE_DIR must name the source tree"
#endif

namespace qiao::translate {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = QIAO_SOURCE_DIR;
const fs::path kCases = kSource / "translator/engine/tests/cases";

std::string readText(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const mappings::MappingDatabase &database() {
  static auto db = mappings::MappingDatabase::loadDirectory(kSource / "translator/mappings");
  if (!db) {
    for (const auto &e : db.errors())
      ADD_FAILURE() << e.str();
    std::abort();
  }
  return *db;
}

std::vector<std::string> caseNames() {
  std::vector<std::string> names;
  for (const auto &entry : fs::directory_iterator(kCases)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".expected") || name.ends_with(".diagnostics"))
      continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

Options optionsFor(const std::string &name) {
  Options options;
  options.cudaHeaders = kSource / "headers/cuda";
  if (name.find(".hip.") != std::string::npos)
    options.target = "hip";
  return options;
}

std::string diagnosticLines(const FileResult &result) {
  std::string lines;
  for (const Diagnostic &d : result.diagnostics)
    lines +=
        std::to_string(d.where.line) + ":" + std::to_string(d.where.column) + " " + d.id + "\n";
  return lines;
}

class Case : public ::testing::TestWithParam<std::string> {};

TEST_P(Case, TranslatesToTheExpectedTextAndIsStable) {
  const std::string name = GetParam();
  const fs::path input = kCases / name;
  const fs::path expectedPath = kCases / (name + ".expected");
  const fs::path diagnosticsPath = kCases / (name + ".diagnostics");
  Translator translator(database(), optionsFor(name));
  const FileResult first = translator.translate(input);
  // QIAO_UPDATE_GOLDEN=1 rewrites the expected files from the current output (then review the
  // diff before committing, as with LLVM's update scripts).
  if (std::getenv("QIAO_UPDATE_GOLDEN")) {
    std::ofstream(expectedPath, std::ios::binary) << first.translated;
    if (const std::string lines = diagnosticLines(first); !lines.empty())
      std::ofstream(diagnosticsPath, std::ios::binary) << lines;
    else
      fs::remove(diagnosticsPath);
  }
  ASSERT_TRUE(fs::exists(expectedPath)) << expectedPath;
  EXPECT_EQ(first.translated, readText(expectedPath));
  EXPECT_EQ(diagnosticLines(first),
            fs::exists(diagnosticsPath) ? readText(diagnosticsPath) : std::string());

  // The output, translated again (same extension, so parsed the same way), changes nothing.
  const fs::path again = fs::path(::testing::TempDir()) / ("again-" + name);
  {
    std::ofstream out(again, std::ios::binary);
    out << first.translated;
  }
  const FileResult second = translator.translate(again);
  EXPECT_EQ(second.translated, first.translated) << "a second run changed " << name;
  fs::remove(again);
}

INSTANTIATE_TEST_SUITE_P(Engine, Case, ::testing::ValuesIn(caseNames()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string id = info.param;
                           for (char &c : id)
                             if (!std::isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           return id;
                         });

} // namespace
} // namespace qiao::translate
