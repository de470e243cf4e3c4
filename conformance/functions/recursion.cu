// Recursive device functions: the call stack holds per-call locals (Ackermann, a recursive
// quicksort of each thread's own array).
// conform: tags=functions,recursion
// expect: ackermann(2,3)=9 ackermann(3,3)=61
// expect: 32 threads sorted their arrays
// expect: PASS recursion
#include "conform.h"

__device__ int ackermann(int m, int n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

__device__ void quicksort(int *v, int lo, int hi) {
  if (lo >= hi)
    return;
  int pivot = v[(lo + hi) / 2], i = lo, j = hi;
  while (i <= j) {
    while (v[i] < pivot)
      ++i;
    while (v[j] > pivot)
      --j;
    if (i <= j) {
      int t = v[i];
      v[i++] = v[j];
      v[j--] = t;
    }
  }
  quicksort(v, lo, j);
  quicksort(v, i, hi);
}

__global__ void run(int *out, int *sorted) {
  int t = threadIdx.x;
  if (t == 0)
    out[0] = ackermann(2, 3), out[1] = ackermann(3, 3);
  int local[24];
  for (int i = 0; i < 24; ++i)
    local[i] = (i * 7919 + t * 31) % 101;
  quicksort(local, 0, 23);
  int ok = 1;
  for (int i = 1; i < 24; ++i)
    ok &= local[i - 1] <= local[i];
  atomicAdd(sorted, ok);
}

int main() {
  int *d, h[3];
  CHECK(cudaDeviceSetLimit(cudaLimitStackSize, 16384));
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemset(d, 0, sizeof h));
  run<<<1, 32>>>(d, d + 2);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("ackermann(2,3)=%d ackermann(3,3)=%d\n", h[0], h[1]);
  std::printf("%d threads sorted their arrays\n", h[2]);
  std::printf("PASS recursion\n");
  return 0;
}
