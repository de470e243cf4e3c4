// The legacy default stream and stream capture, found by qiao-api-fuzz: waiting on an event
// recorded in a capture made the legacy stream join it, and once the capture ended and its graph
// was destroyed, the next legacy-stream call recorded into freed memory.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

namespace {

TEST(CaptureAndLegacyStream, WaitingOnACapturedEventIsAnImplicitDependency) {
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&stream, qiaoStreamNonBlocking), qiaoSuccess);
  qiaoEvent_t event = nullptr;
  ASSERT_EQ(qiaoEventCreate(&event), qiaoSuccess);
  ASSERT_EQ(qiaoStreamBeginCapture(stream, qiaoStreamCaptureModeRelaxed), qiaoSuccess);
  ASSERT_EQ(qiaoEventRecord(event, stream), qiaoSuccess);
  EXPECT_EQ(qiaoStreamWaitEvent(nullptr, event, 0), qiaoErrorStreamCaptureImplicit);
  EXPECT_EQ(qiaoStreamWaitEvent(qiaoStreamLegacy, event, 0), qiaoErrorStreamCaptureImplicit);
  qiaoGraph_t graph = nullptr;
  ASSERT_EQ(qiaoStreamEndCapture(stream, &graph), qiaoSuccess);
  ASSERT_EQ(qiaoGraphDestroy(graph), qiaoSuccess);

  // The legacy stream never captured: its work runs.
  qiaoStreamCaptureStatus status = qiaoStreamCaptureStatusActive;
  EXPECT_EQ(qiaoStreamIsCapturing(nullptr, &status), qiaoSuccess);
  EXPECT_EQ(status, qiaoStreamCaptureStatusNone);
  void *device = nullptr;
  ASSERT_EQ(qiaoMalloc(&device, 64), qiaoSuccess);
  EXPECT_EQ(qiaoMemsetAsync(device, 7, 64, nullptr), qiaoSuccess);
  unsigned char host[64] = {};
  EXPECT_EQ(qiaoMemcpy(host, device, 64, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(host[63], 7);
  EXPECT_EQ(qiaoFree(device), qiaoSuccess);
  EXPECT_EQ(qiaoEventDestroy(event), qiaoSuccess);
  EXPECT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
