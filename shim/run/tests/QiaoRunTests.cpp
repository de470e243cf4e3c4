// qiao-run: library path first, existing entries kept, environment and exit code passed through,
// a missing program reported with exit code 127.
#include "LibraryPath.h"
#include "TraceOption.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace {

struct Outcome {
  int exitCode = -1;
  std::string output; // stdout and stderr together
};

Outcome run(const std::string &environment, const std::string &arguments) {
  std::string command = environment + " '" QIAO_RUN_PATH "' " + arguments + " 2>&1";
  Outcome outcome;
  FILE *pipe = popen(command.c_str(), "r");
  if (pipe == nullptr)
    return outcome;
  char buffer[512];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    outcome.output.append(buffer, n);
  int status = pclose(pipe);
  outcome.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

std::string expectedLibDir() {
  return (std::filesystem::path(QIAO_RUN_PATH).parent_path() / ".." / "lib")
      .lexically_normal()
      .string();
}

TEST(QiaoRun, PassesTheExitCodeThrough) {
  EXPECT_EQ(run("", "/bin/sh -c 'exit 7'").exitCode, 7);
  EXPECT_EQ(run("", "/bin/sh -c 'exit 0'").exitCode, 0);
}

TEST(QiaoRun, PutsItsLibDirFirstAndKeepsTheRest) {
  auto outcome =
      run("LD_LIBRARY_PATH=/opt/a:/opt/b", "/bin/sh -c 'printf %s \"$LD_LIBRARY_PATH\"'");
  EXPECT_EQ(outcome.exitCode, 0);
  EXPECT_EQ(outcome.output, expectedLibDir() + ":/opt/a:/opt/b");
}

TEST(QiaoRun, WorksWithoutAnExistingLibraryPath) {
  auto outcome = run("env -u LD_LIBRARY_PATH", "/bin/sh -c 'printf %s \"$LD_LIBRARY_PATH\"'");
  EXPECT_EQ(outcome.output, expectedLibDir());
}

TEST(QiaoRun, PassesQiaoLogThrough) {
  auto outcome = run("QIAO_LOG=1", "/bin/sh -c 'printf %s \"$QIAO_LOG\"'");
  EXPECT_EQ(outcome.output, "1");
}

TEST(QiaoRun, FindsProgramsOnThePathAndPassesArguments) {
  auto outcome = run("", "echo one 'two three'");
  EXPECT_EQ(outcome.exitCode, 0);
  EXPECT_EQ(outcome.output, "one two three\n");
}

TEST(QiaoRun, MissingProgramExits127WithAMessage) {
  auto outcome = run("", "/nonexistent/qiao-no-such-program");
  EXPECT_EQ(outcome.exitCode, 127);
  EXPECT_EQ(
      outcome.output,
      "qiao-run: cannot run '/nonexistent/qiao-no-such-program': No such file or directory\n");
}

TEST(QiaoRun, NoProgramIsAUsageError) {
  auto outcome = run("", "");
  EXPECT_EQ(outcome.exitCode, 2);
  EXPECT_NE(outcome.output.find("usage: qiao-run [--trace FILE] PROGRAM [ARGS...]"),
            std::string::npos);
}

TEST(QiaoRun, TraceSelectsTheTraceLayerAndTheFile) {
  auto outcome =
      run("env -u QIAO_DRIVER",
          "--trace /tmp/t.json /bin/sh -c 'printf %s \"$QIAO_DRIVER $QIAO_TRACE_FILE\"'");
  EXPECT_EQ(outcome.exitCode, 0);
  EXPECT_EQ(outcome.output, "trace:emu /tmp/t.json");
  outcome =
      run("QIAO_DRIVER=validate:test", "--trace t.json /bin/sh -c 'printf %s \"$QIAO_DRIVER\"'");
  EXPECT_EQ(outcome.output, "trace:validate:test");
}

TEST(QiaoRun, TraceWithoutAFileIsAUsageError) {
  auto outcome = run("", "--trace");
  EXPECT_EQ(outcome.exitCode, 2);
  EXPECT_NE(outcome.output.find("qiao-run: --trace needs a file name"), std::string::npos);
}

TEST(TraceOption, AddsTheTraceLayerOnceOnTop) {
  EXPECT_EQ(qiao::run::withTraceLayer(nullptr), "trace:emu");
  EXPECT_EQ(qiao::run::withTraceLayer(""), "trace:emu");
  EXPECT_EQ(qiao::run::withTraceLayer("acme"), "trace:acme");
  EXPECT_EQ(qiao::run::withTraceLayer("validate:acme"), "trace:validate:acme");
  EXPECT_EQ(qiao::run::withTraceLayer("validate:trace:acme"), "validate:trace:acme");
  // A driver that happens to be called trace is no layer.
  EXPECT_EQ(qiao::run::withTraceLayer("trace"), "trace:trace");
}

TEST(LibraryPath, RepeatsOfTheFirstEntryAreDropped) {
  EXPECT_EQ(qiao::run::prependLibraryPath("/q/lib", nullptr), "/q/lib");
  EXPECT_EQ(qiao::run::prependLibraryPath("/q/lib", ""), "/q/lib");
  EXPECT_EQ(qiao::run::prependLibraryPath("/q/lib", "/x:/q/lib:/y"), "/q/lib:/x:/y");
}

} // namespace
