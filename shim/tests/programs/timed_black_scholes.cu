// A compute-bound program with its own host loop: European call and put prices by the
// Black-Scholes formula for n options, `iterations` times with a different rate each time,
// against the same function in a plain C++ loop. The normal distribution's cumulative function
// is the five-term polynomial of Abramowitz and Stegun (26.2.17).
// Usage: timed_black_scholes [n] [iterations]
#include "check.h"
#include "timed_loop.h"

#include <cmath>
#include <vector>

__host__ __device__ inline float normalCdf(float x) {
  const float k = 1.0f / (1.0f + 0.2316419f * fabsf(x));
  const float poly =
      k * (0.319381530f +
           k * (-0.356563782f + k * (1.781477937f + k * (-1.821255978f + k * 1.330274429f))));
  const float tail = 0.398942280f * expf(-0.5f * x * x) * poly;
  return x > 0.0f ? 1.0f - tail : tail;
}

__host__ __device__ inline void price(float spot, float strike, float years, float rate,
                                      float volatility, float &call, float &put) {
  const float root = sqrtf(years);
  const float d1 =
      (logf(spot / strike) + (rate + 0.5f * volatility * volatility) * years) / (volatility * root);
  const float d2 = d1 - volatility * root;
  const float discounted = strike * expf(-rate * years);
  call = spot * normalCdf(d1) - discounted * normalCdf(d2);
  put = discounted * (1.0f - normalCdf(d2)) - spot * (1.0f - normalCdf(d1));
}

__global__ void priceAll(float *call, float *put, const float *spot, const float *strike,
                         const float *years, float rate, float volatility, unsigned n) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    price(spot[i], strike[i], years[i], rate, volatility, call[i], put[i]);
}

static float rateOf(unsigned long iteration) { return 0.01f + 0.005f * float(iteration % 5); }

int main(int argc, char **argv) {
  const unsigned n = static_cast<unsigned>(countArgument(argc, argv, 1, 1u << 14));
  const unsigned long iterations = countArgument(argc, argv, 2, 3);
  const float volatility = 0.3f;
  std::vector<float> spot(n), strike(n), years(n), call(n), put(n), plainCall(n), plainPut(n);
  for (unsigned i = 0; i < n; ++i) {
    spot[i] = 5.0f + float(i % 251) * 0.2f;
    strike[i] = 1.0f + float(i % 997) * 0.1f;
    years[i] = 0.25f + float(i % 37) * 0.25f;
  }
  float *dCall, *dPut, *dSpot, *dStrike, *dYears;
  for (float **p : {&dCall, &dPut, &dSpot, &dStrike, &dYears})
    CHECK(cudaMalloc(p, n * sizeof(float)));
  CHECK(cudaMemcpy(dSpot, spot.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dStrike, strike.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dYears, years.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  const dim3 block(128), grid((n + 127) / 128);

  auto start = std::chrono::steady_clock::now();
  priceAll<<<grid, block>>>(dCall, dPut, dSpot, dStrike, dYears, rateOf(0), volatility, n);
  CHECK(cudaDeviceSynchronize());
  const double firstMs = millisecondsSince(start);
  start = std::chrono::steady_clock::now();
  for (unsigned long it = 0; it < iterations; ++it)
    priceAll<<<grid, block>>>(dCall, dPut, dSpot, dStrike, dYears, rateOf(it), volatility, n);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  const double deviceMs = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  for (unsigned long it = 0; it < iterations; ++it) {
    const float rate = rateOf(it);
    for (unsigned i = 0; i < n; ++i)
      price(spot[i], strike[i], years[i], rate, volatility, plainCall[i], plainPut[i]);
    keep(plainCall.data());
    keep(plainPut.data());
  }
  const double plainMs = millisecondsSince(start);

  CHECK(cudaMemcpy(call.data(), dCall, n * sizeof(float), cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(put.data(), dPut, n * sizeof(float), cudaMemcpyDeviceToHost));
  // CUDA's expf and logf are within 2 ulp, the host's within 1: prices agree to a few ulp of
  // the spot, the largest term.
  for (unsigned i = 0; i < n; ++i) {
    const float tolerance = 1e-5f * spot[i] + 1e-5f;
    EXPECT(std::fabs(call[i] - plainCall[i]) <= tolerance);
    EXPECT(std::fabs(put[i] - plainPut[i]) <= tolerance);
  }
  reportTimes("black_scholes", firstMs, deviceMs, plainMs);
  std::printf("PASS timed_black_scholes\n");
  return 0;
}
