// cudaStreamQuery and cudaEventQuery on finished work say cudaSuccess; an event recorded behind
// a host function that has not run yet says cudaErrorNotReady; the stream then drains.
// conform: tags=streams,events,query
// expect: before release: stream cudaErrorNotReady, event cudaErrorNotReady
// expect: after release: stream cudaSuccess, event cudaSuccess
// expect: PASS stream_query
#include "conform.h"

#include <atomic>
#include <chrono>
#include <thread>

static std::atomic<bool> released{false};

void CUDART_CB waitForRelease(void *) {
  while (!released.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

int main() {
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaStreamQuery(s));
  cudaEvent_t e;
  CHECK(cudaEventCreate(&e));
  CHECK(cudaLaunchHostFunc(s, waitForRelease, nullptr));
  CHECK(cudaEventRecord(e, s));
  cudaError_t streamState = cudaStreamQuery(s), eventState = cudaEventQuery(e);
  std::printf("before release: stream %s, event %s\n", cudaGetErrorName(streamState),
              cudaGetErrorName(eventState));
  released = true;
  CHECK(cudaStreamSynchronize(s));
  streamState = cudaStreamQuery(s);
  eventState = cudaEventQuery(e);
  std::printf("after release: stream %s, event %s\n", cudaGetErrorName(streamState),
              cudaGetErrorName(eventState));
  CHECK(cudaEventDestroy(e));
  CHECK(cudaStreamDestroy(s));
  std::printf("PASS stream_query\n");
  return 0;
}
