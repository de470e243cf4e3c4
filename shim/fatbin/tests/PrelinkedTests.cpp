// The version-2 wrapper of a program built with nvcc -rdc=true: at +16 the null-terminated list
// of its translation units' relocatable fatbins (measured on nvcc 13.0 binaries; see
// FatbinFormat.h). Wrappers and lists are built here in memory, as the program's data holds them.
#include "ContainerBuilder.h"
#include "FatbinReader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace qiao::fatbin {
namespace {

struct Wrapper {
  std::uint32_t magic = 0x466243B1;
  std::uint32_t version = 2;
  std::uint64_t data = 0;
  std::uint64_t prelinked = 0;
};
static_assert(sizeof(Wrapper) == 24);

std::vector<std::uint8_t> unitFatbin(const std::string &ptx) {
  test::EntrySpec entry;
  entry.payload = test::bytesOf(ptx);
  entry.headerSize = 0x58; // room for the options after the fixed fields
  entry.optionsLength = 16;
  entry.optionsText = "--compile-only  ";
  return test::buildContainer(test::ContainerSpec{.entries = {entry}});
}

TEST(Prelinked, ListsEachUnitInOrder) {
  auto linked = test::buildContainer(test::ContainerSpec{});
  auto first = unitFatbin(".version 9.0\n.target sm_80\n// first\n");
  auto second = unitFatbin(".version 9.0\n.target sm_80\n// second\n");
  std::uint64_t list[3] = {reinterpret_cast<std::uint64_t>(first.data()),
                           reinterpret_cast<std::uint64_t>(second.data()), 0};
  Wrapper wrapper{.data = reinterpret_cast<std::uint64_t>(linked.data()),
                  .prelinked = reinterpret_cast<std::uint64_t>(list)};
  auto units = readPrelinkedFatbins(&wrapper);
  ASSERT_TRUE(units) << units.error().message;
  ASSERT_EQ(units->size(), 2u);
  ASSERT_EQ((*units)[0].size(), 1u);
  EXPECT_NE((*units)[0][0].text().find("// first"), std::string_view::npos);
  EXPECT_NE((*units)[1][0].text().find("// second"), std::string_view::npos);
  EXPECT_EQ((*units)[1][0].options, "--compile-only");
}

TEST(Prelinked, VersionOneWrapperHasNoUnits) {
  auto linked = test::buildContainer(test::ContainerSpec{});
  Wrapper wrapper{.version = 1, .data = reinterpret_cast<std::uint64_t>(linked.data())};
  auto units = readPrelinkedFatbins(&wrapper);
  ASSERT_TRUE(units);
  EXPECT_TRUE(units->empty());
}

TEST(Prelinked, BrokenUnitIsAnError) {
  std::vector<std::uint8_t> notAContainer(32, 0x11);
  std::uint64_t list[2] = {reinterpret_cast<std::uint64_t>(notAContainer.data()), 0};
  Wrapper wrapper{.prelinked = reinterpret_cast<std::uint64_t>(list)};
  auto units = readPrelinkedFatbins(&wrapper);
  ASSERT_FALSE(units);
  EXPECT_EQ(units.error().code, 200);
  Wrapper wrongMagic{.magic = 0x12345678};
  EXPECT_FALSE(readPrelinkedFatbins(&wrongMagic));
  EXPECT_FALSE(readPrelinkedFatbins(nullptr));
}

} // namespace
} // namespace qiao::fatbin
