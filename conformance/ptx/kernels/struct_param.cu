#include "ConformanceTypes.h"

// A struct passed by value: every field must arrive at the offset nvcc gave it.
extern "C" __global__ void struct_by_value(LaunchConfig config, double *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= config.n)
    return;
  double w = config.weights[i % 3];
  double bit = static_cast<double>((config.mask >> (i & 63)) & 1);
  out[i] = config.tag + config.offset + config.scale * (i * config.step) + w + bit;
}
