// Stream capture modes: which "potentially unsafe" calls (here qiaoDeviceSynchronize) a capture
// forbids, following cudaStreamBeginCapture, for threads in the default (global) interaction
// mode: the thread's own capture forbids them unless it began in relaxed mode; another thread's
// global capture forbids them too, its thread-local or relaxed one does not. A refused call fails
// with qiaoErrorStreamCaptureUnsupported and invalidates the capture. A thread that sets its own
// mode to relaxed (qiaoThreadExchangeStreamCaptureMode) is forbidden nothing; libcudart's tests
// (shim/cudart/tests) cover the thread-local mode as well.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace {

struct Capture {
  qiaoStream_t stream = nullptr;
  Capture() { EXPECT_EQ(qiaoStreamCreateWithFlags(&stream, qiaoStreamNonBlocking), qiaoSuccess); }
  ~Capture() { EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess); }
  qiaoError_t end() {
    qiaoGraph_t graph = nullptr;
    qiaoError_t status = qiaoStreamEndCapture(stream, &graph);
    if (graph)
      qiaoGraphDestroy(graph);
    return status;
  }
};

// Runs `body` on another thread while that thread has a capture of `mode` open; returns the
// capture's end status.
template <class Body> qiaoError_t whileCapturedElsewhere(qiaoStreamCaptureMode mode, Body body) {
  Capture capture;
  std::atomic<int> phase{0};
  qiaoError_t ended = qiaoSuccess;
  std::thread capturer([&] {
    EXPECT_EQ(qiaoStreamBeginCapture(capture.stream, mode), qiaoSuccess);
    phase = 1;
    while (phase != 2)
      std::this_thread::yield();
    ended = capture.end();
  });
  while (phase != 1)
    std::this_thread::yield();
  body();
  phase = 2;
  capturer.join();
  return ended;
}

TEST(CaptureModes, DeviceSynchronizeInOwnGlobalCaptureIsRefusedAndInvalidates) {
  Capture capture;
  ASSERT_EQ(qiaoStreamBeginCapture(capture.stream, qiaoStreamCaptureModeGlobal), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorStreamCaptureUnsupported);
  qiaoStreamCaptureStatus status = qiaoStreamCaptureStatusNone;
  EXPECT_EQ(qiaoStreamIsCapturing(capture.stream, &status), qiaoSuccess);
  EXPECT_EQ(status, qiaoStreamCaptureStatusInvalidated);
  EXPECT_EQ(capture.end(), qiaoErrorStreamCaptureInvalidated);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess); // no capture left
  qiaoGetLastError();
}

TEST(CaptureModes, ThreadLocalCaptureForbidsOnlyItsOwnThread) {
  Capture capture;
  ASSERT_EQ(qiaoStreamBeginCapture(capture.stream, qiaoStreamCaptureModeThreadLocal), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorStreamCaptureUnsupported);
  EXPECT_EQ(capture.end(), qiaoErrorStreamCaptureInvalidated);
  qiaoError_t ended = whileCapturedElsewhere(
      qiaoStreamCaptureModeThreadLocal, [] { EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess); });
  EXPECT_EQ(ended, qiaoSuccess);
  qiaoGetLastError();
}

TEST(CaptureModes, OtherThreadsGlobalCaptureForbidsThem) {
  qiaoError_t ended = whileCapturedElsewhere(qiaoStreamCaptureModeGlobal, [] {
    EXPECT_EQ(qiaoDeviceSynchronize(), qiaoErrorStreamCaptureUnsupported);
  });
  EXPECT_EQ(ended, qiaoErrorStreamCaptureInvalidated);
  ended = whileCapturedElsewhere(qiaoStreamCaptureModeRelaxed,
                                 [] { EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess); });
  EXPECT_EQ(ended, qiaoSuccess);
  qiaoGetLastError();
}

TEST(CaptureModes, OwnRelaxedCaptureAllowsThem) {
  Capture capture;
  ASSERT_EQ(qiaoStreamBeginCapture(capture.stream, qiaoStreamCaptureModeRelaxed), qiaoSuccess);
  EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess);
  EXPECT_EQ(capture.end(), qiaoSuccess);
}

TEST(CaptureModes, ThreadExchangeStreamCaptureModeSwapsTheCallingThreadsMode) {
  qiaoStreamCaptureMode mode = qiaoStreamCaptureModeRelaxed;
  ASSERT_EQ(qiaoThreadExchangeStreamCaptureMode(&mode), qiaoSuccess);
  EXPECT_EQ(mode, qiaoStreamCaptureModeGlobal); // every thread starts in global mode
  qiaoError_t ended = whileCapturedElsewhere(
      qiaoStreamCaptureModeGlobal, [] { EXPECT_EQ(qiaoDeviceSynchronize(), qiaoSuccess); });
  EXPECT_EQ(ended, qiaoSuccess);
  mode = qiaoStreamCaptureModeGlobal;
  ASSERT_EQ(qiaoThreadExchangeStreamCaptureMode(&mode), qiaoSuccess);
  EXPECT_EQ(mode, qiaoStreamCaptureModeRelaxed);
}

TEST(CaptureModes, ThreadExchangeStreamCaptureModeRefusesNoOrAnUnknownMode) {
  EXPECT_EQ(qiaoThreadExchangeStreamCaptureMode(nullptr), qiaoErrorInvalidValue);
  auto unknown = static_cast<qiaoStreamCaptureMode>(7);
  EXPECT_EQ(qiaoThreadExchangeStreamCaptureMode(&unknown), qiaoErrorInvalidValue);
  EXPECT_EQ(unknown, static_cast<qiaoStreamCaptureMode>(7)); // left as it was
  EXPECT_EQ(qiaoGetLastError(), qiaoErrorInvalidValue);
}

} // namespace
