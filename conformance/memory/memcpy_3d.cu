// cudaMalloc3D and cudaMemcpy3D: a box copied into a pitched 3D allocation at an offset and back.
// conform: tags=memory,copy,3d
// expect: extent 8x5x4, copied box at (2,1,1) of 3x2x2
// expect: PASS memcpy_3d
#include "conform.h"

int main() {
  const int w = 8, h = 5, d = 4;
  cudaPitchedPtr dev;
  cudaExtent extent = make_cudaExtent(w * sizeof(int), h, d);
  CHECK(cudaMalloc3D(&dev, extent));
  EXPECT(dev.pitch >= w * sizeof(int));
  EXPECT(dev.xsize == w * sizeof(int) && dev.ysize == (size_t)h);
  CHECK(cudaMemset3D(dev, 0, extent));

  int box[2][2][3];
  for (int z = 0; z < 2; ++z)
    for (int y = 0; y < 2; ++y)
      for (int x = 0; x < 3; ++x)
        box[z][y][x] = 100 * z + 10 * y + x + 1;
  cudaMemcpy3DParms in = {};
  in.srcPtr = make_cudaPitchedPtr(box, 3 * sizeof(int), 3, 2);
  in.dstPtr = dev;
  in.dstPos = make_cudaPos(2 * sizeof(int), 1, 1);
  in.extent = make_cudaExtent(3 * sizeof(int), 2, 2);
  in.kind = cudaMemcpyHostToDevice;
  CHECK(cudaMemcpy3D(&in));

  int all[d][h][w];
  cudaMemcpy3DParms out = {};
  out.srcPtr = dev;
  out.dstPtr = make_cudaPitchedPtr(all, w * sizeof(int), w, h);
  out.extent = extent;
  out.kind = cudaMemcpyDeviceToHost;
  CHECK(cudaMemcpy3D(&out));
  for (int z = 0; z < d; ++z)
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        bool inside = z >= 1 && z < 3 && y >= 1 && y < 3 && x >= 2 && x < 5;
        EXPECT(all[z][y][x] == (inside ? box[z - 1][y - 1][x - 2] : 0));
      }
  std::printf("extent %dx%dx%d, copied box at (2,1,1) of 3x2x2\n", w, h, d);
  CHECK(cudaFree(dev.ptr));
  std::printf("PASS memcpy_3d\n");
  return 0;
}
