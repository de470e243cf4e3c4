// Streams, events, host callbacks and host functions through libcudart.so.13.
#include <cuda_runtime_api.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

void appendOne(void *data) { static_cast<std::vector<int> *>(data)->push_back(1); }
void appendTwo(cudaStream_t, cudaError_t status, void *data) {
  static_cast<std::vector<int> *>(data)->push_back(status == cudaSuccess ? 2 : -2);
}

TEST(CudartStream, HostWorkRunsInStreamOrder) {
  cudaStream_t stream = nullptr;
  ASSERT_EQ(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), cudaSuccess);
  unsigned flags = 0;
  EXPECT_EQ(cudaStreamGetFlags(stream, &flags), cudaSuccess);
  EXPECT_EQ(flags, unsigned(cudaStreamNonBlocking));
  std::vector<int> order;
  ASSERT_EQ(cudaLaunchHostFunc(stream, appendOne, &order), cudaSuccess);
  ASSERT_EQ(cudaStreamAddCallback(stream, appendTwo, &order, 0), cudaSuccess);
  ASSERT_EQ(cudaLaunchHostFunc(stream, appendOne, &order), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(stream), cudaSuccess);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 1}));
  EXPECT_EQ(cudaStreamQuery(stream), cudaSuccess);
  int device = -1;
  EXPECT_EQ(cudaStreamGetDevice(stream, &device), cudaSuccess);
  EXPECT_EQ(device, 0);
  EXPECT_EQ(cudaStreamDestroy(stream), cudaSuccess);
}

TEST(CudartStream, PriorityIsKept) {
  int least = 0, greatest = 0;
  ASSERT_EQ(cudaDeviceGetStreamPriorityRange(&least, &greatest), cudaSuccess);
  cudaStream_t stream = nullptr;
  ASSERT_EQ(cudaStreamCreateWithPriority(&stream, cudaStreamDefault, greatest), cudaSuccess);
  int priority = 12345;
  EXPECT_EQ(cudaStreamGetPriority(stream, &priority), cudaSuccess);
  EXPECT_EQ(priority, greatest);
  cudaStreamDestroy(stream);
}

TEST(CudartStream, DefaultStreamsAnswer) {
  EXPECT_EQ(cudaStreamSynchronize(0), cudaSuccess);
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamLegacy), cudaSuccess);
  EXPECT_EQ(cudaStreamSynchronize(cudaStreamPerThread), cudaSuccess);
  EXPECT_EQ(cudaStreamQuery(0), cudaSuccess);
}

TEST(CudartEvent, RecordSynchronizeElapsed) {
  cudaEvent_t start = nullptr, stop = nullptr;
  ASSERT_EQ(cudaEventCreate(&start), cudaSuccess);
  ASSERT_EQ(cudaEventCreateWithFlags(&stop, cudaEventDefault), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(start, 0), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(stop, 0), cudaSuccess);
  ASSERT_EQ(cudaEventSynchronize(stop), cudaSuccess);
  EXPECT_EQ(cudaEventQuery(stop), cudaSuccess);
  float ms = -1;
  EXPECT_EQ(cudaEventElapsedTime(&ms, start, stop), cudaSuccess);
  EXPECT_GE(ms, 0.0f);
  EXPECT_EQ(cudaEventDestroy(start), cudaSuccess);
  EXPECT_EQ(cudaEventDestroy(stop), cudaSuccess);
}

TEST(CudartEvent, StreamWaitsForEventOfAnotherStream) {
  cudaStream_t first = nullptr, second = nullptr;
  ASSERT_EQ(cudaStreamCreate(&first), cudaSuccess);
  ASSERT_EQ(cudaStreamCreate(&second), cudaSuccess);
  cudaEvent_t done = nullptr;
  ASSERT_EQ(cudaEventCreateWithFlags(&done, cudaEventDisableTiming), cudaSuccess);
  std::vector<int> order;
  ASSERT_EQ(cudaLaunchHostFunc(first, appendOne, &order), cudaSuccess);
  ASSERT_EQ(cudaEventRecord(done, first), cudaSuccess);
  ASSERT_EQ(cudaStreamWaitEvent(second, done, 0), cudaSuccess);
  ASSERT_EQ(cudaStreamAddCallback(second, appendTwo, &order, 0), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(second), cudaSuccess);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  float ms = 0;
  EXPECT_EQ(cudaEventElapsedTime(&ms, done, done), cudaErrorInvalidResourceHandle);
  cudaGetLastError();
  cudaEventDestroy(done);
  cudaStreamDestroy(first);
  cudaStreamDestroy(second);
}

} // namespace

namespace {

TEST(CudartStream, NoStreamIsEverCapturing) {
  cudaStreamCaptureStatus status = cudaStreamCaptureStatusActive;
  EXPECT_EQ(cudaStreamIsCapturing(0, &status), cudaSuccess);
  EXPECT_EQ(status, cudaStreamCaptureStatusNone);
  cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  EXPECT_EQ(mode, cudaStreamCaptureModeGlobal);
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  EXPECT_EQ(mode, cudaStreamCaptureModeRelaxed);
}

} // namespace

namespace {

// The thread's capture interaction mode decides which captures forbid its "potentially unsafe"
// calls (cudaThreadExchangeStreamCaptureMode): in relaxed mode none, in thread-local mode only its
// own, in global mode also other threads' global captures.
TEST(CudartStream, CaptureInteractionModeDecidesWhatACaptureForbids) {
  cudaStream_t stream = nullptr;
  ASSERT_EQ(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), cudaSuccess);
  cudaStreamCaptureMode mode = cudaStreamCaptureModeRelaxed;
  ASSERT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  ASSERT_EQ(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  cudaGraph_t graph = nullptr;
  EXPECT_EQ(cudaStreamEndCapture(stream, &graph), cudaSuccess);
  cudaGraphDestroy(graph);
  ASSERT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess); // back to global

  // Another thread's global capture: refused in global mode, allowed in thread-local mode.
  std::atomic<int> phase{0};
  cudaError_t ended = cudaSuccess;
  std::thread capturer([&] {
    EXPECT_EQ(cudaStreamBeginCapture(stream, cudaStreamCaptureModeGlobal), cudaSuccess);
    phase = 1;
    while (phase != 2)
      std::this_thread::yield();
    cudaGraph_t captured = nullptr;
    ended = cudaStreamEndCapture(stream, &captured);
    if (captured)
      cudaGraphDestroy(captured);
  });
  while (phase != 1)
    std::this_thread::yield();
  mode = cudaStreamCaptureModeThreadLocal;
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(&mode), cudaSuccess);
  EXPECT_EQ(mode, cudaStreamCaptureModeThreadLocal);
  EXPECT_EQ(cudaDeviceSynchronize(), cudaErrorStreamCaptureUnsupported);
  phase = 2;
  capturer.join();
  EXPECT_EQ(ended, cudaErrorStreamCaptureInvalidated);
  auto bad = static_cast<cudaStreamCaptureMode>(7);
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(&bad), cudaErrorInvalidValue);
  EXPECT_EQ(cudaThreadExchangeStreamCaptureMode(nullptr), cudaErrorInvalidValue);
  cudaGetLastError();
  EXPECT_EQ(cudaStreamDestroy(stream), cudaSuccess);
}

} // namespace
