// Warp-level CUDA as third-party code writes it, checked against CUDA's documented results:
// partial and disjoint masks in divergent branches, a mask that leaves the caller out,
// __activemask in a divergent branch (warp-aggregated atomics), match and reduce, and shuffles
// of a 24-byte struct through cooperative-groups tiles.
#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include <cstdio>

namespace cg = cooperative_groups;

#define CHECK(call)                                                                                \
  do {                                                                                             \
    cudaError_t e = (call);                                                                        \
    if (e != cudaSuccess) {                                                                        \
      printf("%s failed: %s\n", #call, cudaGetErrorString(e));                                     \
      return 1;                                                                                    \
    }                                                                                              \
  } while (0)

struct Particle {
  double position;
  float weight;
  int id;
  char tag[8];
};

__global__ void masks(unsigned *out) {
  unsigned lane = threadIdx.x % 32;
  unsigned *mine = out + 8 * threadIdx.x;
  // Halves of the warp vote apart; each sees only its own half.
  if (lane < 16)
    mine[0] = __ballot_sync(0x0000ffffu, lane % 2 == 0);
  else
    mine[0] = __ballot_sync(0xffff0000u, lane % 4 == 0);
  // Every lane calls with the low half's mask: the high half reads the members' ballot.
  mine[1] = __ballot_sync(0x000000ffu, lane < 3);
  // Odd lanes sum their lane numbers in a reduction of their own.
  mine[2] = lane % 2 ? __reduce_add_sync(0xaaaaaaaau, lane) : 0;
  mine[3] = __match_any_sync(0xffffffffu, lane / 8);
  int all = 0;
  mine[4] = __match_all_sync(0x0000000fu, lane < 4 ? 5 : int(lane), &all);
  mine[5] = unsigned(all);
}

__device__ unsigned claimSlot(unsigned *counter, int lane) {
  unsigned active = __activemask();
  int leader = __ffs(active) - 1;
  unsigned base = 0;
  if (lane == leader)
    base = atomicAdd(counter, __popc(active));
  base = __shfl_sync(active, base, leader);
  return base + __popc(active & ((1u << lane) - 1));
}

__global__ void compact(const int *in, int n, unsigned *counter, int *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n && in[i] % 5 == 0)
    out[claimSlot(counter, threadIdx.x % 32)] = in[i];
}

__global__ void shuffles(Particle *down, Particle *tile) {
  unsigned lane = threadIdx.x % 32;
  Particle p = {lane * 0.25, lane + 0.5f, int(lane), {'p', char('A' + lane % 26), 0}};
  cg::thread_block block = cg::this_thread_block();
  cg::thread_block_tile<32> warp = cg::tiled_partition<32>(block);
  down[threadIdx.x] = warp.shfl_down(p, 2);
  cg::thread_block_tile<4> quad = cg::tiled_partition<4>(block);
  tile[threadIdx.x] = quad.shfl_xor(p, 3);
}

int main() {
  int failures = 0;
  auto expect = [&](const char *what, long long got, long long want) {
    if (got != want) {
      printf("FAIL %s: %lld, expected %lld\n", what, got, want);
      ++failures;
    }
  };

  unsigned *d;
  CHECK(cudaMalloc(&d, 64 * 8 * sizeof(unsigned)));
  masks<<<1, 64>>>(d);
  CHECK(cudaGetLastError());
  unsigned h[64 * 8];
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  expect("low-half ballot", h[8 * 3 + 0], 0x5555);
  expect("high-half ballot", h[8 * 50 + 0], 0x11110000);
  expect("ballot of a mask without the caller", h[8 * 20 + 1], 0x7);
  expect("ballot of a member", h[8 * 2 + 1], 0x7);
  expect("reduce over odd lanes", h[8 * 33 + 2], 256);
  expect("match_any", h[8 * 10 + 3], 0x0000ff00);
  expect("match_all value", h[8 * 1 + 4], 0xf);
  expect("match_all predicate", h[8 * 1 + 5], 1);

  const int n = 3000;
  int hin[n];
  for (int i = 0; i < n; ++i)
    hin[i] = i;
  int *din, *dout;
  unsigned *counter;
  CHECK(cudaMalloc(&din, n * sizeof(int)));
  CHECK(cudaMalloc(&dout, n * sizeof(int)));
  CHECK(cudaMalloc(&counter, sizeof(unsigned)));
  CHECK(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(counter, 0, sizeof(unsigned)));
  compact<<<(n + 255) / 256, 256>>>(din, n, counter, dout);
  unsigned count = 0;
  int hout[n];
  CHECK(cudaMemcpy(&count, counter, sizeof count, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  expect("aggregated count", count, n / 5);
  long long sum = 0;
  for (unsigned i = 0; i < count && i < unsigned(n); ++i)
    sum += hout[i];
  expect("aggregated sum", sum, 5LL * (n / 5 - 1) * (n / 5) / 2);

  Particle *pd, *pt;
  CHECK(cudaMalloc(&pd, 32 * sizeof(Particle)));
  CHECK(cudaMalloc(&pt, 32 * sizeof(Particle)));
  shuffles<<<1, 32>>>(pd, pt);
  Particle hd[32], ht[32];
  CHECK(cudaMemcpy(hd, pd, sizeof hd, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(ht, pt, sizeof ht, cudaMemcpyDeviceToHost));
  expect("shfl_down id", hd[5].id, 7);
  expect("shfl_down position x4", (long long)(hd[5].position * 4), 7);
  expect("shfl_down tag", hd[5].tag[1], 'H');
  expect("shfl_down keeps the last lanes", hd[31].id, 31);
  expect("tile shfl_xor id", ht[9].id, 10);
  expect("tile shfl_xor weight x2", (long long)(ht[9].weight * 2), 21);
  CHECK(cudaDeviceSynchronize());

  if (failures)
    return 1;
  printf("PASS warp_cmake (C++ %ld)\n", long(__cplusplus));
  return 0;
}
