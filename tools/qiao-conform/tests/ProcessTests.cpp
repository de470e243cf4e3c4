#include "Process.h"

#include <gtest/gtest.h>

#include <csignal>

using namespace qiao::conform;

TEST(Process, CapturesBothStreamsAndTheExitCode) {
  const ProcessResult result = runProcess({{"sh", "-c", "echo out; echo err >&2; exit 7"}, {}, 10});
  ASSERT_TRUE(result.started);
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.exitCode, 7);
  EXPECT_EQ(result.out, "out\n");
  EXPECT_EQ(result.err, "err\n");
}

TEST(Process, SetsTheRequestedEnvironment) {
  const ProcessResult result =
      runProcess({{"sh", "-c", "echo $QIAO_EXEC"}, {"QIAO_EXEC=interp"}, 10});
  EXPECT_EQ(result.out, "interp\n");
}

TEST(Process, KillsTheWholeGroupAtTheLimit) {
  // The grandchild holds the pipes open: only a kill of the group ends the wait in time.
  const ProcessResult result =
      runProcess({{"sh", "-c", "sleep 30 & sleep 30; echo never"}, {}, 0.5});
  EXPECT_TRUE(result.timedOut);
  EXPECT_EQ(result.signal, SIGKILL);
  EXPECT_EQ(result.out, "");
  EXPECT_LT(result.seconds, 5);
}

TEST(Process, ReportsTheSignalThatEndedIt) {
  const ProcessResult result = runProcess({{"sh", "-c", "kill -SEGV $$"}, {}, 10});
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.signal, SIGSEGV);
  EXPECT_EQ(signalName(result.signal), "SIGSEGV");
  EXPECT_EQ(signalName(SIGABRT), "SIGABRT");
}

TEST(Process, SaysWhyACommandCannotStart) {
  const ProcessResult result = runProcess({{"/nonexistent/program"}, {}, 10});
  EXPECT_FALSE(result.started);
  EXPECT_NE(result.startError.find("cannot run /nonexistent/program"), std::string::npos);
}
