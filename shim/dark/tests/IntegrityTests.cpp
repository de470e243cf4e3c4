// The integrity check (d4082055 slot 1) and the MD2 it is built on.
#include "FakeDriver.h"
#include "Md2.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

using namespace qiao::dark;
using namespace qiao::dark::test;

namespace {

std::string hex(const Md2Digest &digest) {
  std::string text;
  char byte[3];
  for (auto b : digest) {
    std::snprintf(byte, sizeof byte, "%02x", b);
    text += byte;
  }
  return text;
}

std::string md2(const std::string &message) {
  Md2 hash;
  hash.update(message.data(), message.size());
  return hex(hash.finish());
}

TEST(Md2, Rfc1319TestSuite) {
  EXPECT_EQ(md2(""), "8350e5a3e24c153df2275c9f80692773");
  EXPECT_EQ(md2("a"), "32ec01ec4a6dac72c0ab96fb34c0b5d1");
  EXPECT_EQ(md2("abc"), "da853b0d3f88d99b30283a69e6ded6bb");
  EXPECT_EQ(md2("message digest"), "ab4f496bfb2a530b219ff33031fe06b0");
  EXPECT_EQ(md2("abcdefghijklmnopqrstuvwxyz"), "4e8ddff3650292ab5a4108c3aa47940b");
  EXPECT_EQ(md2("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
            "d5976f79d83d3a0dc9806c3c66f3efd8");
}

TEST(Md2, PiecesHashLikeTheWhole) {
  Md2 hash;
  hash.update("message ", 8);
  hash.update("digest", 6);
  EXPECT_EQ(hex(hash.finish()), md2("message digest"));
}

using Check = int (*)(std::uint32_t, std::uint64_t, std::uint64_t *);

TEST(IntegrityCheck, FixedAnswersForVersionsEndingInZeroAndOne) {
  auto check = slotAs<Check>(kIntegrity, 1);
  std::uint64_t out[2] = {};
  EXPECT_EQ(check(13000, 1795887555, out), 0);
  EXPECT_EQ(out[0], 0x3341181c03cb675cull);
  EXPECT_EQ(out[1], 0x8ed383aa1f4cd1e8ull);
  EXPECT_EQ(check(13001, 1795887555, out), 0);
  EXPECT_EQ(out[0], 0x1841181c03cb675cull);
  EXPECT_EQ(out[1], 0x8ed383aa1f4cd1e8ull);
}

TEST(IntegrityCheck, KeyedDigestDependsOnTimeAndIsStable) {
  auto check = slotAs<Check>(kIntegrity, 1);
  std::uint64_t a[2] = {}, b[2] = {}, c[2] = {};
  EXPECT_EQ(check(13002, 1795887555, a), 0);
  EXPECT_EQ(check(13002, 1795887555, b), 0);
  EXPECT_EQ(check(13002, 1795887556, c), 0);
  EXPECT_EQ(std::memcmp(a, b, sizeof a), 0);
  EXPECT_NE(std::memcmp(a, c, sizeof a), 0);
  EXPECT_EQ(check(13002, 0, nullptr), 1);
}

} // namespace
