// What qiao-translate writes for CUDA constructs that have no direct host C++ spelling:
// namespace-scope dynamic shared memory, a kernel's static shared memory size, symbols named by
// the variable, a launch configuration struct, a member called like a builtin, and a kernel
// memory fault that must become a sticky error instead of a crash.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>

QIAO_EXTERN_SHARED(float, smem);

__global__ void reverse(float *out) {
  smem[threadIdx.x] = float(threadIdx.x);
  __syncthreads();
  const float *p = smem;
  out[threadIdx.x] = *(p + (blockDim.x - 1 - threadIdx.x)) + ((int *)smem == nullptr);
}

__global__ void tiles(float *out) {
  __shared__ float tile[64];
  tile[threadIdx.x] = 1.0f;
  __syncthreads();
  out[threadIdx.x] = tile[63 - threadIdx.x];
}
QIAO_KERNEL_SHARED_BYTES(tiles, 256);

__constant__ float scale[2];
__device__ int *pointerSymbol;

__global__ void useSymbols(float *out) {
  out[threadIdx.x] = scale[0] * scale[1] + (pointerSymbol != nullptr);
}

__global__ void faulty(int *p) { p[threadIdx.x] = 1; }

template <class F> __global__ void forEachIndex(int n, F f) {
  if (int(threadIdx.x) < n)
    f(int(threadIdx.x));
}

struct Config {
  dim3 gridDim, blockDim; // members named like the builtins stay members
};

int main() {
  float *d;
  qiaoMalloc(&d, 64 * sizeof(float));
  qiaoLaunchKernelGGL(reverse, 1, 64, 64 * sizeof(float), 0, d);
  float h[64];
  qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost);
  std::printf("extern shared: %g %g\n", h[0], h[63]);

  qiaoFuncAttributes attributes;
  qiaoFuncGetAttributes(&attributes, tiles);
  std::printf("static shared: %zu bytes\n", attributes.sharedSizeBytes);

  const float factors[2] = {3.0f, 0.5f};
  qiaoMemcpyToSymbol(scale, factors, sizeof factors);
  int *target = nullptr;
  qiaoMalloc(&target, sizeof(int));
  qiaoMemcpyToSymbol(pointerSymbol, &target, sizeof target);
  size_t bytes = 0;
  qiaoGetSymbolSize(&bytes, scale);
  qiaoLaunchKernelGGL(useSymbols, 1, 1, 0, 0, d);
  qiaoMemcpy(h, d, sizeof(float), qiaoMemcpyDeviceToHost);
  std::printf("symbols: %g, %zu bytes, past the end %s\n", h[0], bytes,
              qiaoGetErrorName(qiaoMemcpyToSymbol(scale, factors, sizeof factors, 4)));

  Config config{dim3(2), dim3(32)};
  qiaoLaunchConfig_t launch = {};
  launch.gridDim = config.gridDim;
  launch.blockDim = config.blockDim;
  std::printf("launch ex: %s\n", qiaoGetErrorName(qiaoLaunchKernelEx(&launch, tiles, d)));

  // A kernel template instantiated with a lambda: its type cannot be written out.
  float *values = d;
  qiaoLaunchKernelGGL(QIAO_KERNEL_TEMPLATE(forEachIndex), 1, 32, 0, 0, 32,
                      [=](int i) { values[i] = 2.0f * float(i); });
  qiaoMemcpy(h, d, 32 * sizeof(float), qiaoMemcpyDeviceToHost);
  std::printf("lambda kernel: %g %g\n", h[1], h[31]);

  qiaoLaunchKernelGGL(faulty, 1, 1, 0, 0, reinterpret_cast<int *>(16));
  const qiaoError_t synced = qiaoDeviceSynchronize();
  const qiaoError_t after = qiaoMalloc(&d, 4); // the context stays failed
  std::printf("fault: %s, then %s\n", qiaoGetErrorName(synced), qiaoGetErrorName(after));
  return 0;
}
