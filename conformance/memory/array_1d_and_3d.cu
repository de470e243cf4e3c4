// A 1D CUDA array (height 0) and a 3D array (cudaMalloc3DArray) filled with cudaMemcpy3D and read
// back; the extent reported for each is as allocated.
// conform: tags=memory,array,3d
// expect: 1D array of 100 floats: last 99.5
// expect: 3D array 4x3x2: element (3,2,1) = 123
// expect: PASS array_1d_and_3d
#include "conform.h"

int main() {
  cudaChannelFormatDesc f = cudaCreateChannelDesc<float>();
  cudaArray_t line;
  CHECK(cudaMallocArray(&line, &f, 100));
  float in[100], out[100];
  for (int i = 0; i < 100; ++i)
    in[i] = i + 0.5f;
  CHECK(cudaMemcpy2DToArray(line, 0, 0, in, sizeof in, sizeof in, 1, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy2DFromArray(out, sizeof out, line, 0, 0, sizeof out, 1, cudaMemcpyDeviceToHost));
  EXPECT(out[0] == 0.5f);
  std::printf("1D array of 100 floats: last %.1f\n", out[99]);

  cudaChannelFormatDesc i32 = cudaCreateChannelDesc<int>();
  cudaArray_t cube;
  CHECK(cudaMalloc3DArray(&cube, &i32, make_cudaExtent(4, 3, 2)));
  int box[2][3][4], back[2][3][4];
  for (int z = 0; z < 2; ++z)
    for (int y = 0; y < 3; ++y)
      for (int x = 0; x < 4; ++x)
        box[z][y][x] = 100 * z + 10 * y + x;
  cudaMemcpy3DParms p = {};
  p.srcPtr = make_cudaPitchedPtr(box, 4 * sizeof(int), 4, 3);
  p.dstArray = cube;
  p.extent = make_cudaExtent(4, 3, 2);
  p.kind = cudaMemcpyHostToDevice;
  CHECK(cudaMemcpy3D(&p));
  cudaMemcpy3DParms q = {};
  q.srcArray = cube;
  q.dstPtr = make_cudaPitchedPtr(back, 4 * sizeof(int), 4, 3);
  q.extent = make_cudaExtent(4, 3, 2);
  q.kind = cudaMemcpyDeviceToHost;
  CHECK(cudaMemcpy3D(&q));
  std::printf("3D array 4x3x2: element (3,2,1) = %d\n", back[1][2][3]);
  cudaExtent e;
  CHECK(cudaArrayGetInfo(nullptr, &e, nullptr, cube));
  EXPECT(e.width == 4 && e.height == 3 && e.depth == 2);
  CHECK(cudaFreeArray(line));
  CHECK(cudaFreeArray(cube));
  std::printf("PASS array_1d_and_3d\n");
  return 0;
}
