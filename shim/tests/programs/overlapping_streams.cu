// Two streams whose work overlaps: while a long kernel runs in one, the other fills and copies a
// buffer the kernel does not touch. Both results must be exact under every backend, and under
// QIAO_EXEC=check (each launch run twice from one snapshot of device memory and compared) the
// other stream's writes must be neither reported as a difference nor undone by the snapshot.
#include "check.h"

#include <cstring>

constexpr int kThreads = 256;
constexpr int kSteps = 100000;
constexpr size_t kOtherBytes = 4 << 20;
constexpr int kFills = 64;

// Long enough (about a second interpreted) that the other stream's work runs beside it.
__global__ void slowSums(unsigned *out) {
  unsigned x = threadIdx.x, sum = 0;
  for (int i = 0; i < kSteps; ++i) {
    x = x * 1664525u + 1013904223u;
    sum += x >> 16;
  }
  out[threadIdx.x] = sum;
}

unsigned expectedSum(unsigned thread) {
  unsigned x = thread, sum = 0;
  for (int i = 0; i < kSteps; ++i) {
    x = x * 1664525u + 1013904223u;
    sum += x >> 16;
  }
  return sum;
}

int main() {
  unsigned *sums;
  unsigned char *other, *source;
  CHECK(cudaMalloc(&sums, kThreads * sizeof(unsigned)));
  CHECK(cudaMalloc(&other, kOtherBytes));
  CHECK(cudaMalloc(&source, kOtherBytes));
  CHECK(cudaMemset(other, 0, kOtherBytes));
  CHECK(cudaMemset(source, 0x5a, kOtherBytes));
  CHECK(cudaDeviceSynchronize());

  cudaStream_t kernelStream, copyStream;
  CHECK(cudaStreamCreateWithFlags(&kernelStream, cudaStreamNonBlocking));
  CHECK(cudaStreamCreateWithFlags(&copyStream, cudaStreamNonBlocking));
  // A first launch loads (and under QIAO_EXEC=check compiles) the kernel, so that the second runs
  // at once, beside the other stream's work.
  slowSums<<<1, kThreads, 0, kernelStream>>>(sums);
  CHECK(cudaStreamSynchronize(kernelStream));
  // Fills of changing values, then a copy: the buffer's last state is the copy's. Half the fills
  // are queued before the kernel, so that they are running when it starts.
  for (int i = 0; i < kFills / 2; ++i)
    CHECK(cudaMemsetAsync(other, i + 1, kOtherBytes, copyStream));
  slowSums<<<1, kThreads, 0, kernelStream>>>(sums);
  CHECK(cudaGetLastError());
  for (int i = kFills / 2; i < kFills; ++i)
    CHECK(cudaMemsetAsync(other, i + 1, kOtherBytes, copyStream));
  CHECK(cudaMemcpyAsync(other, source, kOtherBytes / 2, cudaMemcpyDeviceToDevice, copyStream));
  CHECK(cudaStreamSynchronize(copyStream));
  CHECK(cudaStreamSynchronize(kernelStream));

  unsigned hostSums[kThreads];
  CHECK(cudaMemcpy(hostSums, sums, sizeof hostSums, cudaMemcpyDeviceToHost));
  for (int t = 0; t < kThreads; ++t)
    if (hostSums[t] != expectedSum(t)) {
      std::printf("FAIL sum of thread %d: %u, expected %u\n", t, hostSums[t], expectedSum(t));
      return 1;
    }
  static unsigned char hostOther[kOtherBytes];
  CHECK(cudaMemcpy(hostOther, other, kOtherBytes, cudaMemcpyDeviceToHost));
  for (size_t i = 0; i < kOtherBytes; ++i) {
    unsigned char expected = i < kOtherBytes / 2 ? 0x5a : kFills;
    if (hostOther[i] != expected) {
      std::printf("FAIL other stream's buffer at %zu: 0x%02x, expected 0x%02x\n", i, hostOther[i],
                  expected);
      return 1;
    }
  }
  std::printf("kernel ok: sums[255] = %u\n", hostSums[kThreads - 1]);
  std::printf("other stream's %d fills and copy ok\n", kFills);
  CHECK(cudaStreamDestroy(kernelStream));
  CHECK(cudaStreamDestroy(copyStream));
  std::printf("PASS overlapping_streams\n");
  return 0;
}
