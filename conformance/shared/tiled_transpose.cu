// A 2D shared-memory tile with a padding column: a 64x48 matrix transposed through 16x16 tiles,
// with 2D blocks and __syncthreads between load and store.
// conform: tags=shared,2d,barriers
// expect: transposed 64x48: out[5][40] = in[40][5] = 4005
// expect: PASS tiled_transpose
#include "conform.h"

const int kTile = 16;

__global__ void transpose(const int *in, int *out, int width, int height) {
  __shared__ int tile[kTile][kTile + 1];
  int x = blockIdx.x * kTile + threadIdx.x, y = blockIdx.y * kTile + threadIdx.y;
  if (x < width && y < height)
    tile[threadIdx.y][threadIdx.x] = in[y * width + x];
  __syncthreads();
  x = blockIdx.y * kTile + threadIdx.x;
  y = blockIdx.x * kTile + threadIdx.y;
  if (x < height && y < width)
    out[y * height + x] = tile[threadIdx.x][threadIdx.y];
}

int main() {
  const int w = 48, h = 64; // in: h rows of w
  static int in[h * w], out[w * h];
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      in[y * w + x] = y * 100 + x;
  int *din, *dout;
  CHECK(cudaMalloc(&din, sizeof in));
  CHECK(cudaMalloc(&dout, sizeof out));
  CHECK(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
  transpose<<<dim3(w / kTile, h / kTile), dim3(kTile, kTile)>>>(din, dout, w, h);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      EXPECT(out[x * h + y] == in[y * w + x]);
  std::printf("transposed 64x48: out[5][40] = in[40][5] = %d\n", out[5 * h + 40]);
  std::printf("PASS tiled_transpose\n");
  return 0;
}
