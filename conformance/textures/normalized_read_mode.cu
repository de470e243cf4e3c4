// cudaReadModeNormalizedFloat: 8-bit unsigned texels read as floats in [0,1] (255 -> 1.0,
// 51 -> 0.2), and signed 8-bit texels in [-1,1] (-127 -> -1, 127 -> 1); uchar4 texels keep their
// channel order.
// conform: tags=textures,normalized
// expect: unsigned: 0 0.2 1, signed: -1 1, uchar4 (0.2,0.4,0.6,0.8)
// expect: PASS normalized_read_mode
#include "conform.h"

__global__ void read(cudaTextureObject_t u8, cudaTextureObject_t s8, cudaTextureObject_t u84,
                     float *o) {
  o[0] = tex1Dfetch<float>(u8, 0);
  o[1] = tex1Dfetch<float>(u8, 1);
  o[2] = tex1Dfetch<float>(u8, 2);
  o[3] = tex1Dfetch<float>(s8, 0);
  o[4] = tex1Dfetch<float>(s8, 1);
  float4 c = tex1Dfetch<float4>(u84, 0);
  o[5] = c.x, o[6] = c.y, o[7] = c.z, o[8] = c.w;
}

cudaTextureObject_t over(void *d, size_t bytes, cudaChannelFormatDesc desc) {
  cudaResourceDesc r = {};
  r.resType = cudaResourceTypeLinear;
  r.res.linear.devPtr = d;
  r.res.linear.desc = desc;
  r.res.linear.sizeInBytes = bytes;
  cudaTextureDesc t = {};
  t.readMode = cudaReadModeNormalizedFloat;
  cudaTextureObject_t object = 0;
  if (cudaCreateTextureObject(&object, &r, &t, nullptr) != cudaSuccess)
    return 0;
  return object;
}

int main() {
  unsigned char hu[4] = {0, 51, 255, 0};
  signed char hs[4] = {-127, 127, 0, 0};
  uchar4 h4 = make_uchar4(51, 102, 153, 204);
  void *du, *ds, *d4;
  CHECK(cudaMalloc(&du, 4));
  CHECK(cudaMalloc(&ds, 4));
  CHECK(cudaMalloc(&d4, 4));
  CHECK(cudaMemcpy(du, hu, 4, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(ds, hs, 4, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(d4, &h4, 4, cudaMemcpyHostToDevice));
  cudaTextureObject_t u8 = over(du, 4, cudaCreateChannelDesc<unsigned char>());
  cudaTextureObject_t s8 = over(ds, 4, cudaCreateChannelDesc<signed char>());
  cudaTextureObject_t u84 = over(d4, 4, cudaCreateChannelDesc<uchar4>());
  EXPECT(u8 && s8 && u84);
  float *o, h[9];
  CHECK(cudaMalloc(&o, sizeof h));
  read<<<1, 1>>>(u8, s8, u84, o);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, o, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("unsigned: %g %g %g, signed: %g %g, uchar4 (%g,%g,%g,%g)\n", h[0], h[1], h[2], h[3],
              h[4], h[5], h[6], h[7], h[8]);
  std::printf("PASS normalized_read_mode\n");
  return 0;
}
