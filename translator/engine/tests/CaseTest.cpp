// Golden-file tests of the engine, one per rewrite kind: cases/NAME.EXT is translated (with the
// real mapping database and headers/cuda) and must give cases/NAME.EXT.expected exactly, with
// the diagnostics listed in cases/NAME.EXT.diagnostics ("LINE:COL ID", one per line, in order);
// then the expected text, translated again, must come back unchanged. Where
// cases/NAME.EXT.hip.expected exists, the same input is also translated with the hip mapping set
// (diagnostics in NAME.EXT.hip.diagnostics).
#include "Translation.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
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
    if (fs::exists(kCases / (name + ".hip.expected")))
      names.push_back(name + ".hip");
  }
  std::sort(names.begin(), names.end());
  return names;
}

// "k.cu" translates k.cu for qiao; "k.cu.hip" translates k.cu for hip.
struct CaseFiles {
  fs::path input;
  std::string stem; // what .expected and .diagnostics are appended to
  Options options;
};

CaseFiles filesFor(const std::string &name) {
  CaseFiles files;
  files.options.cudaHeaders = kSource / "headers/cuda";
  files.stem = name;
  std::string input = name;
  if (name.ends_with(".hip")) {
    input = name.substr(0, name.size() - 4);
    files.options.target = "hip";
  }
  files.input = kCases / input;
  return files;
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
  const CaseFiles files = filesFor(name);
  const fs::path expectedPath = kCases / (files.stem + ".expected");
  const fs::path diagnosticsPath = kCases / (files.stem + ".diagnostics");
  Translator translator(database(), files.options);
  const FileResult first = translator.translate(files.input);
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
  const fs::path again =
      fs::path(::testing::TempDir()) / ("again-" + files.input.filename().string());
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

namespace qiao::translate {
namespace {

void writeText(const fs::path &path, const std::string &text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A .cu file shared by inclusion uses what its includer declared first: alone it does not
// parse, in its includer's place it does, and only its own text is rewritten, semantically.
TEST(IncludedCu, TranslatesWhereItsIncluderIncludesIt) {
  const fs::path dir = fs::path(::testing::TempDir()) / "included-cu";
  fs::remove_all(dir);
  const std::string main = "#include <cuda_runtime.h>\n"
                           "struct Sample { int value; };\n"
                           "#include \"../kern/step.cu\"\n"
                           "int main() { return run(nullptr, 0) == cudaSuccess ? 0 : 1; }\n";
  const std::string step = "__global__ void twice(Sample *s) { s[threadIdx.x].value *= 2; }\n"
                           "cudaError_t run(Sample *s, int n) {\n"
                           "  twice<<<1, n>>>(s);\n"
                           "  return cudaDeviceSynchronize();\n"
                           "}\n";
  writeText(dir / "src/main.cu", main);
  writeText(dir / "kern/step.cu", step);
  Options options;
  options.cudaHeaders = kSource / "headers/cuda";
  const Translator translator(database(), options);

  const FileResult alone = translator.translate(dir / "kern/step.cu");
  EXPECT_FALSE(alone.parsedCleanly);

  const FileResult inPlace = translator.translate(dir / "kern/step.cu", {}, dir / "src/main.cu");
  EXPECT_TRUE(inPlace.parsedCleanly) << diagnosticLines(inPlace);
  ASSERT_FALSE(inPlace.diagnostics.empty());
  EXPECT_EQ(inPlace.diagnostics.front().id, "QT1004");
  EXPECT_NE(inPlace.translated.find("qiaoLaunchKernelGGL(twice, 1, n, 0, 0, s);"),
            std::string::npos)
      << inPlace.translated;
  EXPECT_NE(inPlace.translated.find("qiaoError_t run(Sample *s, int n)"), std::string::npos);
  EXPECT_NE(inPlace.translated.find("return qiaoDeviceSynchronize();"), std::string::npos);
  EXPECT_EQ(inPlace.translated.find("struct Sample"), std::string::npos); // the includer's text
  for (const Reference &r : inPlace.references)
    EXPECT_EQ(r.method, Method::Semantic) << r.cudaName;
  EXPECT_EQ(readText(dir / "src/main.cu"), main);
}

} // namespace
} // namespace qiao::translate
