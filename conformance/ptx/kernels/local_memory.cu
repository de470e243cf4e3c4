// Per-thread arrays indexed with run-time values, which nvcc must place in local memory: each
// thread fills a 24-entry array, insertion-sorts it, and reports the median and a checksum.
extern "C" __global__ void local_sort(const unsigned *seeds, unsigned *median, unsigned *checksum,
                                      int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  unsigned values[24];
  unsigned s = seeds[i];
  for (int k = 0; k < 24; ++k) {
    s = s * 1664525u + 1013904223u;
    values[k] = s >> 20;
  }
  for (int k = 1; k < 24; ++k) {
    unsigned v = values[k];
    int j = k - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      --j;
    }
    values[j + 1] = v;
  }
  unsigned sum = 0;
  for (int k = 0; k < 24; ++k)
    sum = sum * 31 + values[(k * 7 + seeds[i]) % 24];
  median[i] = values[12];
  checksum[i] = sum;
}
