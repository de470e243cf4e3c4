// Tree handling: several inputs side by side, the files carried into the output tree (copies,
// links, Makefile fragments), the .cu files other files include, and the tree's account.
#include "IncludeScan.h"
#include "InputSet.h"
#include "OutputPlan.h"
#include "OutputSafety.h"
#include "Report.h"
#include "TreeCarry.h"

#include <gtest/gtest.h>

#include <fstream>

#include <sys/stat.h>

namespace qiao::translate {
namespace {

namespace fs = std::filesystem;

fs::path fresh(const std::string &name) {
  const fs::path dir = fs::path(::testing::TempDir()) / "qiao-tree-test" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path &path, const std::string &text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

const Input *findInput(const InputSet &set, const fs::path &path) {
  for (const Input &input : set.inputs)
    if (input.path == path)
      return &input;
  return nullptr;
}

const Carried *findCarried(const InputSet &set, const fs::path &path) {
  for (const Carried &file : set.carried)
    if (file.path == path)
      return &file;
  return nullptr;
}

bool said(const InputSet &set, const fs::path &path, const std::string &id) {
  for (const Diagnostic &d : set.diagnostics)
    if (d.where.file == path.string() && d.id == id)
      return true;
  return false;
}

TEST(Tree, SeveralInputsEachGetTheirOwnDirectory) {
  const fs::path root = fresh("several");
  write(root / "a/src/k.cu", "");
  write(root / "b/src/k.cu", "");
  write(root / "lib/x.cuh", "");
  write(root / "top.cu", "");
  const InputSet set = collectInputs({(root / "a/src").string(), (root / "b/src").string(),
                                      (root / "lib").string(), (root / "top.cu").string(),
                                      (root / "lib").string(), (root / "lib/x.cuh").string()});
  ASSERT_TRUE(set.errors.empty());
  ASSERT_EQ(set.inputs.size(), 4u);
  EXPECT_EQ(set.skipped.size(), 2u); // lib given twice, lib/x.cuh inside lib
  const OutputPlan plan{"/out", false, false};
  EXPECT_EQ(outputFor(plan, set.inputs[0]), "/out/a/src/k.cpp");
  EXPECT_EQ(outputFor(plan, set.inputs[1]), "/out/b/src/k.cpp");
  EXPECT_EQ(outputFor(plan, set.inputs[2]), "/out/lib/x.cuh");
  EXPECT_EQ(outputFor(plan, set.inputs[3]), "/out/top.cpp");
  // One directory given: its tree is the output's.
  const InputSet one = collectInputs({(root / "lib").string()});
  EXPECT_EQ(outputFor(plan, one.inputs.at(0)), "/out/x.cuh");
}

TEST(Tree, CarriesEveryOtherFileAndTranslatesMakefileFragments) {
  const fs::path root = fresh("carry");
  write(root / "Makefile", "include make.config\n-include $(DEPS) local.mk # optional\n");
  write(root / "make.config", "NVCC := nvcc\n");
  write(root / "data/input.txt", "1 2 3\n");
  write(root / "host.c", "int f(void) { return 1; }\n");
  write(root / "run.sh", "#!/bin/sh\n");
  write(root / ".git/HEAD", "ref\n");
  write(root / "k.cu", "");
  const InputSet set = collectInputs({root.string()});
  ASSERT_NE(findInput(set, root / "make.config"), nullptr);
  EXPECT_EQ(findInput(set, root / "make.config")->kind, InputKind::Makefile);
  EXPECT_NE(findInput(set, root / "k.cu"), nullptr);
  EXPECT_NE(findCarried(set, root / "data/input.txt"), nullptr);
  EXPECT_NE(findCarried(set, root / "host.c"), nullptr);
  EXPECT_NE(findCarried(set, root / "run.sh"), nullptr);
  EXPECT_EQ(set.carried.size(), 3u); // not .git
  EXPECT_EQ(set.skipped.size(), 1u);
}

TEST(Tree, LinksAreRecreatedOrReadThroughAndOddFilesNamed) {
  const fs::path base = fresh("links");
  const fs::path root = base / "tree";
  write(root / "src/k.cu", "");
  write(base / "outside/shared.cuh", "");
  write(base / "outside/dir/x.txt", "");
  fs::create_directories(root / "include");
  fs::create_symlink("../src/k.cu", root / "include/k_link.cu");
  fs::create_symlink("nowhere.h", root / "include/dangling.h");
  fs::create_symlink(base / "outside/shared.cuh", root / "include/shared.cuh");
  fs::create_symlink(base / "outside/dir", root / "external");
  ASSERT_EQ(mkfifo((root / "pipe").c_str(), 0600), 0);
  const InputSet set = collectInputs({root.string()});

  const Carried *inside = findCarried(set, root / "include/k_link.cu");
  ASSERT_NE(inside, nullptr);
  EXPECT_EQ(inside->kind, CarryKind::Link);
  EXPECT_TRUE(inside->linkIntoTree);
  EXPECT_EQ(findInput(set, root / "include/k_link.cu"), nullptr); // k.cu is translated once
  const Carried *dangling = findCarried(set, root / "include/dangling.h");
  ASSERT_NE(dangling, nullptr);
  EXPECT_EQ(dangling->linkTarget, "nowhere.h");
  EXPECT_TRUE(said(set, root / "include/dangling.h", "QT1005"));
  EXPECT_NE(findInput(set, root / "include/shared.cuh"), nullptr); // read through
  EXPECT_TRUE(said(set, root / "include/shared.cuh", "QT1006"));
  const Carried *external = findCarried(set, root / "external");
  ASSERT_NE(external, nullptr);
  EXPECT_FALSE(external->linkIntoTree);
  EXPECT_TRUE(said(set, root / "external", "QT1005"));
  EXPECT_TRUE(said(set, root / "pipe", "QT1005"));
  EXPECT_EQ(set.leftOut, 1u);

  // Written out: the link inside the tree leads to k.cu's translation; the others say what
  // they said; a second run replaces what the first wrote.
  const fs::path out = base / "out";
  const OutputPlan plan{out, false, false};
  for (int run = 0; run < 2; ++run) {
    const CarryResult carried = carryFiles(set.carried, plan);
    EXPECT_EQ(carried.failed, 0u);
    EXPECT_EQ(carried.links, 3u);
  }
  EXPECT_EQ(fs::read_symlink(out / "include/k_link.cpp"), "../src/k.cpp");
  EXPECT_EQ(fs::read_symlink(out / "include/dangling.h"), "nowhere.h");
  EXPECT_EQ(fs::read_symlink(out / "external"), fs::canonical(base / "outside/dir"));
}

TEST(Tree, CopiesKeepTheirContentAndPermissions) {
  const fs::path root = fresh("copies");
  write(root / "tree/run.sh", "#!/bin/sh\necho hi\n");
  write(root / "tree/data.bin", std::string("\0\1\2", 3));
  fs::permissions(root / "tree/run.sh", fs::perms::owner_all | fs::perms::group_read);
  const InputSet set = collectInputs({(root / "tree").string()});
  const CarryResult carried = carryFiles(set.carried, {root / "out", false, false});
  EXPECT_EQ(carried.copied, 2u);
  EXPECT_EQ(fs::status(root / "out/run.sh").permissions(),
            fs::perms::owner_all | fs::perms::group_read);
  EXPECT_EQ(fs::file_size(root / "out/data.bin"), 3u);
}

TEST(Tree, AnIncludedCuIsTranslatedInItsTranslationUnit) {
  const fs::path root = fresh("includes");
  write(root / "src/main.cu", "#include \"kern/a.cu\"\n#include <helpers.cuh>\n");
  write(root / "src/kern/a.cu", "  #  include \"b.cu\"\n");
  write(root / "src/kern/b.cu", "");
  write(root / "include/helpers.cuh", "");
  write(root / "src/alone.cu", "#include \"missing.cu\"\n");
  InputSet set = collectInputs({root.string()});
  findIncluders(set, {});
  EXPECT_EQ(findInput(set, root / "src/kern/a.cu")->includer, root / "src/main.cu");
  EXPECT_EQ(findInput(set, root / "src/kern/b.cu")->includer, root / "src/main.cu");
  EXPECT_EQ(findInput(set, root / "include/helpers.cuh")->includer, root / "src/main.cu");
  EXPECT_TRUE(findInput(set, root / "src/main.cu")->includer.empty());
  EXPECT_TRUE(findInput(set, root / "src/alone.cu")->includer.empty());
}

TEST(Tree, TheReportCountsWhatWasCopiedAndStaysJson) {
  FileRecord record;
  record.result.input = "k.cu";
  const std::vector<FileRecord> files = {record};
  TreeAccount tree;
  tree.carried = {{"data/in\xff.txt", "out/data/in\xff.txt", CarryKind::Copy, true}};
  tree.copied = 1;
  tree.notCarried = 2;
  const std::string json = jsonReport(files, summarize(files), 0, tree);
  EXPECT_NE(json.find("\"tree\": {\"translated\": 1, \"changed\": 0, \"copied\": 1, \"links\": 0, "
                      "\"not_carried\": 2}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("data/in\\u00ff.txt"), std::string::npos);
  EXPECT_NE(statsTable(files, summarize(files), 0, tree)
                .find("1 translated (0 changed), 1 copied, 0 links, 2 not carried"),
            std::string::npos);
}

} // namespace
} // namespace qiao::translate

namespace qiao::translate {
namespace {

TEST(Tree, SeveralInputsWrittenOverThemselvesAreRefused) {
  const fs::path root = fresh("over");
  write(root / "a/k.cu", "");
  write(root / "b/k.cu", "");
  const std::vector<std::string> given = {(root / "a").string(), (root / "b").string()};
  const InputSet set = collectInputs(given);
  EXPECT_TRUE(findOverwrite({root, false, false}, set.inputs, given));
  EXPECT_FALSE(findOverwrite({root / "out", false, false}, set.inputs, given));
}

} // namespace
} // namespace qiao::translate
