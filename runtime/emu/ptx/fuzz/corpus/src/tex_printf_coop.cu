#include <cstdio>
#include <cassert>
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
namespace cg = cooperative_groups;
__global__ void texk(cudaTextureObject_t t, cudaTextureObject_t t1, cudaSurfaceObject_t s, float *o, int w) {
  int x = threadIdx.x, y = blockIdx.x;
  float4 v = tex2D<float4>(t, x + 0.5f, y + 0.5f);
  float a = tex1Dfetch<float>(t1, x);
  float b = tex1D<float>(t1, x * 0.5f);
  float c = tex2DLod<float>(t1, x, y, 0.f);
  o[y * w + x] = v.x + v.y + v.z + v.w + a + b + c;
  surf2Dwrite(a, s, x * 4, y);
}
__global__ void printk(int n, double d, const char *s) {
  printf("thread %d of %d: %f %s %c %lld %p\n", threadIdx.x, n, d, s, 'x', (long long)n * 3, s);
  assert(n > 0);
}
__device__ int recur(int n) { return n <= 1 ? 1 : n * recur(n - 1); }
__device__ int (*fp)(int) = recur;
__global__ void recursion(int *o) { o[threadIdx.x] = recur(threadIdx.x % 10) + fp(3); }
__global__ void coop(const int *in, int *out, int n) {
  cg::grid_group g = cg::this_grid();
  cg::thread_block b = cg::this_thread_block();
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(b);
  cg::thread_block_tile<8> t8 = cg::tiled_partition<8>(b);
  int v = g.thread_rank() < n ? in[g.thread_rank()] : 0;
  int s = cg::reduce(tile, v, cg::plus<int>());
  int m = cg::reduce(t8, v, cg::greater<int>());
  v = tile.shfl_down(v, 1) + t8.shfl_xor(v, 2) + tile.ballot(v > 3) + tile.any(v) + tile.all(v) + __reduce_add_sync(0xffffffff, v) + __match_any_sync(0xffffffff, v) + tile.match_any(v);
  if (tile.thread_rank() == 0) atomicAdd(out, s + m);
  g.sync();
  cg::coalesced_group active = cg::coalesced_threads();
  if (v & 1) { cg::coalesced_group odd = cg::coalesced_threads(); out[1 + odd.thread_rank()] = odd.size(); }
  out[2] += active.size() + __activemask();
  b.sync();
}
extern __shared__ float dyn[];
__global__ void __launch_bounds__(256, 2) shm(float *o, int n) {
  __shared__ float tile[32][33];
  __shared__ double dd[16];
  int local[64];
  for (int i = 0; i < 64; ++i) local[i] = i * n;
  tile[threadIdx.y][threadIdx.x] = o[threadIdx.x];
  dyn[threadIdx.x] = local[n & 63];
  __syncthreads();
  dd[threadIdx.x & 15] = tile[threadIdx.x][threadIdx.y];
  __syncthreads_or(n); __syncthreads_count(n); __syncthreads_and(n);
  o[threadIdx.x] = dyn[(threadIdx.x + 1) % 32] + dd[3] + __ldg(o + 5) + __ldcs(o + 1) + __ldcg(o + 2);
  float4 f4 = reinterpret_cast<float4 *>(o)[threadIdx.x];
  reinterpret_cast<float4 *>(o)[threadIdx.x + 1] = make_float4(f4.w, f4.z, f4.y, f4.x);
  __stcs(o + 3, 1.f);
  __threadfence(); __threadfence_block(); __nanosleep(10);
  long long t = clock64(); o[0] += (float)t;
  void *p = malloc(16); free(p);
}
struct Big { double a[5]; int b; char c[3]; };
__device__ Big makeBig(int x) { Big r{}; r.a[x % 5] = x; r.b = x; r.c[x % 3] = (char)x; return r; }
__global__ void bigk(Big in, Big *out) { Big b = makeBig(in.b); b.a[0] += in.a[1]; *out = b; }
__constant__ float cst[64];
__device__ int gcounter[4] = {1, 2, 3, 4};
__global__ void constk(float *o) { o[threadIdx.x] = cst[threadIdx.x] + gcounter[threadIdx.x & 3]; }
