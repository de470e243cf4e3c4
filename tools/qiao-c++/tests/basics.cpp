// Vector add, 3D indices, a template kernel with a device lambda, dynamic shared memory.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <vector>

#define CHECK(call)                                                                                \
  do {                                                                                             \
    qiaoError_t e = (call);                                                                        \
    if (e != qiaoSuccess) {                                                                        \
      std::printf("%s failed: %s\n", #call, qiaoGetErrorName(e));                                  \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

__global__ void vectorAdd(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    c[i] = a[i] + b[i];
}

__global__ void where(unsigned *out) {
  unsigned block = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  unsigned thread = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  unsigned perBlock = blockDim.x * blockDim.y * blockDim.z;
  out[block * perBlock + thread] = block * 1000 + thread;
}

template <class T, class F> __global__ void transform(T *data, int n, F f) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    data[i] = f(data[i]);
}

// Reverses each block's slice through dynamic shared memory.
__global__ void reverseBlocks(int *data) {
  QIAO_DYNAMIC_SHARED(int, tile);
  unsigned t = threadIdx.x, base = blockIdx.x * blockDim.x;
  tile[t] = data[base + t];
  __syncthreads();
  data[base + t] = tile[blockDim.x - 1 - t];
}

int main() {
  const int n = 1000;
  std::vector<float> a(n), b(n), c(n);
  for (int i = 0; i < n; ++i)
    a[i] = float(i), b[i] = float(2 * i);
  float *da, *db, *dc;
  CHECK(qiaoMalloc(&da, n * sizeof(float)));
  CHECK(qiaoMalloc(&db, n * sizeof(float)));
  CHECK(qiaoMalloc(&dc, n * sizeof(float)));
  CHECK(qiaoMemcpy(da, a.data(), n * sizeof(float), qiaoMemcpyHostToDevice));
  CHECK(qiaoMemcpy(db, b.data(), n * sizeof(float), qiaoMemcpyHostToDevice));
  qiaoLaunchKernelGGL(vectorAdd, dim3((n + 255) / 256), dim3(256), 0, 0, da, db, dc, n);
  CHECK(qiaoGetLastError());
  CHECK(qiaoMemcpy(c.data(), dc, n * sizeof(float), qiaoMemcpyDeviceToHost));
  int wrong = 0;
  for (int i = 0; i < n; ++i)
    wrong += c[i] != float(3 * i);
  std::printf("vectorAdd: %d wrong\n", wrong);

  unsigned *dw;
  const dim3 grid(2, 3, 2), block(4, 2, 3);
  const int total = 12 * 24;
  CHECK(qiaoMalloc(&dw, total * sizeof(unsigned)));
  qiaoLaunchKernelGGL(where, grid, block, 0, 0, dw);
  std::vector<unsigned> w(total);
  CHECK(qiaoMemcpy(w.data(), dw, total * sizeof(unsigned), qiaoMemcpyDeviceToHost));
  wrong = 0;
  for (int i = 0; i < total; ++i)
    wrong += w[i] != unsigned(i / 24 * 1000 + i % 24);
  std::printf("3D indices: %d wrong, last %u\n", wrong, w[total - 1]);

  int scale = 3;
  auto triple = [=] __device__(float x) { return x * scale; };
  qiaoLaunchKernelGGL(transform<float, decltype(triple)>, dim3(2), dim3(64), 0, 0, dc, n, triple);
  CHECK(qiaoMemcpy(c.data(), dc, n * sizeof(float), qiaoMemcpyDeviceToHost));
  wrong = 0;
  for (int i = 0; i < n; ++i)
    wrong += c[i] != float(9 * i);
  std::printf("template+lambda: %d wrong\n", wrong);

  const int blocks = 4, threads = 128;
  std::vector<int> r(blocks * threads);
  for (int i = 0; i < blocks * threads; ++i)
    r[i] = i;
  int *dr;
  CHECK(qiaoMalloc(&dr, r.size() * sizeof(int)));
  CHECK(qiaoMemcpy(dr, r.data(), r.size() * sizeof(int), qiaoMemcpyHostToDevice));
  qiaoLaunchKernelGGL(reverseBlocks, dim3(blocks), dim3(threads), threads * sizeof(int), 0, dr);
  CHECK(qiaoMemcpy(r.data(), dr, r.size() * sizeof(int), qiaoMemcpyDeviceToHost));
  wrong = 0;
  for (int i = 0; i < blocks * threads; ++i)
    wrong += r[i] != (i / threads) * threads + (threads - 1 - i % threads);
  std::printf("dynamic shared: %d wrong, r[0]=%d\n", wrong, r[0]);

  // Launch validation as for PTX kernels.
  qiaoLaunchKernelGGL(vectorAdd, dim3(1), dim3(2048), 0, 0, da, db, dc, n);
  std::printf("2048 threads: %s\n", qiaoGetErrorName(qiaoGetLastError()));
  qiaoLaunchKernelGGL(reverseBlocks, dim3(1), dim3(32), size_t(1) << 20, 0, dr);
  std::printf("1 MiB dynamic shared: %s\n", qiaoGetErrorName(qiaoGetLastError()));
  CHECK(qiaoDeviceSynchronize());
  qiaoFree(da), qiaoFree(db), qiaoFree(dc), qiaoFree(dw), qiaoFree(dr);
  return 0;
}
