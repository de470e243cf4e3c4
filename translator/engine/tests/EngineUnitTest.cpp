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
                         "QT2005", "QT2006", "QT2007", "QT2008"})
    EXPECT_NE(findDiagnostic(id), nullptr) << id;
  EXPECT_EQ(findDiagnostic("QT9999"), nullptr);
  EXPECT_EQ(findDiagnostic("QT1001")->severity, Severity::Error);
}

} // namespace
} // namespace qiao::translate
