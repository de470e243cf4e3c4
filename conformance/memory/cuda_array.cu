// CUDA arrays: cudaMallocArray, copies into and out of an array (2D, with offsets), and the
// array's description read back.
// conform: tags=memory,array
// expect: array 16x4 float, 32 bits in x
// expect: PASS cuda_array
#include "conform.h"

int main() {
  const int w = 16, h = 4;
  cudaChannelFormatDesc format = cudaCreateChannelDesc<float>();
  cudaArray_t array;
  CHECK(cudaMallocArray(&array, &format, w, h));
  float host[h][w], back[h][w];
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      host[y][x] = y + x / 16.0f;
  CHECK(cudaMemcpy2DToArray(array, 0, 0, host, w * sizeof(float), w * sizeof(float), h,
                            cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy2DFromArray(back, w * sizeof(float), array, 0, 0, w * sizeof(float), h,
                              cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      EXPECT(back[y][x] == host[y][x]);
  // A 2x2 window at column 3, row 1.
  float window[2][2];
  CHECK(cudaMemcpy2DFromArray(window, 2 * sizeof(float), array, 3 * sizeof(float), 1,
                              2 * sizeof(float), 2, cudaMemcpyDeviceToHost));
  EXPECT(window[0][0] == host[1][3] && window[1][1] == host[2][4]);
  cudaChannelFormatDesc got;
  cudaExtent extent;
  unsigned flags;
  CHECK(cudaArrayGetInfo(&got, &extent, &flags, array));
  EXPECT(got.x == 32 && got.y == 0 && got.f == cudaChannelFormatKindFloat);
  EXPECT(extent.width == (size_t)w && extent.height == (size_t)h);
  std::printf("array %zux%zu float, %d bits in x\n", extent.width, extent.height, got.x);
  CHECK(cudaFreeArray(array));
  std::printf("PASS cuda_array\n");
  return 0;
}
