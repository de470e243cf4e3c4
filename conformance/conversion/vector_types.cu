// CUDA's vector types: sizes and alignments as documented (float4 16/16, int2 8/8, double2 16/16,
// char3 3/1, short4 8/8), make_* constructors, and 16-byte loads of float4 in a kernel.
// conform: tags=conversion,vector-types
// expect: float4 16/16 int2 8/8 double2 16/16 char3 3/1 short4 8/8
// expect: float4 sum of 64 vectors: (2016, 2080, 2144, 2208)
// expect: PASS vector_types
#include "conform.h"

__global__ void sum(const float4 *v, float4 *out) {
  float4 s = make_float4(0, 0, 0, 0);
  for (int i = 0; i < 64; ++i) {
    float4 e = v[i];
    s.x += e.x, s.y += e.y, s.z += e.z, s.w += e.w;
  }
  *out = s;
}

int main() {
  std::printf("float4 %zu/%zu int2 %zu/%zu double2 %zu/%zu char3 %zu/%zu short4 %zu/%zu\n",
              sizeof(float4), alignof(float4), sizeof(int2), alignof(int2), sizeof(double2),
              alignof(double2), sizeof(char3), alignof(char3), sizeof(short4), alignof(short4));
  float4 h[64];
  for (int i = 0; i < 64; ++i)
    h[i] = make_float4(i, i + 1, i + 2, i + 3);
  float4 *d, *o, r;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMalloc(&o, sizeof r));
  CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  sum<<<1, 1>>>(d, o);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&r, o, sizeof r, cudaMemcpyDeviceToHost));
  std::printf("float4 sum of 64 vectors: (%g, %g, %g, %g)\n", r.x, r.y, r.z, r.w);
  std::printf("PASS vector_types\n");
  return 0;
}
