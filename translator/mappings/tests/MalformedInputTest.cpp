// Bad mapping files give errors naming the file and line, never a crash.
#include "MappingDatabase.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

using namespace qiao::mappings;
namespace fs = std::filesystem;

namespace {

class Malformed : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("qiao-mappings-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string &name, const std::string &text) {
    fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  // The single error loading `text` gives, as "file:line: message".
  std::vector<std::string> errorsOf(const std::string &text) {
    fs::path path = write("m.xml", text);
    auto loaded = MappingDatabase::loadFiles({path});
    EXPECT_FALSE(loaded);
    std::vector<std::string> out;
    if (!loaded)
      for (const Error &e : loaded.errors())
        out.push_back(e.str());
    return out;
  }

  std::string file() const { return (dir_ / "m.xml").string(); }

  fs::path dir_;
};

const std::string kHead =
    "<?xml version=\"1.0\"?>\n<mappings library=\"runtime\" targets=\"qiao hip\">\n";
const std::string kGood = "  <entry cuda=\"cudaFree\" kind=\"function\" family=\"memory\">\n"
                          "    <target name=\"qiao\" to=\"qiaoFree\" status=\"supported\"/>\n"
                          "    <target name=\"hip\" to=\"hipFree\" status=\"supported\"/>\n"
                          "  </entry>\n";

} // namespace

TEST_F(Malformed, GoodFileLoads) {
  auto loaded = MappingDatabase::loadFiles({write("m.xml", kHead + kGood + "</mappings>\n")});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->size(), 1u);
  EXPECT_EQ(loaded->lookup("cudaFree", "hip")->target->name, "hipFree");
  EXPECT_FALSE(loaded->lookup("cudaFree", "sycl").has_value());
  EXPECT_EQ(loaded->find("cudaMalloc"), nullptr);
}

TEST_F(Malformed, BrokenXmlNamesFileAndLine) {
  auto errors = errorsOf(kHead + "  <entry cuda=\"cudaFree\" kind=\"function\"\n  oops\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(file() + ":4: malformed XML: ", 0), 0u) << errors[0];
}

TEST_F(Malformed, UnclosedRoot) {
  auto errors = errorsOf(kHead + kGood);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(file() + ":", 0), 0u) << errors[0];
  EXPECT_NE(errors[0].find("malformed XML"), std::string::npos);
}

TEST_F(Malformed, WrongRoot) {
  EXPECT_EQ(errorsOf("<?xml version=\"1.0\"?>\n<maps/>\n"),
            (std::vector<std::string>{file() + ":2: root element must be <mappings>"}));
}

TEST_F(Malformed, EmptyFile) {
  auto errors = errorsOf("");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind(file() + ":0: malformed XML: ", 0), 0u) << errors[0];
}

TEST_F(Malformed, UnknownKindFamilyStatusAndVersion) {
  auto errors =
      errorsOf(kHead + "  <entry cuda=\"cudaA\" kind=\"functon\" family=\"memory\">\n"
                       "    <target name=\"qiao\" to=\"qiaoA\" status=\"supported\"/>\n"
                       "    <target name=\"hip\" status=\"unsupported\"/>\n"
                       "  </entry>\n"
                       "  <entry cuda=\"cudaB\" kind=\"function\" family=\"memroy\">\n"
                       "    <target name=\"qiao\" to=\"qiaoB\" status=\"supported\"/>\n"
                       "    <target name=\"hip\" status=\"unsupported\"/>\n"
                       "  </entry>\n"
                       "  <entry cuda=\"cudaC\" kind=\"function\" family=\"memory\">\n"
                       "    <target name=\"qiao\" to=\"qiaoC\" status=\"maybe\"/>\n"
                       "    <target name=\"hip\" status=\"unsupported\"/>\n"
                       "  </entry>\n"
                       "  <entry cuda=\"cudaD\" kind=\"function\" family=\"memory\" since=\"x1\">\n"
                       "    <target name=\"qiao\" to=\"qiaoD\" status=\"supported\"/>\n"
                       "    <target name=\"hip\" status=\"unsupported\"/>\n"
                       "  </entry>\n"
                       "</mappings>\n");
  EXPECT_EQ(errors, (std::vector<std::string>{
                        file() + ":3: 'cudaA': unknown kind 'functon'",
                        file() + ":7: 'cudaB': unknown family 'memroy'",
                        file() + ":12: 'cudaC': unknown status 'maybe' for target 'qiao'",
                        file() + ":15: 'cudaD': bad since version 'x1'",
                    }));
}

TEST_F(Malformed, MissingTargetsAndNames) {
  auto errors = errorsOf(kHead + "  <entry cuda=\"cudaA\" kind=\"function\" family=\"memory\">\n"
                                 "    <target name=\"qiao\" to=\"qiaoA\" status=\"supported\"/>\n"
                                 "  </entry>\n"
                                 "  <entry cuda=\"cudaB\" kind=\"function\" family=\"memory\">\n"
                                 "    <target name=\"qiao\" status=\"supported\"/>\n"
                                 "    <target name=\"hip\" status=\"unsupported\"/>\n"
                                 "  </entry>\n"
                                 "  <entry kind=\"function\" family=\"memory\"/>\n"
                                 "  <entry cuda=\"cudaC\" kind=\"function\" family=\"memory\">\n"
                                 "    <target name=\"sycl\" status=\"unsupported\"/>\n"
                                 "  </entry>\n"
                                 "</mappings>\n");
  EXPECT_EQ(errors, (std::vector<std::string>{
                        file() + ":3: 'cudaA': missing target 'hip'",
                        file() + ":7: 'cudaB': target 'qiao' is supported but names no target name",
                        file() + ":10: entry lacks the cuda attribute",
                        file() + ":12: 'cudaC': target 'sycl' is not among the file's targets",
                    }));
}

TEST_F(Malformed, DuplicateAcrossFiles) {
  fs::path a = write("a.xml", kHead + kGood + "</mappings>\n");
  fs::path b = write("b.xml", kHead + "\n" + kGood + "</mappings>\n");
  auto loaded = MappingDatabase::loadDirectory(dir_);
  ASSERT_FALSE(loaded);
  ASSERT_EQ(loaded.errors().size(), 1u);
  EXPECT_EQ(loaded.errors()[0].str(),
            b.string() + ":4: duplicate CUDA name 'cudaFree' (first at " + a.string() + ":3)");
}

TEST_F(Malformed, MissingDirectory) {
  auto loaded = MappingDatabase::loadDirectory(dir_ / "nope");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.errors()[0].file, (dir_ / "nope").string());
}
