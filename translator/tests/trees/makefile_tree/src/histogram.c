#include "histogram.h"

int histogram(const int *values, int count, int limit, int bins, int *counts) {
  int outside = 0;
  for (int b = 0; b < bins; ++b)
    counts[b] = 0;
  for (int i = 0; i < count; ++i) {
    if (values[i] < 0 || values[i] >= limit) {
      ++outside;
      continue;
    }
    ++counts[values[i] * bins / limit];
  }
  return outside;
}
