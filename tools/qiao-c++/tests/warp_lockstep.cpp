// Warp collectives of host-compiled kernels under CUDA's rules for every mask: masks that
// exclude the calling lane, divergent ballots with disjoint masks, __activemask in a divergent
// branch (warp-aggregated atomics), shuffles of types wider than 8 bytes (__shfl*_sync and
// cooperative-groups tiles), and lanes resuming in lane order after a collective.
#include <qiao/cooperative_groups.h>
#include <qiao/device.h>

#include <cstdio>
#include <vector>

namespace cg = cooperative_groups;

// Every lane calls with the mask of lanes 0..15: lanes 16..31 take part as converged lanes do
// on hardware, reading the members' ballot and values, and hold nobody back.
__global__ void maskExcludesCaller(unsigned *ballots, int *shuffled, unsigned *sums) {
  unsigned lane = threadIdx.x % 32;
  ballots[threadIdx.x] = __ballot_sync(0x0000ffffu, lane % 3 == 0);
  shuffled[threadIdx.x] = __shfl_sync(0x0000ffffu, int(lane) * 10, int(lane % 16));
  sums[threadIdx.x] = __reduce_add_sync(0x000000ffu, lane);
}

// Odd and even lanes vote in different branches with disjoint masks.
__global__ void divergentBallots(unsigned *out) {
  unsigned lane = threadIdx.x % 32, b;
  int any;
  if (lane & 1) {
    b = __ballot_sync(0xaaaaaaaau, lane % 4 == 1);
    any = __any_sync(0xaaaaaaaau, lane == 31);
  } else {
    b = __ballot_sync(0x55555555u, lane % 4 == 0);
    any = __all_sync(0x55555555u, lane < 30);
  }
  out[threadIdx.x] = b ^ unsigned(any);
}

// Warp-aggregated increment: the lanes that take the branch elect a leader among themselves.
__device__ unsigned aggregatedIncrement(unsigned *counter) {
  unsigned active = __activemask();
  int leader = __ffs(int(active)) - 1;
  unsigned base = 0;
  if (int(threadIdx.x % 32) == leader)
    base = atomicAdd(counter, unsigned(__popc(active)));
  base = __shfl_sync(active, base, leader);
  return base + unsigned(__popc(active & __lanemask_lt()));
}

__global__ void compact(const int *in, int n, unsigned *counter, int *out) {
  int i = int(blockIdx.x * blockDim.x + threadIdx.x);
  if (i < n && in[i] % 3 == 0)
    out[aggregatedIncrement(counter)] = in[i];
  __syncthreads();
}

struct Wide {
  double a;
  float b;
  int c;
  char tag[5];
};
struct Vec3 {
  float x, y, z;
};
__device__ Vec3 operator+(Vec3 p, Vec3 q) { return Vec3{p.x + q.x, p.y + q.y, p.z + q.z}; }

__global__ void wideShuffles(Wide *swapped, Wide *fromTile, Vec3 *sums) {
  unsigned lane = threadIdx.x % 32;
  Wide w{lane * 0.5, float(lane) + 0.25f, -int(lane), {'l', char('a' + lane % 26), 0, 0, 0}};
  swapped[threadIdx.x] = __shfl_xor_sync(0xffffffffu, w, 1);
  cg::thread_block_tile<8> tile = cg::tiled_partition<8>(cg::this_thread_block());
  fromTile[threadIdx.x] = tile.shfl(w, 3);
  Vec3 v{float(threadIdx.x), 1.0f, float(lane % 8)};
  sums[threadIdx.x] = cg::reduce(tile, v, cg::plus<Vec3>());
}

// After a collective the lanes go on in lane order, as a converged warp's do: lane 0's store is
// seen by the lanes that follow it.
__global__ void afterCollective(int *out) {
  __shared__ int slot[2];
  unsigned warp = threadIdx.x / 32;
  __syncwarp();
  if (threadIdx.x % 32 == 0)
    slot[warp] = 100 + int(warp);
  out[threadIdx.x] = slot[warp];
}

template <class T> std::vector<T> run1(unsigned threads, void (*launch)(T *)) {
  T *d;
  qiaoMalloc(&d, threads * sizeof(T));
  launch(d);
  std::vector<T> h(threads);
  qiaoMemcpy(h.data(), d, threads * sizeof(T), qiaoMemcpyDeviceToHost);
  qiaoFree(d);
  return h;
}

int main() {
  unsigned *ballots, *sums;
  int *shuffled;
  qiaoMalloc(&ballots, 32 * 4);
  qiaoMalloc(&shuffled, 32 * 4);
  qiaoMalloc(&sums, 32 * 4);
  qiaoLaunchKernelGGL(maskExcludesCaller, 1, 32, 0, 0, ballots, shuffled, sums);
  unsigned hb[32], hs[32];
  int hsh[32];
  qiaoMemcpy(hb, ballots, sizeof hb, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(hsh, shuffled, sizeof hsh, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(hs, sums, sizeof hs, qiaoMemcpyDeviceToHost);
  std::printf("excluded caller: ballot lane0 %08x lane31 %08x shfl lane5 %d lane21 %d "
              "reduce lane3 %u lane30 %u\n",
              hb[0], hb[31], hsh[5], hsh[21], hs[3], hs[30]);

  auto votes = run1<unsigned>(
      32, [](unsigned *d) { qiaoLaunchKernelGGL(divergentBallots, 1, 32, 0, 0, d); });
  std::printf("divergent ballots: even %08x odd %08x\n", votes[0], votes[1]);

  const int n = 1000;
  std::vector<int> in(n);
  for (int i = 0; i < n; ++i)
    in[i] = i * 7;
  int *din, *dout;
  unsigned *counter;
  qiaoMalloc(&din, n * 4);
  qiaoMalloc(&dout, n * 4);
  qiaoMalloc(&counter, 4);
  qiaoMemcpy(din, in.data(), n * 4, qiaoMemcpyHostToDevice);
  qiaoMemset(counter, 0, 4);
  qiaoMemset(dout, 0xff, n * 4);
  qiaoLaunchKernelGGL(compact, (n + 127) / 128, 128, 0, 0, din, n, counter, dout);
  unsigned count = 0;
  std::vector<int> out(n);
  qiaoMemcpy(&count, counter, 4, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(out.data(), dout, n * 4, qiaoMemcpyDeviceToHost);
  std::vector<int> seen(n, 0);
  int wrong = 0;
  for (unsigned i = 0; i < count && i < unsigned(n); ++i)
    if (out[i] < 0 || out[i] % 21 != 0 || seen[out[i] / 7]++)
      ++wrong;
  std::printf("aggregated increment: %u slots, %d wrong, first unused %d\n", count, wrong,
              out[count]);

  Wide *swapped, *fromTile;
  Vec3 *vsums;
  qiaoMalloc(&swapped, 64 * sizeof(Wide));
  qiaoMalloc(&fromTile, 64 * sizeof(Wide));
  qiaoMalloc(&vsums, 64 * sizeof(Vec3));
  qiaoLaunchKernelGGL(wideShuffles, 1, 64, 0, 0, swapped, fromTile, vsums);
  Wide hw[64], ht[64];
  Vec3 hv[64];
  qiaoMemcpy(hw, swapped, sizeof hw, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(ht, fromTile, sizeof ht, qiaoMemcpyDeviceToHost);
  qiaoMemcpy(hv, vsums, sizeof hv, qiaoMemcpyDeviceToHost);
  std::printf("wide xor lane 6: %.1f %.2f %d %s; tile.shfl lane 13: %.1f %.2f %d %s\n", hw[6].a,
              hw[6].b, hw[6].c, hw[6].tag, ht[13].a, ht[13].b, ht[13].c, ht[13].tag);
  std::printf("tile reduce of Vec3, lane 9: %.0f %.0f %.0f; lane 40: %.0f %.0f %.0f\n", hv[9].x,
              hv[9].y, hv[9].z, hv[40].x, hv[40].y, hv[40].z);

  auto after = run1<int>(64, [](int *d) { qiaoLaunchKernelGGL(afterCollective, 1, 64, 0, 0, d); });
  int stale = 0;
  for (int t = 0; t < 64; ++t)
    stale += after[t] != 100 + t / 32;
  std::printf("after a collective: %d stale reads\n", stale);
  std::printf("status %s\n", qiaoGetErrorString(qiaoDeviceSynchronize()));
  return 0;
}
