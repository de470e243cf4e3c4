// The image cuLinkComplete hands back keeps each translation unit's PTX apart, and loading it
// gives the units again (devicePtx), a unit each.
#include "DevicePtx.h"
#include "GuardedBytes.h"
#include "LinkedPtxImage.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace qiao::fatbin;

const std::vector<std::string> kUnits = {".version 9.0\n.target sm_80\n// unit one\n",
                                         ".version 9.0\n.target sm_80\n// unit two\n"};

TEST(LinkedPtxImage, DevicePtxGivesBackEachUnit) {
  std::string image = writeLinkedPtxImage(kUnits);
  auto units = devicePtx(image.c_str(), 0, 80);
  ASSERT_TRUE(units) << units.error().message;
  EXPECT_EQ(*units, kUnits);
  auto bounded = devicePtx(image.data(), image.size(), 80);
  ASSERT_TRUE(bounded) << bounded.error().message;
  EXPECT_EQ(*bounded, kUnits);
}

TEST(LinkedPtxImage, PlainPtxIsNoLinkedImage) {
  EXPECT_FALSE(readLinkedPtxImage(kUnits[0].c_str(), 0).has_value());
  EXPECT_FALSE(readLinkedPtxImage("//qiao", 0).has_value()); // shorter than the tag
  auto units = devicePtx(kUnits[0].c_str(), 0, 80);
  ASSERT_TRUE(units) << units.error().message;
  EXPECT_EQ(units->size(), 1u);
}

TEST(LinkedPtxImage, ACutShortImageIsAnInvalidImage) {
  std::string image = writeLinkedPtxImage(kUnits);
  std::string cut = image.substr(0, image.size() - 5);
  auto units = readLinkedPtxImage(cut.c_str(), 0);
  ASSERT_TRUE(units.has_value());
  ASSERT_FALSE(*units);
  EXPECT_EQ(units->error().code, 200); // cudaErrorInvalidKernelImage
  EXPECT_NE(units->error().message.find("unit 2 of 2"), std::string::npos)
      << units->error().message;
  auto empty = readLinkedPtxImage("//qiao-linked-ptx 0\n", 0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(*empty);
}

// Known only by its address, an image that starts like the tag and has no NUL before its memory
// ends is read up to that end, never past it (the fuzzer's case: "//" before a guard page).
TEST(LinkedPtxImage, AnUnterminatedPrefixIsNotReadPastItsMemory) {
  for (std::string text : {std::string("//"), std::string("//qiao-linked-ptx 1\n//qiao-unit 9")}) {
    qiao::fatbin::test::GuardedBytes held(std::vector<std::uint8_t>(text.begin(), text.end()));
    auto linked = readLinkedPtxImage(held.data(), 0);
    if (linked.has_value()) {
      EXPECT_FALSE(*linked) << text;
    }
    EXPECT_FALSE(devicePtx(held.data(), 0, 80)) << text;
  }
}

} // namespace
