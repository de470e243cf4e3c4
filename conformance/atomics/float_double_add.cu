// atomicAdd on float and double: sums of values whose partial sums are exactly representable
// come out exact whatever the order; atomicAdd returns the old value.
// conform: tags=atomics,float,double
// expect: float sum 1048576.0, double sum 8589934592.0
// expect: returned old values cover 0..1023 once
// expect: PASS float_double_add
#include "conform.h"

__global__ void addAll(float *f, double *d, float *olds, float *counter) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  atomicAdd(f, 1024.0f);
  atomicAdd(d, 8388608.0);
  olds[i] = atomicAdd(counter, 1.0f);
}

int main() {
  float *f, *olds, *counter;
  double *d;
  CHECK(cudaMalloc(&f, sizeof(float)));
  CHECK(cudaMalloc(&d, sizeof(double)));
  CHECK(cudaMalloc(&olds, 1024 * sizeof(float)));
  CHECK(cudaMalloc(&counter, sizeof(float)));
  CHECK(cudaMemset(f, 0, sizeof(float)));
  CHECK(cudaMemset(d, 0, sizeof(double)));
  CHECK(cudaMemset(counter, 0, sizeof(float)));
  addAll<<<4, 256>>>(f, d, olds, counter);
  CHECK_LAUNCH();
  float hf;
  double hd;
  float ho[1024];
  CHECK(cudaMemcpy(&hf, f, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hd, d, sizeof hd, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(ho, olds, sizeof ho, cudaMemcpyDeviceToHost));
  std::printf("float sum %.1f, double sum %.1f\n", hf, hd);
  bool seen[1024] = {};
  for (float o : ho) {
    int k = (int)o;
    EXPECT(k >= 0 && k < 1024 && (float)k == o && !seen[k]);
    seen[k] = true;
  }
  std::printf("returned old values cover 0..1023 once\n");
  std::printf("PASS float_double_add\n");
  return 0;
}
