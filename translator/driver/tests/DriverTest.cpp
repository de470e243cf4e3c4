// The driver's pieces: unified diffs (checked against diff -u), output paths, build-system
// migration, reports.
#include "BuildMigration.h"
#include "InputSet.h"
#include "OutputPlan.h"
#include "OutputSafety.h"
#include "Report.h"
#include "UnifiedDiff.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace qiao::translate {
namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string &name) {
  const fs::path dir = fs::path(::testing::TempDir()) / "qiao-driver-test";
  fs::create_directories(dir);
  return dir / name;
}

void write(const fs::path &path, const std::string &text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string run(const std::string &command) {
  std::string out;
  FILE *pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe))
    out += buffer;
  if (pipe)
    pclose(pipe);
  return out;
}

// diff -u's output without its two header lines (they carry timestamps).
std::string systemDiff(const std::string &a, const std::string &b) {
  write(scratch("a.txt"), a);
  write(scratch("b.txt"), b);
  std::string out = run("diff -u " + scratch("a.txt").string() + " " + scratch("b.txt").string());
  for (int i = 0; i < 2 && out.find('\n') != std::string::npos; ++i)
    out.erase(0, out.find('\n') + 1);
  return out;
}

std::string ourDiff(const std::string &a, const std::string &b) {
  std::string out = unifiedDiff(a, b, "a", "b");
  for (int i = 0; i < 2 && out.find('\n') != std::string::npos; ++i)
    out.erase(0, out.find('\n') + 1);
  return out;
}

TEST(UnifiedDiff, MatchesDiffU) {
  std::string base;
  for (int i = 1; i <= 40; ++i)
    base += "line " + std::to_string(i) + "\n";
  std::string changed = base;
  changed.replace(changed.find("line 3\n"), 7, "LINE 3\n");
  changed.replace(changed.find("line 9\n"), 7, "line 9\nextra\n");
  changed.replace(changed.find("line 30\n"), 8, "");
  const std::pair<std::string, std::string> cases[] = {
      {base, changed},
      {"a\nb\nc\n", "a\nB\nc\n"},
      {"", "new\n"},
      {"old\n", ""},
      {"x\ny", "x\nz"},
      {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"}};
  for (const auto &[a, b] : cases)
    EXPECT_EQ(ourDiff(a, b), systemDiff(a, b)) << "between:\n" << a << "and:\n" << b;
  EXPECT_EQ(unifiedDiff(base, base, "a", "b"), "");
}

TEST(OutputPlan, TreesKeepTheirShapeAndCuBecomesCpp) {
  OutputPlan plan{"/out", false, false};
  EXPECT_EQ(outputFor(plan, {"/src/x/k.cu", "/src", InputKind::Source, {}, {}, {}}),
            "/out/x/k.cpp");
  EXPECT_EQ(outputFor(plan, {"/src/x/k.cuh", "/src", InputKind::Source, {}, {}, {}}),
            "/out/x/k.cuh");
  EXPECT_EQ(outputFor(plan, {"/src/CMakeLists.txt", "/src", InputKind::CMake, {}, {}, {}}),
            "/out/CMakeLists.txt");
  OutputPlan single{"/tmp/one.cpp", false, true};
  EXPECT_EQ(outputFor(single, {"/src/k.cu", "/src", InputKind::Source, {}, {}, {}}),
            "/tmp/one.cpp");
  OutputPlan inPlace{"", true, false};
  EXPECT_EQ(outputFor(inPlace, {"/src/k.cu", "/src", InputKind::Source, {}, {}, {}}), "/src/k.cu");
}

TEST(OutputPlan, InPlaceKeepsTheFirstBackup) {
  const fs::path file = scratch("inplace/k.cu");
  write(file, "original\n");
  EXPECT_FALSE(writeOutput(file, "first\n", true));
  EXPECT_FALSE(writeOutput(file, "second\n", true));
  std::ifstream backup(file.string() + ".orig");
  std::string text((std::istreambuf_iterator<char>(backup)), {});
  EXPECT_EQ(text, "original\n");
}

TEST(InputSet, WalksTreesInOrderAndClassifies) {
  const fs::path root = scratch("tree");
  fs::remove_all(root);
  write(root / "b/k.cu", "");
  write(root / "a.cuh", "");
  write(root / "CMakeLists.txt", "");
  write(root / "data.bin", "");
  write(root / "Makefile", "");
  const InputSet set = collectInputs({root.string(), (root / "missing.cu").string()});
  ASSERT_EQ(set.inputs.size(), 4u);
  EXPECT_EQ(set.inputs[0].path.filename(), "CMakeLists.txt");
  EXPECT_EQ(set.inputs[0].kind, InputKind::CMake);
  EXPECT_EQ(set.inputs[1].path.filename(), "Makefile");
  EXPECT_EQ(set.inputs[1].kind, InputKind::Makefile);
  EXPECT_EQ(set.inputs[2].path.filename(), "a.cuh");
  EXPECT_EQ(set.inputs[3].path.filename(), "k.cu");
  ASSERT_EQ(set.errors.size(), 1u);
}

TEST(InputSet, SaysWhatAPathIsWhenItIsNoFile) {
  const fs::path fifo = scratch("fifo.cu");
  fs::remove(fifo);
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const InputSet set = collectInputs({fifo.string(), "/dev/null", scratch("none.cu").string()});
  ASSERT_EQ(set.errors.size(), 3u);
  EXPECT_NE(set.errors[0].find("a FIFO"), std::string::npos) << set.errors[0];
  EXPECT_NE(set.errors[1].find("a device file"), std::string::npos) << set.errors[1];
  EXPECT_NE(set.errors[2].find("no such file"), std::string::npos) << set.errors[2];
  fs::remove(fifo);
}

TEST(InputSet, SkipsTheOutputTreeAndTreesEarlierRunsWrote) {
  const fs::path root = scratch("walk");
  fs::remove_all(root);
  write(root / "k.cu", "");
  write(root / "ported/k.cpp", "");
  write(root / "old/k.cpp", "");
  ASSERT_FALSE(markOutputTree(root / "old"));
  const InputSet set = collectInputs({root.string()}, root / "ported");
  ASSERT_EQ(set.inputs.size(), 1u);
  EXPECT_EQ(set.inputs[0].path.filename(), "k.cu");
  EXPECT_EQ(set.skipped.size(), 2u);
  // The tree given itself is read, marked or not: a second run over an output is a check.
  EXPECT_EQ(collectInputs({(root / "old").string()}).inputs.size(), 1u);
}

TEST(OutputSafety, RefusesAnOutputThatIsAnInput) {
  const fs::path root = scratch("safety");
  fs::remove_all(root);
  write(root / "k.cu", "");
  write(root / "k.cuh", "");
  const Input cu{root / "k.cu", root, InputKind::Source, {}, {}, {}};
  const Input cuh{root / "k.cuh", root, InputKind::Source, {}, {}, {}};
  EXPECT_TRUE(findOverwrite({root / "k.cu", false, true}, {cu}, {cu.path.string()}));
  EXPECT_TRUE(findOverwrite({root / "." / "k.cu", false, true}, {cu}, {cu.path.string()}));
  EXPECT_FALSE(findOverwrite({root / "k.cpp", false, true}, {cu}, {cu.path.string()}));
  EXPECT_TRUE(findOverwrite({root, false, false}, {cu, cuh}, {root.string()}));
  EXPECT_TRUE(findOverwrite({root / "sub" / "..", false, false}, {cu}, {root.string()}));
  EXPECT_FALSE(findOverwrite({root / "ported", false, false}, {cu, cuh}, {root.string()}));
  EXPECT_FALSE(findOverwrite({"", true, false}, {cu}, {cu.path.string()})); // --in-place
}

TEST(InputSet, ReadsCompileCommands) {
  const fs::path dir = scratch("ccdb");
  fs::remove_all(dir);
  write(dir / "src/k.cu", "");
  write(dir / "src/main.cpp", "");
  const std::string d = dir.string();
  write(dir / "compile_commands.json",
        "[{\"directory\": \"" + d +
            "\", \"command\": \"nvcc -arch=sm_80 -Iinc -DN=4 -c src/k.cu "
            "-o k.o\", \"file\": \"" +
            d +
            "/src/k.cu\"},\n"
            " {\"directory\": \"" +
            d +
            "\", \"arguments\": [\"g++\", \"-std=c++17\", \"-c\", "
            "\"" +
            d + "/src/main.cpp\"], \"file\": \"" + d + "/src/main.cpp\"}]\n");
  const InputSet set = collectCompileCommands(dir);
  ASSERT_TRUE(set.errors.empty()) << set.errors.front();
  ASSERT_EQ(set.inputs.size(), 2u);
  EXPECT_EQ(set.inputs[0].path, dir / "src/k.cu");
  EXPECT_EQ(set.inputs[0].root, dir / "src");
  EXPECT_EQ(set.inputs[0].compileArgs, (std::vector<std::string>{"-arch=sm_80", "-Iinc", "-DN=4"}));
  EXPECT_EQ(set.inputs[1].compileArgs, (std::vector<std::string>{"-std=c++17"}));
  EXPECT_FALSE(collectCompileCommands(dir / "nowhere").errors.empty());
}

TEST(BuildMigration, RewritesACudaCMakeProject) {
  const fs::path file = scratch("cmake/CMakeLists.txt");
  write(file, "cmake_minimum_required(VERSION 3.18)\n"
              "project(demo LANGUAGES CXX CUDA)\n"
              "find_package(CUDAToolkit REQUIRED)\n"
              "set(CMAKE_CUDA_ARCHITECTURES 80)\n"
              "add_executable(demo main.cu util.cpp kernels.cuh)\n"
              "set_target_properties(demo PROPERTIES CUDA_ARCHITECTURES 80 CXX_STANDARD 20)\n"
              "target_link_libraries(demo PRIVATE CUDA::cudart)\n");
  const FileResult r = migrateCMake(file);
  EXPECT_EQ(r.translated, "cmake_minimum_required(VERSION 3.18)\n"
                          "project(demo LANGUAGES CXX)\n"
                          "find_package(Qiao REQUIRED CONFIG)\n"
                          "# qiao-translate: removed set(CMAKE_CUDA_ARCHITECTURES 80)\n"
                          "add_executable(demo main.cpp util.cpp kernels.cuh)\n"
                          "set_target_properties(demo PROPERTIES CXX_STANDARD 20)\n"
                          "target_link_libraries(demo PRIVATE Qiao::qiao)\n");
}

TEST(BuildMigration, AddsQiaoWhenCMakeLinkedTheRuntimeItself) {
  const fs::path file = scratch("cmake2/CMakeLists.txt");
  write(file, "project(p CUDA CXX)\nadd_executable(p p.cu)\n");
  EXPECT_EQ(migrateCMake(file).translated,
            "project(p CXX)\nfind_package(Qiao REQUIRED CONFIG) # qiao-translate\n"
            "link_libraries(Qiao::qiao) # qiao-translate\nadd_executable(p p.cpp)\n");
}

TEST(BuildMigration, MakefileNvccBecomesQiaoCxxAndFlagsAreReported) {
  const fs::path file = scratch("make/Makefile");
  write(file, "NVCC ?= nvcc\nall: app\napp: main.cu\n\t$(NVCC) -arch=sm_80 -O2 -o app main.cu\n"
              "%.o: %.cu\n\t@/opt/cuda/bin/nvcc -Xcompiler -fPIC -c $< -o $@\n"
              "echo:\n\techo nvcc_version\n");
  const FileResult r = migrateMakefile(file);
  EXPECT_EQ(r.translated, "NVCC ?= qiao-c++\nall: app\napp: main.cpp\n"
                          "\t$(NVCC) -arch=sm_80 -O2 -o app main.cpp\n"
                          "%.o: %.cpp\n\t@qiao-c++ -Xcompiler -fPIC -c $< -o $@\n"
                          "echo:\n\techo nvcc_version\n");
  std::string ids;
  for (const Diagnostic &d : r.diagnostics)
    ids += std::to_string(d.where.line) + d.id + " ";
  // nvcc's flags stay (qiao-c++ takes them): notes, counted as converted.
  EXPECT_EQ(ids, "1QT3001 3QT3001 4QT3001 4QT3001 5QT3001 6QT3001 6QT3001 ");
  for (const Reference &ref : r.references)
    EXPECT_TRUE(ref.converted) << ref.cudaName;
}

TEST(Report, JsonAndXmlCarryCountsAndLocations) {
  FileRecord record;
  record.result.input = "k.cu";
  record.result.original = "a\n";
  record.result.translated = "b\n";
  record.result.changedLines = 1;
  record.result.references = {{"cudaMalloc", "memory", {"k.cu", 3, 5}, true, Method::Semantic},
                              {"cudaGraphCreate", "graph", {"k.cu", 4, 1}, false, Method::Token}};
  record.result.diagnostics = {{"QT2001", Severity::Warning, {"k.cu", 4, 1}, "say \"why\""}};
  const std::vector<FileRecord> files = {record};
  const Summary total = summarize(files);
  EXPECT_EQ(total.references.converted, 1u);
  EXPECT_EQ(total.references.notConverted, 1u);
  EXPECT_DOUBLE_EQ(total.references.percent(), 50.0);
  const std::string json = jsonReport(files, total, 1234);
  EXPECT_NE(json.find("\"not_converted\": 1"), std::string::npos);
  EXPECT_NE(json.find("\"percent\": 50.0"), std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"cudaGraphCreate\", \"family\": \"graph\", \"where\": "
                      "\"k.cu:4:1\"}"),
            std::string::npos);
  EXPECT_NE(json.find("say \\\"why\\\""), std::string::npos);
  const std::string xml = xmlReport(files, total, 1234);
  EXPECT_NE(
      xml.find("<not-converted name=\"cudaGraphCreate\" family=\"graph\" where=\"k.cu:4:1\"/>"),
      std::string::npos);
  EXPECT_NE(statsTable(files, total, 1234).find("not converted: k.cu:4:1 cudaGraphCreate (graph)"),
            std::string::npos);
}

} // namespace
} // namespace qiao::translate
