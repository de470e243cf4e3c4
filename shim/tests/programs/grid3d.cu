// 3D grids and blocks: every thread writes its linear index into a pitched 3D array.
#include "check.h"

__global__ void fill(cudaPitchedPtr volume, int nx, int ny, int nz) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x >= nx || y >= ny || z >= nz)
    return;
  char *slice = (char *)volume.ptr + z * volume.pitch * ny;
  int *row = (int *)(slice + y * volume.pitch);
  row[x] = (z * ny + y) * nx + x;
}

int main() {
  const int nx = 13, ny = 7, nz = 5;
  cudaPitchedPtr volume;
  CHECK(cudaMalloc3D(&volume, make_cudaExtent(nx * sizeof(int), ny, nz)));
  dim3 block(4, 4, 2), grid((nx + 3) / 4, (ny + 3) / 4, (nz + 1) / 2);
  fill<<<grid, block>>>(volume, nx, ny, nz);
  CHECK(cudaGetLastError());
  static int host[nz][ny][nx];
  cudaMemcpy3DParms copy = {};
  copy.srcPtr = volume;
  copy.dstPtr = make_cudaPitchedPtr(host, nx * sizeof(int), nx, ny);
  copy.extent = make_cudaExtent(nx * sizeof(int), ny, nz);
  copy.kind = cudaMemcpyDeviceToHost;
  CHECK(cudaMemcpy3D(&copy));
  for (int z = 0; z < nz; ++z)
    for (int y = 0; y < ny; ++y)
      for (int x = 0; x < nx; ++x)
        EXPECT(host[z][y][x] == (z * ny + y) * nx + x);
  std::printf("grid %u x %u x %u ok\n", grid.x, grid.y, grid.z);
  std::printf("PASS grid3d\n");
  return 0;
}
