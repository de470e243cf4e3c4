// cudaMallocPitch gives rows at least as wide as asked; cudaMemcpy2D moves a rectangle between
// differently pitched buffers; a kernel addresses rows through the pitch; cudaMemset2D fills a
// sub-rectangle.
// conform: tags=memory,copy,pitched
// expect: pitch >= 37 floats
// expect: row 4: 400.5 401.5 402.5 ... 436.5
// expect: corner 9 9 0
// expect: PASS memcpy_2d_pitched
#include "conform.h"

__global__ void addHalf(float *base, size_t pitch, int width, int height) {
  int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y;
  if (x < width && y < height) {
    float *row = reinterpret_cast<float *>(reinterpret_cast<char *>(base) + y * pitch);
    row[x] += 0.5f;
  }
}

int main() {
  const int width = 37, height = 11;
  float host[height][width], back[height][width];
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      host[y][x] = y * 100.0f + x;
  float *d;
  size_t pitch = 0;
  CHECK(cudaMallocPitch(&d, &pitch, width * sizeof(float), height));
  EXPECT(pitch >= width * sizeof(float));
  std::printf("pitch >= %d floats\n", width);
  CHECK(cudaMemcpy2D(d, pitch, host, width * sizeof(float), width * sizeof(float), height,
                     cudaMemcpyHostToDevice));
  addHalf<<<dim3(1, height), 64>>>(d, pitch, width, height);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy2D(back, width * sizeof(float), d, pitch, width * sizeof(float), height,
                     cudaMemcpyDeviceToHost));
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      EXPECT(back[y][x] == host[y][x] + 0.5f);
  std::printf("row 4: %.1f %.1f %.1f ... %.1f\n", back[4][0], back[4][1], back[4][2], back[4][36]);
  // Zero a 3x2 rectangle at (row 9, column 8) bytes-wise, then read a corner of it.
  CHECK(cudaMemset2D(reinterpret_cast<char *>(d) + 9 * pitch + 8 * sizeof(float), pitch, 0,
                     3 * sizeof(float), 2));
  CHECK(cudaMemcpy2D(back, width * sizeof(float), d, pitch, width * sizeof(float), height,
                     cudaMemcpyDeviceToHost));
  EXPECT(back[9][7] == 907.5f && back[9][8] == 0 && back[10][10] == 0 && back[10][11] == 1011.5f);
  std::printf("corner %d %d %d\n", 9, 9, (int)back[9][9]);
  CHECK(cudaFree(d));
  std::printf("PASS memcpy_2d_pitched\n");
  return 0;
}
