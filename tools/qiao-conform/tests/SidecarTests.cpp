#include "OutputMatch.h"
#include "Program.h"

#include <gtest/gtest.h>

using namespace qiao::conform;

TEST(Sidecar, ReadsEveryKeyAndExpectation) {
  Program program;
  program.source = "/suite/memory/copy.cu";
  const std::string error =
      parseSidecar("// A comment about the program.\n"
                   "// conform: tags=memory,async timeout=5 exit=3\n"
                   "// conform: modes=shim,translated nvcc=-rdc=true libs=cuda\n"
                   "// conform: sources=parts/b.cu\n"
                   "// expect: first line\n"
                   "// expect-sorted: block 1\n"
                   "// expect-sorted: block 0\n"
                   "// expect:\n"
                   "// expect-stderr: Assertion\n"
                   "#include <cstdio>\n"
                   "// expect: not part of the sidecar\n",
                   program);
  ASSERT_EQ(error, "");
  EXPECT_EQ(program.tags, (std::vector<std::string>{"memory", "async"}));
  EXPECT_EQ(program.timeoutSeconds, 5);
  EXPECT_EQ(program.exitCode, 3);
  EXPECT_EQ(program.modes, (std::set<Mode>{Mode::Shim, Mode::Translated}));
  EXPECT_EQ(program.nvccFlags, std::vector<std::string>{"-rdc=true"});
  EXPECT_EQ(program.libraries, std::vector<std::string>{"cuda"});
  ASSERT_EQ(program.parts.size(), 1u);
  EXPECT_EQ(program.parts[0], "/suite/memory/parts/b.cu");
  ASSERT_EQ(program.stdoutLines.size(), 4u);
  EXPECT_EQ(program.stdoutLines[0].text, "first line");
  EXPECT_FALSE(program.stdoutLines[0].sorted);
  EXPECT_TRUE(program.stdoutLines[1].sorted);
  EXPECT_EQ(program.stdoutLines[3].text, "");
  EXPECT_EQ(program.stderrTexts, std::vector<std::string>{"Assertion"});
}

TEST(Sidecar, DefaultsToEveryModeAndExitZero) {
  Program program;
  ASSERT_EQ(parseSidecar("// conform: tags=x\n", program), "");
  EXPECT_EQ(program.modes.size(), 4u);
  EXPECT_EQ(program.exitCode, 0);
  EXPECT_EQ(program.timeoutSeconds, 30);
}

TEST(Sidecar, EnvironmentSettingsApplyToEveryRun) {
  Program program;
  ASSERT_EQ(parseSidecar("// conform: env=QIAO_EMU_DEVICES=2,A=b=c\n", program), "");
  EXPECT_EQ(program.environment, (std::vector<std::string>{"QIAO_EMU_DEVICES=2", "A=b=c"}));
  EXPECT_EQ(parseSidecar("// conform: env=NOVALUE\n", program),
            "line 1: env= takes NAME=VALUE settings, not 'NOVALUE'");
  EXPECT_EQ(parseSidecar("// conform: env==2\n", program),
            "line 1: env= takes NAME=VALUE settings, not '=2'");
}

TEST(Sidecar, NamesTheBadLine) {
  Program program;
  EXPECT_EQ(parseSidecar("// x\n// conform: modes=shim,gpu\n", program),
            "line 2: unknown mode 'gpu' (shim, shim-static, translated, native)");
  EXPECT_EQ(parseSidecar("// conform: timeout=-1\n", program),
            "line 1: timeout= must be a positive number of seconds, not '-1'");
  EXPECT_EQ(parseSidecar("// conform: colour=red\n", program),
            "line 1: unknown key 'colour' (tags, modes, timeout, exit, nvcc, libs, sources, env)");
  EXPECT_EQ(parseSidecar("// conform: tags\n", program), "line 1: 'tags' is not key=value");
  EXPECT_EQ(parseSidecar("#include <x>\n// conform: tags=a\n", program),
            "no '// conform:' line in the comment block at the top");
}

TEST(OutputMatch, ExactLinesInOrder) {
  const std::vector<ExpectedLine> expected{{"a", false}, {"b", false}};
  EXPECT_EQ(firstStdoutDifference(expected, "a\nb\n"), "");
  EXPECT_EQ(firstStdoutDifference(expected, "a\nc\n"), "line 2: expected 'b', got 'c'");
  EXPECT_EQ(firstStdoutDifference(expected, "a\n"), "line 2: expected 'b', got end of output");
  EXPECT_EQ(firstStdoutDifference(expected, "a\nb\nextra\n"),
            "line 3: expected end of output, got 'extra'");
  EXPECT_EQ(firstStdoutDifference(expected, "b\na\n"), "line 1: expected 'a', got 'b'");
}

TEST(OutputMatch, SortedGroupsMatchInAnyOrder) {
  const std::vector<ExpectedLine> expected{
      {"head", false}, {"x 1", true}, {"x 0", true}, {"x 2", true}, {"tail", false}};
  EXPECT_EQ(firstStdoutDifference(expected, "head\nx 2\nx 0\nx 1\ntail\n"), "");
  EXPECT_EQ(firstStdoutDifference(expected, "head\nx 2\nx 0\nx 0\ntail\n"),
            "lines 2-4 (any order): expected 'x 1', got 'x 0' (sorted)");
  // A line of the group may not move past the group's end.
  EXPECT_NE(firstStdoutDifference(expected, "head\nx 2\nx 0\ntail\nx 1\n"), "");
}

TEST(OutputMatch, StderrTextsWithinLines) {
  EXPECT_EQ(missingStderrText({"Assertion", "failed"}, "k.cu:3: Assertion `x' failed.\n"), "");
  EXPECT_EQ(missingStderrText({"abort"}, "nothing\n"), "stderr: no line contains 'abort'");
}
