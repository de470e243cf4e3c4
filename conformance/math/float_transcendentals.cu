// Single-precision functions within the maximum ulp errors CUDA documents (Programming Guide,
// "Mathematical Functions", no fast math): expf 2, logf 1, sinf 2, cosf 2, tanf 4, tanhf 2,
// atanf 2, cbrtf 1, exp2f 2, log2f 1; measured against a long double reference over 4096 inputs.
// conform: tags=math,float,ulp
// expect: expf within 2 ulp
// expect: logf within 1 ulp
// expect: sinf within 2 ulp
// expect: cosf within 2 ulp
// expect: tanf within 4 ulp
// expect: tanhf within 2 ulp
// expect: atanf within 2 ulp
// expect: cbrtf within 1 ulp
// expect: exp2f within 2 ulp
// expect: log2f within 1 ulp
// expect: PASS float_transcendentals
#include "conform.h"

#include <cmath>
#include <cstdint>
#include <cstring>

const int kFunctions = 10, kInputs = 4096;

__global__ void evaluate(const float *x, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= kInputs)
    return;
  float v = x[i];
  float positive = fabsf(v) + 0.001f;
  out[0 * kInputs + i] = expf(v * 0.8f);
  out[1 * kInputs + i] = logf(positive);
  out[2 * kInputs + i] = sinf(v);
  out[3 * kInputs + i] = cosf(v);
  out[4 * kInputs + i] = tanf(v * 0.01f);
  out[5 * kInputs + i] = tanhf(v * 0.1f);
  out[6 * kInputs + i] = atanf(v);
  out[7 * kInputs + i] = cbrtf(v);
  out[8 * kInputs + i] = exp2f(v * 1.2f);
  out[9 * kInputs + i] = log2f(positive);
}

long double reference(int f, float v) {
  // The same single-precision argument the device computed, then the exact function.
  float positive = std::fabs(v) + 0.001f;
  switch (f) {
  case 0:
    return std::exp((long double)(v * 0.8f));
  case 1:
    return std::log((long double)positive);
  case 2:
    return std::sin((long double)v);
  case 3:
    return std::cos((long double)v);
  case 4:
    return std::tan((long double)(v * 0.01f));
  case 5:
    return std::tanh((long double)(v * 0.1f));
  case 6:
    return std::atan((long double)v);
  case 7:
    return std::cbrt((long double)v);
  case 8:
    return std::exp2((long double)(v * 1.2f));
  default:
    return std::log2((long double)positive);
  }
}

int64_t ulpDistance(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  if (ia < 0)
    ia = INT32_MIN - ia;
  if (ib < 0)
    ib = INT32_MIN - ib;
  return std::llabs((long long)ia - ib);
}

int main() {
  const char *names[kFunctions] = {"expf",  "logf",  "sinf",  "cosf",  "tanf",
                                   "tanhf", "atanf", "cbrtf", "exp2f", "log2f"};
  const int bounds[kFunctions] = {2, 1, 2, 2, 4, 2, 2, 1, 2, 1};
  static float x[kInputs], out[kFunctions * kInputs];
  uint32_t state = 12345;
  for (int i = 0; i < kInputs; ++i) {
    state = state * 1664525u + 1013904223u;
    x[i] = ((state >> 8) / 16777216.0f - 0.5f) * 100.0f; // [-50, 50)
  }
  float *dx, *dout;
  CHECK(cudaMalloc(&dx, sizeof x));
  CHECK(cudaMalloc(&dout, sizeof out));
  CHECK(cudaMemcpy(dx, x, sizeof x, cudaMemcpyHostToDevice));
  evaluate<<<kInputs / 256, 256>>>(dx, dout);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  bool ok = true;
  for (int f = 0; f < kFunctions; ++f) {
    int64_t worst = 0;
    int worstAt = 0;
    for (int i = 0; i < kInputs; ++i) {
      int64_t d = ulpDistance(out[f * kInputs + i], (float)reference(f, x[i]));
      if (d > worst)
        worst = d, worstAt = i;
    }
    if (worst <= bounds[f])
      std::printf("%s within %d ulp\n", names[f], bounds[f]);
    else {
      std::printf("%s off by %lld ulp at x=%.9g\n", names[f], (long long)worst, x[worstAt]);
      ok = false;
    }
  }
  EXPECT(ok);
  std::printf("PASS float_transcendentals\n");
  return 0;
}
