// powf (4 ulp), pow (2 ulp), hypotf (3 ulp), atan2f (3 ulp), erff (2 ulp) and sincosf (2 ulp,
// same as sinf/cosf) within CUDA's documented bounds over 2048 inputs; exact cases of pow.
// conform: tags=math,float,double,ulp
// expect: powf within 4 ulp, pow within 2 ulp, hypotf within 3 ulp, atan2f within 3 ulp
// expect: erff within 2 ulp, sincosf within 2 ulp
// expect: exact: pow(2,10)=1024 powf(-2,3)=-8 pow(x,0)=1 powf(0,-1)=inf
// expect: PASS pow_and_friends
#include "conform.h"

#include <cmath>
#include <cstdint>
#include <cstring>

const int n = 2048;

__global__ void eval(const float *x, const float *y, const float *base, float *o, double *p) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float b = base[i];
  o[7 * i + 0] = powf(b, y[i]);
  o[7 * i + 1] = hypotf(x[i], y[i]);
  o[7 * i + 2] = atan2f(y[i], x[i]);
  o[7 * i + 3] = erff(x[i] * 0.05f);
  sincosf(x[i], &o[7 * i + 4], &o[7 * i + 5]);
  o[7 * i + 6] = 0;
  p[i] = pow((double)b, (double)y[i]);
}

int64_t ulps(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  if (ia < 0)
    ia = INT32_MIN - ia;
  if (ib < 0)
    ib = INT32_MIN - ib;
  return std::llabs((long long)ia - ib);
}
int64_t ulps(double a, double b) {
  int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  if (ia < 0)
    ia = INT64_MIN - ia;
  if (ib < 0)
    ib = INT64_MIN - ib;
  return ia > ib ? ia - ib : ib - ia;
}

__global__ void exactCases(double *o, double x) {
  o[0] = pow(2.0, 10.0);
  o[1] = powf(-2.0f, 3.0f);
  o[2] = pow(x, 0.0);
  o[3] = powf(0.0f, -1.0f);
}

int main() {
  static float x[n], y[n], base[n], o[7 * n];
  static double p[n];
  uint32_t s = 5;
  for (int i = 0; i < n; ++i) {
    s = s * 1664525u + 1013904223u;
    x[i] = ((s >> 8) / 16777216.0f - 0.5f) * 40.0f;
    s = s * 1664525u + 1013904223u;
    y[i] = ((s >> 8) / 16777216.0f - 0.5f) * 16.0f;
    base[i] = std::fabs(x[i]) * 0.1f + 0.01f;
  }
  float *dx, *dy, *db, *dout;
  double *dp;
  CHECK(cudaMalloc(&dx, sizeof x));
  CHECK(cudaMalloc(&dy, sizeof y));
  CHECK(cudaMalloc(&db, sizeof base));
  CHECK(cudaMalloc(&dout, sizeof o));
  CHECK(cudaMalloc(&dp, sizeof p));
  CHECK(cudaMemcpy(dx, x, sizeof x, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dy, y, sizeof y, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(db, base, sizeof base, cudaMemcpyHostToDevice));
  eval<<<n / 128, 128>>>(dx, dy, db, dout, dp);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(o, dout, sizeof o, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(p, dp, sizeof p, cudaMemcpyDeviceToHost));
  int64_t worst[7] = {};
  for (int i = 0; i < n; ++i) {
    long double lb = base[i], ly = y[i];
    worst[0] = std::max(worst[0], ulps(o[7 * i], (float)std::pow(lb, ly)));
    worst[1] = std::max(worst[1], ulps(o[7 * i + 1], (float)std::hypot((long double)x[i], ly)));
    worst[2] = std::max(worst[2], ulps(o[7 * i + 2], (float)std::atan2(ly, (long double)x[i])));
    worst[3] = std::max(worst[3], ulps(o[7 * i + 3], (float)std::erf((long double)(x[i] * 0.05f))));
    worst[4] = std::max(worst[4], ulps(o[7 * i + 4], (float)std::sin((long double)x[i])));
    worst[5] = std::max(worst[5], ulps(o[7 * i + 5], (float)std::cos((long double)x[i])));
    worst[6] = std::max(worst[6], ulps(p[i], (double)std::pow(lb, ly)));
  }
  std::printf("powf within %s ulp, pow within %s ulp, hypotf within %s ulp, atan2f within %s ulp\n",
              worst[0] <= 4 ? "4" : "MORE THAN 4", worst[6] <= 2 ? "2" : "MORE THAN 2",
              worst[1] <= 3 ? "3" : "MORE THAN 3", worst[2] <= 3 ? "3" : "MORE THAN 3");
  std::printf("erff within %s ulp, sincosf within %s ulp\n", worst[3] <= 2 ? "2" : "MORE THAN 2",
              worst[4] <= 2 && worst[5] <= 2 ? "2" : "MORE THAN 2");
  double *e, he[4];
  CHECK(cudaMalloc(&e, sizeof he));
  exactCases<<<1, 1>>>(e, 123.456);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(he, e, sizeof he, cudaMemcpyDeviceToHost));
  std::printf("exact: pow(2,10)=%g powf(-2,3)=%g pow(x,0)=%g powf(0,-1)=%g\n", he[0], he[1], he[2],
              he[3]);
  std::printf("PASS pow_and_friends\n");
  return 0;
}
