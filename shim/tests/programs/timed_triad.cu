// A memory-bound program with its own host loop: the triad a = b + s * c over n floats, launched
// `iterations` times with a different s each time, against the same loop in plain C++.
// Usage: timed_triad [n] [iterations]
#include "check.h"
#include "timed_loop.h"

#include <cmath>
#include <vector>

__global__ void triad(float *a, const float *b, const float *c, float s, unsigned n) {
  unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    a[i] = b[i] + s * c[i];
}

static float scaleOf(unsigned long iteration) { return 0.5f + 0.25f * float(iteration % 8); }

int main(int argc, char **argv) {
  const unsigned n = static_cast<unsigned>(countArgument(argc, argv, 1, 1u << 16));
  const unsigned long iterations = countArgument(argc, argv, 2, 3);
  std::vector<float> a(n), b(n), c(n), plain(n);
  for (unsigned i = 0; i < n; ++i) {
    b[i] = float(i % 1000) * 0.5f;
    c[i] = float(i % 7) - 3.0f;
  }
  float *da, *db, *dc;
  CHECK(cudaMalloc(&da, n * sizeof(float)));
  CHECK(cudaMalloc(&db, n * sizeof(float)));
  CHECK(cudaMalloc(&dc, n * sizeof(float)));
  CHECK(cudaMemcpy(db, b.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dc, c.data(), n * sizeof(float), cudaMemcpyHostToDevice));
  const dim3 block(256), grid((n + 255) / 256);

  auto start = std::chrono::steady_clock::now();
  triad<<<grid, block>>>(da, db, dc, scaleOf(0), n);
  CHECK(cudaDeviceSynchronize());
  const double firstMs = millisecondsSince(start);
  start = std::chrono::steady_clock::now();
  for (unsigned long it = 0; it < iterations; ++it)
    triad<<<grid, block>>>(da, db, dc, scaleOf(it), n);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  const double deviceMs = millisecondsSince(start);

  start = std::chrono::steady_clock::now();
  for (unsigned long it = 0; it < iterations; ++it) {
    const float s = scaleOf(it);
    for (unsigned i = 0; i < n; ++i)
      plain[i] = b[i] + s * c[i];
    keep(plain.data());
  }
  const double plainMs = millisecondsSince(start);

  CHECK(cudaMemcpy(a.data(), da, n * sizeof(float), cudaMemcpyDeviceToHost));
  // The kernel's b + s * c may be one fused multiply-add: within an ulp of the plain loop's.
  for (unsigned i = 0; i < n; ++i)
    EXPECT(std::fabs(a[i] - plain[i]) <= 1e-6f * std::fabs(plain[i]) + 1e-6f);
  reportTimes("triad", firstMs, deviceMs, plainMs);
  std::printf("PASS timed_triad\n");
  return 0;
}
