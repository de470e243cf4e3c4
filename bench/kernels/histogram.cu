// 256-bin histogram of bytes: each block counts its grid-stride share into shared-memory bins
// with shared atomics, then adds its bins to the global ones, one global atomic per bin.
constexpr unsigned kBins = 256; // also the block size: one bin per thread to clear and flush

extern "C" __global__ void histogram256(const unsigned char *data, unsigned n, unsigned *bins) {
  __shared__ unsigned local[kBins];
  local[threadIdx.x] = 0;
  __syncthreads();
  for (unsigned i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();
  atomicAdd(&bins[threadIdx.x], local[threadIdx.x]);
}
