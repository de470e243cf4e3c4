// A texture object over linear device memory (cudaResourceTypeLinear) read with tex1Dfetch, and
// one over pitched 2D memory (cudaResourceTypePitch2D) read with tex2D.
// conform: tags=textures,linear
// expect: tex1Dfetch: 0.5 10.5 990.5, pitch2D texel (5,3) = 305
// expect: PASS linear_memory_texture
#include "conform.h"

__global__ void fetch(cudaTextureObject_t line, cudaTextureObject_t plane, float *o) {
  o[0] = tex1Dfetch<float>(line, 0);
  o[1] = tex1Dfetch<float>(line, 10);
  o[2] = tex1Dfetch<float>(line, 990);
  o[3] = tex2D<float>(plane, 5.5f, 3.5f);
}

int main() {
  float h[1000];
  for (int i = 0; i < 1000; ++i)
    h[i] = i + 0.5f;
  float *d;
  CHECK(cudaMalloc(&d, sizeof h));
  CHECK(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  cudaResourceDesc r = {};
  r.resType = cudaResourceTypeLinear;
  r.res.linear.devPtr = d;
  r.res.linear.desc = cudaCreateChannelDesc<float>();
  r.res.linear.sizeInBytes = sizeof h;
  cudaTextureDesc t = {};
  t.readMode = cudaReadModeElementType;
  cudaTextureObject_t line, plane;
  CHECK(cudaCreateTextureObject(&line, &r, &t, nullptr));

  const int w = 16, hgt = 8;
  float grid[hgt][w];
  for (int y = 0; y < hgt; ++y)
    for (int x = 0; x < w; ++x)
      grid[y][x] = 100.0f * y + x;
  float *p;
  size_t pitch;
  CHECK(cudaMallocPitch(&p, &pitch, w * sizeof(float), hgt));
  CHECK(cudaMemcpy2D(p, pitch, grid, w * sizeof(float), w * sizeof(float), hgt,
                     cudaMemcpyHostToDevice));
  cudaResourceDesc r2 = {};
  r2.resType = cudaResourceTypePitch2D;
  r2.res.pitch2D.devPtr = p;
  r2.res.pitch2D.desc = cudaCreateChannelDesc<float>();
  r2.res.pitch2D.width = w;
  r2.res.pitch2D.height = hgt;
  r2.res.pitch2D.pitchInBytes = pitch;
  t.filterMode = cudaFilterModePoint;
  t.addressMode[0] = t.addressMode[1] = cudaAddressModeClamp;
  CHECK(cudaCreateTextureObject(&plane, &r2, &t, nullptr));
  float *o, ho[4];
  CHECK(cudaMalloc(&o, sizeof ho));
  fetch<<<1, 1>>>(line, plane, o);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(ho, o, sizeof ho, cudaMemcpyDeviceToHost));
  std::printf("tex1Dfetch: %g %g %g, pitch2D texel (5,3) = %g\n", ho[0], ho[1], ho[2], ho[3]);
  CHECK(cudaDestroyTextureObject(line));
  CHECK(cudaDestroyTextureObject(plane));
  std::printf("PASS linear_memory_texture\n");
  return 0;
}
