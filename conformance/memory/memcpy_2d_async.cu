// cudaMemcpy2DAsync and cudaMemset2DAsync in a stream: a column band of a pitched matrix is
// cleared and copied back asynchronously, in stream order.
// conform: tags=memory,copy,pitched,async
// expect: band cleared in rows 0..5, columns 2..4; untouched corner 507
// expect: PASS memcpy_2d_async
#include "conform.h"

int main() {
  const int w = 8, h = 6;
  int host[h][w], back[h][w];
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      host[y][x] = 100 * y + x;
  int *d;
  size_t pitch;
  CHECK(cudaMallocPitch(&d, &pitch, w * sizeof(int), h));
  cudaStream_t s;
  CHECK(cudaStreamCreate(&s));
  CHECK(cudaMemcpy2DAsync(d, pitch, host, w * sizeof(int), w * sizeof(int), h,
                          cudaMemcpyHostToDevice, s));
  CHECK(cudaMemset2DAsync(reinterpret_cast<char *>(d) + 2 * sizeof(int), pitch, 0, 3 * sizeof(int),
                          h, s));
  CHECK(cudaMemcpy2DAsync(back, w * sizeof(int), d, pitch, w * sizeof(int), h,
                          cudaMemcpyDeviceToHost, s));
  CHECK(cudaStreamSynchronize(s));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      EXPECT(back[y][x] == (x >= 2 && x <= 4 ? 0 : host[y][x]));
  std::printf("band cleared in rows 0..5, columns 2..4; untouched corner %d\n", back[5][7]);
  CHECK(cudaStreamDestroy(s));
  CHECK(cudaFree(d));
  std::printf("PASS memcpy_2d_async\n");
  return 0;
}
