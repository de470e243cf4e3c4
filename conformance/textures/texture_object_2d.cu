// A 2D texture object over a CUDA array: point filtering with clamp addressing, linear filtering
// between texel centres, and normalised coordinates with wrap addressing.
// conform: tags=textures
// expect: point (1,2) 21 clamp (-3,9) 70 linear (1.0,1.0) 5.5 wrap (1.1875,0.0625) 1
// expect: PASS texture_object_2d
#include "conform.h"

__global__ void sample(cudaTextureObject_t point, cudaTextureObject_t linear,
                       cudaTextureObject_t wrap, float *o) {
  o[0] = tex2D<float>(point, 1.5f, 2.5f);
  o[1] = tex2D<float>(point, -3.0f, 9.0f);
  o[2] = tex2D<float>(linear, 1.0f, 1.0f); // the corner shared by texels (0,0), (1,0), (0,1), (1,1)
  o[3] = tex2D<float>(wrap, 1.125f + 0.0625f, 0.0625f);
}

int main() {
  const int w = 8, h = 8;
  float texels[h][w];
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      texels[y][x] = 10.0f * y + x;
  cudaChannelFormatDesc format = cudaCreateChannelDesc<float>();
  cudaArray_t array;
  CHECK(cudaMallocArray(&array, &format, w, h));
  CHECK(cudaMemcpy2DToArray(array, 0, 0, texels, w * sizeof(float), w * sizeof(float), h,
                            cudaMemcpyHostToDevice));
  cudaResourceDesc resource = {};
  resource.resType = cudaResourceTypeArray;
  resource.res.array.array = array;
  cudaTextureDesc desc = {};
  desc.addressMode[0] = desc.addressMode[1] = cudaAddressModeClamp;
  desc.filterMode = cudaFilterModePoint;
  desc.readMode = cudaReadModeElementType;
  cudaTextureObject_t point, linear, wrap;
  CHECK(cudaCreateTextureObject(&point, &resource, &desc, nullptr));
  desc.filterMode = cudaFilterModeLinear;
  CHECK(cudaCreateTextureObject(&linear, &resource, &desc, nullptr));
  desc.filterMode = cudaFilterModePoint;
  desc.addressMode[0] = desc.addressMode[1] = cudaAddressModeWrap;
  desc.normalizedCoords = 1;
  CHECK(cudaCreateTextureObject(&wrap, &resource, &desc, nullptr));
  float *d, o[4];
  CHECK(cudaMalloc(&d, sizeof o));
  sample<<<1, 1>>>(point, linear, wrap, d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(o, d, sizeof o, cudaMemcpyDeviceToHost));
  std::printf("point (1,2) %g clamp (-3,9) %g linear (1.0,1.0) %g wrap (1.1875,0.0625) %g\n", o[0],
              o[1], o[2], o[3]);
  CHECK(cudaDestroyTextureObject(point));
  CHECK(cudaDestroyTextureObject(linear));
  CHECK(cudaDestroyTextureObject(wrap));
  CHECK(cudaFreeArray(array));
  std::printf("PASS texture_object_2d\n");
  return 0;
}
