#include "ExpectedFailures.h"

#include <gtest/gtest.h>

using namespace qiao::conform;

TEST(ExpectedFailures, ModeOrEveryMode) {
  std::vector<std::string> errors;
  const ExpectedFailures list = ExpectedFailures::parse(
      "# known gaps\n"
      "math/sinf   translated  host libm rounds differently\n"
      "graphs/clone  *   cudaGraphClone is not supported  # trailing comment\n"
      "streams/pool  shim,shim-static  no pools\n"
      "\n",
      {"math/sinf", "graphs/clone", "streams/pool"}, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(list.size(), 4u);
  EXPECT_EQ(list.reason("streams/pool", Mode::ShimStatic), "no pools");
  EXPECT_FALSE(list.reason("streams/pool", Mode::Native));
  EXPECT_EQ(list.reason("math/sinf", Mode::Translated), "host libm rounds differently");
  EXPECT_FALSE(list.reason("math/sinf", Mode::Shim));
  EXPECT_EQ(list.reason("graphs/clone", Mode::ShimStatic), "cudaGraphClone is not supported");
}

TEST(ExpectedFailures, RejectsStaleOrVagueEntries) {
  std::vector<std::string> errors;
  ExpectedFailures::parse("gone/program shim it was removed\n"
                          "math/sinf gpu reason\n"
                          "math/sinf shim\n"
                          "math/sinf shim one\n"
                          "math/sinf shim two\n",
                          {"math/sinf"}, errors);
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], "expected-failures.txt:1: no program gone/program in the suite");
  EXPECT_EQ(errors[1], "expected-failures.txt:2: 'gpu' is not a mode (shim, shim-static, "
                       "translated, native or *)");
  EXPECT_EQ(errors[2], "expected-failures.txt:3: math/sinf shim gives no reason");
  EXPECT_EQ(errors[3], "expected-failures.txt:5: math/sinf shim is listed twice");
}
