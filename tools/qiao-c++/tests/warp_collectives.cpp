// Warp match and reduce functions and the clamping funnel shift (sm_70/sm_80 intrinsics).
#include <cstdio>
#include <qiao/device.h>
__global__ void k(unsigned *out) {
  unsigned lane = threadIdx.x % 32;
  unsigned any = __match_any_sync(0xffffffffu, lane % 4);
  int pred = 0;
  unsigned all = __match_all_sync(0xffffffffu, 7, &pred);
  unsigned sum = __reduce_add_sync(0xffffffffu, lane);
  int mn = __reduce_min_sync(0xffffffffu, int(lane) - 5);
  unsigned mx = __reduce_max_sync(0x0000ffffu & 0xffffffffu, lane);
  unsigned orr = __reduce_or_sync(0xffffffffu, 1u << lane);
  if (lane == 1) {
    out[0] = any, out[1] = all, out[2] = unsigned(pred);
    out[3] = sum, out[4] = unsigned(mn), out[5] = orr;
  }
  (void)mx;
}
int main() {
  unsigned *d;
  qiaoMalloc(&d, 6 * 4);
  qiaoLaunchKernelGGL(k, 1, 32, 0, 0, d);
  unsigned h[6];
  qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost);
  std::printf("match any %08x all %08x pred %u\n", h[0], h[1], h[2]);
  std::printf("reduce add %u min %d or %08x\n", h[3], int(h[4]), h[5]);
  std::printf("funnelshift_lc %08x rc %08x\n", __funnelshift_lc(0x80000000u, 1u, 40),
              __funnelshift_rc(0x80000000u, 1u, 40));
  return 0;
}
