// __shfl_sync, __shfl_up_sync, __shfl_down_sync and __shfl_xor_sync over a full warp and with a
// width of 8 (independent segments); lanes shuffling from outside their segment or range keep
// their own value as CUDA documents.
// conform: tags=warp,shuffle
// expect: broadcast lane 5: 105
// expect: up 3: 100 101 102 100 101 102 103 104
// expect: down 3 (width 8): 103 104 105 106 107 105 106 107
// expect: xor 1: 101 100 103 102 105 104 107 106
// expect: idx 9 width 8: 101 101 101 101 101 101 101 101 109 109
// expect: PASS shuffles
#include "conform.h"

__global__ void shuffle(int *out) {
  int lane = threadIdx.x;
  int v = 100 + lane;
  out[0 * 32 + lane] = __shfl_sync(0xffffffff, v, 5);
  out[1 * 32 + lane] = __shfl_up_sync(0xffffffff, v, 3);
  out[2 * 32 + lane] = __shfl_down_sync(0xffffffff, v, 3, 8);
  out[3 * 32 + lane] = __shfl_xor_sync(0xffffffff, v, 1);
  out[4 * 32 + lane] = __shfl_sync(0xffffffff, v, 9, 8); // lane 9 % 8 = 1 of each segment
}

int main() {
  int *d, h[5 * 32];
  CHECK(cudaMalloc(&d, sizeof h));
  shuffle<<<1, 32>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("broadcast lane 5: %d\n", h[0]);
  for (int i = 0; i < 32; ++i)
    EXPECT(h[i] == 105);
  const char *names[] = {"", "up 3:", "down 3 (width 8):", "xor 1:", "idx 9 width 8:"};
  for (int row = 1; row < 5; ++row) {
    std::printf("%s", names[row]);
    for (int lane = 0; lane < (row == 4 ? 10 : 8); ++lane)
      std::printf(" %d", h[row * 32 + lane]);
    std::printf("\n");
  }
  for (int lane = 0; lane < 32; ++lane) {
    EXPECT(h[32 + lane] == 100 + (lane < 3 ? lane : lane - 3));
    EXPECT(h[64 + lane] == 100 + (lane % 8 < 5 ? lane + 3 : lane));
    EXPECT(h[96 + lane] == 100 + (lane ^ 1));
    EXPECT(h[128 + lane] == 100 + (lane / 8) * 8 + 1);
  }
  std::printf("PASS shuffles\n");
  return 0;
}
