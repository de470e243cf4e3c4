// The trace layer over the example driver: a program that exits with work still queued (no
// synchronisation, no cleanup) leaves a timeline that is a closed JSON array, the pending work
// written as an instant at its submission.
#include "LayerTestSupport.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

std::atomic<bool> released{false};

void holdTheQueue(void *) {
  while (!released)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string readFile(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TraceLayer, ExitingWithWorkQueuedLeavesAClosedTimeline) {
  std::string path = ::testing::TempDir() + "qiao-trace-exit-test.json";
  std::remove(path.c_str());
  EXPECT_EXIT(
      {
        setenv("QIAO_TRACE_FILE", path.c_str(), 1);
        const qiaoDriverTable *table = qiao::layers::testing::openChain("trace:example");
        qiaoDrvQueue queue = nullptr;
        void *memory = nullptr;
        if (!table || table->queueCreate(0, 0, 0, &queue) != qiaoDrvSuccess ||
            table->memAlloc(0, 256, QIAO_DRV_MEM_DEVICE, 0, &memory) != qiaoDrvSuccess ||
            table->enqueueHostFn(queue, holdTheQueue, nullptr) != qiaoDrvSuccess ||
            table->enqueueFill(queue, memory, 0, 1, 256) != qiaoDrvSuccess)
          std::exit(3);
        std::exit(0); // the fill waits behind the held queue
      },
      ::testing::ExitedWithCode(0), "");
  std::string trace = readFile(path);
  ASSERT_FALSE(trace.empty()) << path;
  EXPECT_EQ(trace.front(), '[');
  EXPECT_EQ(trace.substr(trace.size() - 4), "}\n]\n") << "not closed at exit";
  EXPECT_NE(trace.find("\"name\":\"memset (not finished at exit)\",\"cat\":\"work\",\"ph\":\"i\""),
            std::string::npos);
  EXPECT_NE(trace.find("\"name\":\"queueCreate\",\"cat\":\"seam\",\"ph\":\"X\""),
            std::string::npos);
  EXPECT_NE(trace.find("\"bytes\":256"), std::string::npos);
}

} // namespace
