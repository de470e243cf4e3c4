// Device-side API beyond the basics: cuComplex.h names, the profiler header, the atomic
// built-ins with orders and scopes, __grid_constant__, tiles of more than a warp, and
// __launch_bounds__ (declared after the kernel for the runtime); a kernel template named through
// a void pointer inside a template loses the cast, as a plain kernel does.
#include <cooperative_groups.h>
#include <cuComplex.h>
#include <cuda_profiler_api.h>

namespace cg = cooperative_groups;

struct Params {
  cuDoubleComplex *values;
  unsigned *counter;
};

__global__ void __launch_bounds__(256, 2) scale(const __grid_constant__ Params p, cuComplex f) {
  __shared__ cg::block_tile_memory<256> scratch;
  cg::thread_block_tile<128> tile = cg::tiled_partition<128>(cg::this_thread_block(scratch));
  const cuDoubleComplex factor = cuComplexFloatToDouble(f);
  p.values[threadIdx.x] = cuCmul(p.values[threadIdx.x], factor);
  unsigned seen = __nv_atomic_load_n(p.counter, __NV_ATOMIC_ACQUIRE, __NV_THREAD_SCOPE_DEVICE);
  __nv_atomic_fetch_add(p.counter, seen + tile.thread_rank(), __NV_ATOMIC_RELAXED);
}

template <int N> __global__ void sized(float *out) { out[threadIdx.x] = float(N); }

__global__ void plain(float *out) { out[threadIdx.x] = 1.0f; }
__global__ void another(float *out) { out[threadIdx.x] = 2.0f; }

// Kept as void pointers, these two are declared after their definitions for the runtime.
void *const kernelTable[] = {(void *)plain, reinterpret_cast<void *>(&another)};

template <int N> int occupancy() {
  int blocks = 0;
  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, (void *)sized<N>, 64, 0);
  return blocks;
}

int main() {
  cudaProfilerStart();
  cuFloatComplex f = make_cuFloatComplex(1.0f, 2.0f);
  float magnitude = cuCabsf(cuCaddf(f, cuConjf(f)));
  int blocks = 0;
  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, (void *)scale, 256, 0);
  cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, kernelTable[1], 256, 0);
  cudaFuncAttributes attributes;
  cudaFuncGetAttributes(&attributes, (const void *)&plain);
  cudaProfilerStop();
  return occupancy<4>() + blocks + int(magnitude);
}
