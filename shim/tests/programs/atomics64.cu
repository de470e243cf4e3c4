// 64-bit atomics under contention: long long / unsigned long long add, min, max, CAS loops
// (the classic double atomicMax by CAS), and double atomicAdd on exact values.
#include "check.h"

__device__ double atomicMaxDouble(double *address, double value) {
  unsigned long long *bits = reinterpret_cast<unsigned long long *>(address);
  unsigned long long old = *bits, assumed;
  do {
    assumed = old;
    if (__longlong_as_double(assumed) >= value)
      break;
    old = atomicCAS(bits, assumed, __double_as_longlong(value));
  } while (assumed != old);
  return __longlong_as_double(old);
}

__global__ void hammer(long long *sum, long long *lo, unsigned long long *hi,
                       unsigned long long *bits, double *dsum, double *dmax) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  long long v = (static_cast<long long>(i) - 500) * 1000000007LL;
  atomicAdd(reinterpret_cast<unsigned long long *>(sum), static_cast<unsigned long long>(v));
  atomicMin(lo, v);
  atomicMax(hi, static_cast<unsigned long long>(i) << 40);
  atomicOr(bits, 1ULL << (i % 64));
  atomicAdd(dsum, 0.25 * i);
  atomicMaxDouble(dmax, 1.5 * (i % 777));
}

int main() {
  const int blocks = 8, threads = 128, n = blocks * threads;
  long long *sum, *lo;
  unsigned long long *hi, *bits;
  double *dsum, *dmax;
  CHECK(cudaMalloc(&sum, 8));
  CHECK(cudaMalloc(&lo, 8));
  CHECK(cudaMalloc(&hi, 8));
  CHECK(cudaMalloc(&bits, 8));
  CHECK(cudaMalloc(&dsum, 8));
  CHECK(cudaMalloc(&dmax, 8));
  long long zero = 0, big = 0x7fffffffffffffffLL;
  double dzero = 0.0;
  CHECK(cudaMemcpy(sum, &zero, 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(lo, &big, 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(hi, &zero, 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(bits, &zero, 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dsum, &dzero, 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dmax, &dzero, 8, cudaMemcpyHostToDevice));
  hammer<<<blocks, threads>>>(sum, lo, hi, bits, dsum, dmax);
  CHECK(cudaGetLastError());
  long long gotSum, gotLo;
  unsigned long long gotHi, gotBits;
  double gotDsum, gotDmax;
  CHECK(cudaMemcpy(&gotSum, sum, 8, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&gotLo, lo, 8, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&gotHi, hi, 8, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&gotBits, bits, 8, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&gotDsum, dsum, 8, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&gotDmax, dmax, 8, cudaMemcpyDeviceToHost));
  long long wantSum = 0;
  for (int i = 0; i < n; ++i)
    wantSum += (static_cast<long long>(i) - 500) * 1000000007LL;
  EXPECT(gotSum == wantSum);
  EXPECT(gotLo == -500LL * 1000000007LL);
  EXPECT(gotHi == static_cast<unsigned long long>(n - 1) << 40);
  EXPECT(gotBits == ~0ULL);
  EXPECT(gotDsum == 0.25 * (n - 1) * n / 2); // quarters of integers: every partial sum is exact
  EXPECT(gotDmax == 1.5 * 776);
  std::printf("sum %lld dsum %.2f dmax %.1f\n", gotSum, gotDsum, gotDmax);
  CHECK(cudaFree(sum));
  CHECK(cudaFree(lo));
  CHECK(cudaFree(hi));
  CHECK(cudaFree(bits));
  CHECK(cudaFree(dsum));
  CHECK(cudaFree(dmax));
  std::printf("PASS atomics64\n");
  return 0;
}
