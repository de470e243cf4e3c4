// Block reduction in shared memory, warp-shuffle reduction, votes, a histogram with atomics.
#include <qiao/device.h>
#include <qiao/qiao_runtime.h>

#include <cstdio>
#include <vector>

__global__ void blockSum(const int *in, int *out) {
  __shared__ int partial[512];
  unsigned t = threadIdx.x;
  partial[t] = in[blockIdx.x * blockDim.x + t];
  __syncthreads();
  for (unsigned stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (t < stride)
      partial[t] += partial[t + stride];
    __syncthreads();
  }
  if (t == 0)
    out[blockIdx.x] = partial[0];
}

__device__ int warpSum(int v) {
  for (int offset = warpSize / 2; offset > 0; offset /= 2)
    v += __shfl_down_sync(0xffffffffu, v, offset);
  return v;
}

__global__ void shuffleSum(const int *in, unsigned long long *total) {
  int v = warpSum(in[blockIdx.x * blockDim.x + threadIdx.x]);
  if (threadIdx.x % warpSize == 0)
    atomicAdd(total, (unsigned long long)v);
}

__global__ void votes(unsigned *out) {
  unsigned lane = threadIdx.x % 32;
  unsigned ballot = __ballot_sync(0xffffffffu, lane % 3 == 0);
  int all = __all_sync(0xffffffffu, lane < 32);
  int any = __any_sync(0xffffffffu, lane == 31);
  int count = __syncthreads_count(threadIdx.x % 2);
  float bcast = __shfl_sync(0xffffffffu, float(lane) * 0.5f, 7);
  int x = __shfl_xor_sync(0xffffffffu, int(lane), 1);
  if (threadIdx.x == 2) {
    out[0] = ballot, out[1] = all, out[2] = any, out[3] = count;
    out[4] = unsigned(bcast * 2), out[5] = x;
  }
}

__global__ void histogram(const unsigned char *data, int n, unsigned *bins, float *sum) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
    atomicAdd(&bins[data[i] % 16], 1u);
    atomicAdd(sum, 0.5f);
  }
}

__global__ void moreAtomics(int *v, unsigned *u) {
  atomicMax(&v[0], int(threadIdx.x));
  atomicMin(&v[1], -int(threadIdx.x));
  atomicSub(&v[2], 2);
  atomicOr(&u[0], 1u << (threadIdx.x % 32));
  atomicInc(&u[1], 9u);
  atomicCAS(&u[2], 0u, threadIdx.x + 100);
}

int main() {
  const int blocks = 8, threads = 512, n = blocks * threads;
  std::vector<int> in(n);
  long long expected = 0;
  for (int i = 0; i < n; ++i)
    in[i] = (i * 7) % 101 - 50, expected += in[i];
  int *din, *dout;
  qiaoMalloc(&din, n * sizeof(int));
  qiaoMalloc(&dout, blocks * sizeof(int));
  qiaoMemcpy(din, in.data(), n * sizeof(int), qiaoMemcpyHostToDevice);
  qiaoLaunchKernelGGL(blockSum, dim3(blocks), dim3(threads), 0, 0, din, dout);
  std::vector<int> out(blocks);
  qiaoMemcpy(out.data(), dout, blocks * sizeof(int), qiaoMemcpyDeviceToHost);
  long long got = 0;
  for (int v : out)
    got += v;
  std::printf("block reduction: %lld (expected %lld)\n", got, expected);

  unsigned long long *dtotal;
  qiaoMalloc(&dtotal, sizeof *dtotal);
  qiaoMemset(dtotal, 0, sizeof *dtotal);
  qiaoLaunchKernelGGL(shuffleSum, dim3(blocks), dim3(threads), 0, 0, din, dtotal);
  unsigned long long total = 0;
  qiaoMemcpy(&total, dtotal, sizeof total, qiaoMemcpyDeviceToHost);
  std::printf("shuffle reduction: %lld\n", (long long)total);

  unsigned *dv;
  qiaoMalloc(&dv, 6 * sizeof(unsigned));
  qiaoLaunchKernelGGL(votes, dim3(1), dim3(64), 0, 0, dv);
  unsigned v[6];
  qiaoMemcpy(v, dv, sizeof v, qiaoMemcpyDeviceToHost);
  std::printf("votes: ballot %08x all %u any %u count %u shfl %u xor %u\n", v[0], v[1], v[2], v[3],
              v[4], v[5]);

  const int m = 10000;
  std::vector<unsigned char> data(m);
  for (int i = 0; i < m; ++i)
    data[i] = (unsigned char)(i * 13);
  unsigned char *ddata;
  unsigned *dbins;
  float *dsum;
  qiaoMalloc(&ddata, m);
  qiaoMalloc(&dbins, 16 * sizeof(unsigned));
  qiaoMalloc(&dsum, sizeof(float));
  qiaoMemcpy(ddata, data.data(), m, qiaoMemcpyHostToDevice);
  qiaoMemset(dbins, 0, 16 * sizeof(unsigned));
  qiaoMemset(dsum, 0, sizeof(float));
  qiaoLaunchKernelGGL(histogram, dim3(16), dim3(128), 0, 0, ddata, m, dbins, dsum);
  unsigned bins[16];
  float sum;
  qiaoMemcpy(bins, dbins, sizeof bins, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(&sum, dsum, sizeof sum, qiaoMemcpyDeviceToHost);
  unsigned want[16] = {};
  for (int i = 0; i < m; ++i)
    ++want[data[i] % 16];
  int wrong = 0;
  for (int b = 0; b < 16; ++b)
    wrong += bins[b] != want[b];
  std::printf("histogram: %d wrong bins, bin0 %u, float sum %.1f\n", wrong, bins[0], sum);

  int *dints;
  unsigned *duns;
  qiaoMalloc(&dints, 3 * sizeof(int));
  qiaoMalloc(&duns, 3 * sizeof(unsigned));
  int ints[3] = {-5, 5, 1000};
  unsigned uns[3] = {0, 0, 0};
  qiaoMemcpy(dints, ints, sizeof ints, qiaoMemcpyHostToDevice);
  qiaoMemcpy(duns, uns, sizeof uns, qiaoMemcpyHostToDevice);
  qiaoLaunchKernelGGL(moreAtomics, dim3(1), dim3(100), 0, 0, dints, duns);
  qiaoMemcpy(ints, dints, sizeof ints, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(uns, duns, sizeof uns, qiaoMemcpyDeviceToHost);
  std::printf("atomics: max %d min %d sub %d or %08x inc %u cas %u\n", ints[0], ints[1], ints[2],
              uns[0], uns[1], uns[2]);
  return qiaoDeviceSynchronize() == qiaoSuccess ? 0 : 1;
}
