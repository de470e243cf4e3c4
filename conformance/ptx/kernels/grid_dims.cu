// Every thread of a 3D grid of 3D blocks writes its coordinates, packed as one 32-bit word, at
// its linear position: checks blockIdx/threadIdx/gridDim/blockDim in all three dimensions.
extern "C" __global__ void grid_coordinates(unsigned *out) {
  unsigned bx = blockIdx.x, by = blockIdx.y, bz = blockIdx.z;
  unsigned tx = threadIdx.x, ty = threadIdx.y, tz = threadIdx.z;
  unsigned blockLinear = (bz * gridDim.y + by) * gridDim.x + bx;
  unsigned threadLinear = (tz * blockDim.y + ty) * blockDim.x + tx;
  unsigned index = blockLinear * (blockDim.x * blockDim.y * blockDim.z) + threadLinear;
  out[index] = bx | by << 5 | bz << 10 | tx << 15 | ty << 21 | tz << 26;
}

// 2D indexing as image kernels use it: out(x, y) = in(x, y) * 2 + y, for a width x height image.
extern "C" __global__ void image_2d(const int *in, int *out, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < width && y < height)
    out[y * width + x] = in[y * width + x] * 2 + y;
}
