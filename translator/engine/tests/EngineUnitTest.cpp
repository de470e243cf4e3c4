// The engine's pieces that need no Clang: the edit list, line counting, name classification.
#include "EditList.h"
#include "FileRewrite.h"
#include "Translation.h"

#include <gtest/gtest.h>

namespace qiao::translate {
namespace {

TEST(EditList, AppliesReplacementsAndInsertionsInOffsetOrder) {
  EditList edits;
  EXPECT_TRUE(edits.replace(6, 5, "qiao"));
  EXPECT_TRUE(edits.insert(0, "<"));
  EXPECT_TRUE(edits.insert(0, "<"));
  EXPECT_EQ(edits.apply("hello world!"), "<<hello qiao!");
}

TEST(EditList, RefusesOverlappingReplacements) {
  EditList edits;
  EXPECT_TRUE(edits.replace(2, 4, "x"));
  EXPECT_FALSE(edits.replace(5, 2, "y"));
  EXPECT_FALSE(edits.replace(0, 3, "y"));
  EXPECT_FALSE(edits.insert(3, "y")); // inside the replacement
  EXPECT_TRUE(edits.insert(2, "a"));  // at its start
  EXPECT_TRUE(edits.insert(6, "b"));  // at its end
  EXPECT_TRUE(edits.covers(5));
  EXPECT_FALSE(edits.covers(6));
  EXPECT_EQ(edits.apply("0123456789"), "01ax"
                                       "b6789");
}

TEST(EditList, InsertionBeforeReplacementAtSameOffset) {
  EditList edits;
  EXPECT_TRUE(edits.replace(0, 4, "qiaoMalloc"));
  EXPECT_TRUE(edits.insert(0, "/* m */ "));
  EXPECT_EQ(edits.apply("cuda(x)"), "/* m */ qiaoMalloc(x)");
}

TEST(EditList, ChangedRegionsAreTheWholeLinesTheEditsTouch) {
  const std::string original = "aa\nbb cc\ndd\nee\n";
  EditList edits;
  EXPECT_TRUE(edits.replace(3, 2, "BBBB"));   // line 2
  EXPECT_TRUE(edits.replace(6, 2, "C"));      // line 2 again: one region
  EXPECT_TRUE(edits.insert(12, "new\n"));    // start of line 4
  const std::string out = edits.apply(original);
  ASSERT_EQ(out, "aa\nBBBB C\ndd\nnew\nee\n");
  const auto regions = edits.changedRegions(original);
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(original.substr(regions[0].begin, regions[0].end - regions[0].begin), "bb cc\n");
  EXPECT_EQ(out.substr(regions[0].outBegin, regions[0].outEnd - regions[0].outBegin), "BBBB C\n");
  EXPECT_EQ(original.substr(regions[1].begin, regions[1].end - regions[1].begin), "ee\n");
  EXPECT_EQ(out.substr(regions[1].outBegin, regions[1].outEnd - regions[1].outBegin),
            "new\nee\n");
}

TEST(EditList, ManyEditsInAnyOrderStayFastAndExact) {
  // 200,000 one-byte replacements made back to front, with an insertion before each: a list
  // that scanned its edits for each new one would take minutes here.
  const std::size_t n = 200000;
  const std::string original(2 * n, '.');
  EditList edits;
  for (std::size_t i = n; i-- > 0;) {
    ASSERT_TRUE(edits.replace(2 * i, 1, "x"));
    ASSERT_TRUE(edits.insert(2 * i, "<"));
    ASSERT_FALSE(edits.replace(2 * i, 2, "y"));
    ASSERT_TRUE(edits.covers(2 * i));
    ASSERT_FALSE(edits.covers(2 * i + 1));
  }
  std::string expected;
  for (std::size_t i = 0; i < n; ++i)
    expected += "<x.";
  EXPECT_EQ(edits.apply(original), expected);
  EXPECT_EQ(edits.changedRegions(original).size(), 1u);
}

TEST(ChangedLines, CountsLinesAsDiffPairsThem) {
  EXPECT_EQ(countChangedLines("a\nb\nc\n", "a\nb\nc\n"), 0u);
  EXPECT_EQ(countChangedLines("a\nb\nc\n", "a\nB\nc\n"), 1u);
  EXPECT_EQ(countChangedLines("a\nb\nc\n", "x\na\nb\nc\n"), 1u);
  EXPECT_EQ(countChangedLines("a\nb\nc\nd\n", "a\nX\nY\nd\n"), 2u);
  EXPECT_EQ(countChangedLines("", "a\n"), 1u);
}

TEST(CudaNames, RecognisesTheApiSpellings) {
  for (const char *name : {"cudaMalloc", "cuMemAlloc", "CUDA_SUCCESS", "CU_CTX_SCHED_AUTO",
                           "CUDART_VERSION", "CUstream", "CUresult"})
    EXPECT_TRUE(looksLikeCudaName(name)) << name;
  for (const char *name :
       {"cuda", "cudax", "curl", "cube", "CUTOFF", "CU", "count", "__syncthreads"})
    EXPECT_FALSE(looksLikeCudaName(name)) << name;
}

TEST(Diagnostics, EveryIdHasAnEntry) {
  for (const char *id : {"QT1001", "QT1002", "QT1003", "QT2001", "QT2002", "QT2003", "QT2004",
                         "QT2005", "QT2006", "QT2007", "QT2008", "QT2009"})
    EXPECT_NE(findDiagnostic(id), nullptr) << id;
  EXPECT_EQ(findDiagnostic("QT9999"), nullptr);
  EXPECT_EQ(findDiagnostic("QT1001")->severity, Severity::Error);
}

} // namespace
} // namespace qiao::translate
