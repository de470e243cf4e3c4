// CUB's device-wide algorithms with the two-phase temporary storage protocol: a first call with
// a null buffer asks for the size, the second does the work. DeviceReduce::Sum, DeviceScan::
// InclusiveSum and DeviceReduce::Max on a stream.
#include "check.h"

#include <cub/device/device_reduce.cuh>
#include <cub/device/device_scan.cuh>

int main() {
  const int n = 5000;
  static int host[n];
  for (int i = 0; i < n; ++i)
    host[i] = (i * 7919) % 1000 - 300;
  int *in, *out, *scan;
  CHECK(cudaMalloc(&in, n * sizeof(int)));
  CHECK(cudaMalloc(&out, 2 * sizeof(int)));
  CHECK(cudaMalloc(&scan, n * sizeof(int)));
  CHECK(cudaMemcpy(in, host, n * sizeof(int), cudaMemcpyHostToDevice));

  size_t bytes = 0;
  CHECK(cub::DeviceReduce::Sum(nullptr, bytes, in, out, n));
  EXPECT(bytes > 0);
  void *temp;
  CHECK(cudaMalloc(&temp, bytes));
  CHECK(cub::DeviceReduce::Sum(temp, bytes, in, out, n));
  CHECK(cudaFree(temp));

  cudaStream_t stream;
  CHECK(cudaStreamCreate(&stream));
  bytes = 0;
  CHECK(cub::DeviceReduce::Max(nullptr, bytes, in, out + 1, n, stream));
  CHECK(cudaMalloc(&temp, bytes));
  CHECK(cub::DeviceReduce::Max(temp, bytes, in, out + 1, n, stream));
  CHECK(cudaStreamSynchronize(stream));
  CHECK(cudaFree(temp));

  bytes = 0;
  CHECK(cub::DeviceScan::InclusiveSum(nullptr, bytes, in, scan, n));
  CHECK(cudaMalloc(&temp, bytes));
  CHECK(cub::DeviceScan::InclusiveSum(temp, bytes, in, scan, n));
  CHECK(cudaDeviceSynchronize());

  int got[2];
  static int gotScan[n];
  CHECK(cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(gotScan, scan, sizeof gotScan, cudaMemcpyDeviceToHost));
  int sum = 0, best = host[0];
  for (int i = 0; i < n; ++i) {
    sum += host[i];
    best = host[i] > best ? host[i] : best;
    EXPECT(gotScan[i] == sum);
  }
  EXPECT(got[0] == sum);
  EXPECT(got[1] == best);
  std::printf("sum %d max %d\n", got[0], got[1]);
  CHECK(cudaFree(temp));
  CHECK(cudaFree(in));
  CHECK(cudaFree(out));
  CHECK(cudaFree(scan));
  CHECK(cudaStreamDestroy(stream));
  std::printf("PASS cub_device\n");
  return 0;
}
