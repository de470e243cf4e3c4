// Thrust with the CUDA backend: device_vector, transform, reduce, sort, inclusive_scan and
// copy back to a host_vector. Thrust queries the device, function attributes and occupancy and
// launches through CUB, so this walks many runtime entry points.
#include "check.h"

#include <thrust/device_vector.h>
#include <thrust/functional.h>
#include <thrust/host_vector.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/transform.h>

struct Affine {
  int scale, shift;
  __host__ __device__ int operator()(int x) const { return scale * x + shift; }
};

int main() {
  const int n = 3000;
  thrust::host_vector<int> host(n);
  for (int i = 0; i < n; ++i)
    host[i] = (i * 7907) % 2003 - 1000;
  thrust::device_vector<int> values = host;
  thrust::device_vector<int> mapped(n);
  thrust::transform(values.begin(), values.end(), mapped.begin(), Affine{3, -2});
  long long total = thrust::reduce(mapped.begin(), mapped.end(), 0LL, thrust::plus<long long>());
  long long expected = 0;
  for (int i = 0; i < n; ++i)
    expected += 3 * host[i] - 2;
  EXPECT(total == expected);
  std::printf("transform+reduce %lld\n", total);

  thrust::sort(values.begin(), values.end());
  thrust::host_vector<int> sorted = values;
  for (int i = 1; i < n; ++i)
    EXPECT(sorted[i - 1] <= sorted[i]);
  long long sortedSum = 0, hostSum = 0;
  for (int i = 0; i < n; ++i)
    sortedSum += sorted[i], hostSum += host[i];
  EXPECT(sortedSum == hostSum);
  std::printf("sort ok\n");

  thrust::device_vector<int> seq(100);
  thrust::sequence(seq.begin(), seq.end(), 1);
  thrust::inclusive_scan(seq.begin(), seq.end(), seq.begin());
  thrust::host_vector<int> prefix = seq;
  for (int i = 0; i < 100; ++i)
    EXPECT(prefix[i] == (i + 1) * (i + 2) / 2);
  std::printf("scan ok\n");
  std::printf("PASS thrust_basic\n");
  return 0;
}
