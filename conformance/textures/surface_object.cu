// A surface object over a CUDA array created with cudaArraySurfaceLoadStore: a kernel writes
// with surf2Dwrite (x in bytes) and reads with surf2Dread; the host copies the array back.
// conform: tags=textures,surfaces
// expect: surface 16x4 int: (3,2) = 2003, reread sum 480
// expect: PASS surface_object
#include "conform.h"

__global__ void writeThenRead(cudaSurfaceObject_t s, int *sum) {
  int x = threadIdx.x, y = blockIdx.x;
  surf2Dwrite(y * 1000 + x, s, x * (int)sizeof(int), y);
  __syncthreads();
  int v;
  surf2Dread(&v, s, x * (int)sizeof(int), y);
  atomicAdd(sum, v % 1000 + (v / 1000 == y ? 0 : 100000));
}

int main() {
  const int w = 16, h = 4;
  cudaChannelFormatDesc format = cudaCreateChannelDesc<int>();
  cudaArray_t array;
  CHECK(cudaMallocArray(&array, &format, w, h, cudaArraySurfaceLoadStore));
  cudaResourceDesc resource = {};
  resource.resType = cudaResourceTypeArray;
  resource.res.array.array = array;
  cudaSurfaceObject_t surface;
  CHECK(cudaCreateSurfaceObject(&surface, &resource));
  int *sum;
  CHECK(cudaMalloc(&sum, sizeof(int)));
  CHECK(cudaMemset(sum, 0, sizeof(int)));
  writeThenRead<<<h, w>>>(surface, sum);
  CHECK_LAUNCH();
  int back[h][w], hs = 0;
  CHECK(cudaMemcpy2DFromArray(back, w * sizeof(int), array, 0, 0, w * sizeof(int), h,
                              cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&hs, sum, sizeof hs, cudaMemcpyDeviceToHost));
  std::printf("surface 16x4 int: (3,2) = %d, reread sum %d\n", back[2][3], hs);
  CHECK(cudaDestroySurfaceObject(surface));
  CHECK(cudaFreeArray(array));
  std::printf("PASS surface_object\n");
  return 0;
}
