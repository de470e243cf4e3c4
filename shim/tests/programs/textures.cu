// Texture objects over CUDA arrays, pitched memory and linear memory: nearest and linear
// sampling, normalised coordinates with wrap addressing, 8-bit texels read as normalised floats,
// integer fetches, a 3D array filled by cudaMemcpy3D, and copies back out of arrays.
#include "check.h"

#include <cmath>
#include <vector>

__global__ void sample2D(cudaTextureObject_t tex, float *out, int w, int h, float dx, float dy,
                         bool normalized) {
  int x = threadIdx.x, y = blockIdx.x;
  if (x >= w || y >= h)
    return;
  float u = x + 0.5f + dx, v = y + 0.5f + dy;
  if (normalized)
    u /= w, v /= h;
  out[y * w + x] = tex2D<float>(tex, u, v);
}

__global__ void sampleBytes(cudaTextureObject_t tex, float4 *out, int n) {
  int i = threadIdx.x;
  if (i < n)
    out[i] = tex1D<float4>(tex, i + 0.5f);
}

__global__ void fetchInts(cudaTextureObject_t tex, int *out, int n) {
  int i = threadIdx.x;
  if (i < n)
    out[i] = tex1Dfetch<int>(tex, i - 1); // index -1 and n-1+1 lie outside: 0
}

__global__ void sample3D(cudaTextureObject_t tex, float *out, int w, int h, int d) {
  int x = threadIdx.x, y = blockIdx.x, z = blockIdx.y;
  out[(z * h + y) * w + x] = tex3D<float>(tex, x + 0.5f, y + 0.5f, z + 0.5f);
}

__global__ void sampleLayers(cudaTextureObject_t layered2D, cudaTextureObject_t layered1D,
                             float *out, int w) {
  int x = threadIdx.x;
  out[x] = tex2DLayered<float>(layered2D, x + 0.5f, 1.5f, 2);
  out[w + x] = tex1DLayered<float>(layered1D, x + 0.5f, 1);
}

cudaTextureObject_t makeTexture(const cudaResourceDesc &res, cudaTextureFilterMode filter,
                                cudaTextureAddressMode address, bool normalized,
                                cudaTextureReadMode read = cudaReadModeElementType) {
  cudaTextureDesc td = {};
  td.addressMode[0] = td.addressMode[1] = td.addressMode[2] = address;
  td.filterMode = filter;
  td.readMode = read;
  td.normalizedCoords = normalized;
  cudaTextureObject_t tex = 0;
  if (cudaCreateTextureObject(&tex, &res, &td, nullptr) != cudaSuccess)
    return 0;
  return tex;
}

int main() {
  const int w = 16, h = 8;
  std::vector<float> host(w * h), got(w * h);
  for (int i = 0; i < w * h; ++i)
    host[i] = float(i);
  cudaChannelFormatDesc desc = cudaCreateChannelDesc<float>();
  cudaArray_t array;
  CHECK(cudaMallocArray(&array, &desc, w, h));
  CHECK(cudaMemcpy2DToArray(array, 0, 0, host.data(), w * sizeof(float), w * sizeof(float), h,
                            cudaMemcpyHostToDevice));
  cudaChannelFormatDesc back;
  CHECK(cudaGetChannelDesc(&back, array));
  EXPECT(back.x == 32 && back.y == 0 && back.f == cudaChannelFormatKindFloat);
  cudaResourceDesc res = {};
  res.resType = cudaResourceTypeArray;
  res.res.array.array = array;
  float *out;
  CHECK(cudaMalloc(&out, w * h * sizeof(float)));

  cudaTextureObject_t point = makeTexture(res, cudaFilterModePoint, cudaAddressModeClamp, false);
  EXPECT(point != 0);
  sample2D<<<h, w>>>(point, out, w, h, 0.0f, 0.0f, false);
  CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(got == host);

  // Halfway to the right neighbour: the mean, except at the clamped right edge.
  cudaTextureObject_t linear = makeTexture(res, cudaFilterModeLinear, cudaAddressModeClamp, false);
  sample2D<<<h, w>>>(linear, out, w, h, 0.5f, 0.0f, false);
  CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(got[3 * w + 4] == host[3 * w + 4] + 0.5f && got[3 * w + w - 1] == host[3 * w + w - 1]);

  // Normalised coordinates, one texel to the right with wrap: the last column reads the first.
  cudaTextureObject_t wrap = makeTexture(res, cudaFilterModePoint, cudaAddressModeWrap, true);
  sample2D<<<h, w>>>(wrap, out, w, h, 1.0f, 0.0f, true);
  CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(got[2 * w + w - 1] == host[2 * w] && got[2 * w + 3] == host[2 * w + 4]);

  // Pitched memory as a 2D texture.
  float *pitched;
  size_t pitch;
  CHECK(cudaMallocPitch(&pitched, &pitch, w * sizeof(float), h));
  CHECK(cudaMemcpy2D(pitched, pitch, host.data(), w * sizeof(float), w * sizeof(float), h,
                     cudaMemcpyHostToDevice));
  cudaResourceDesc pitchRes = {};
  pitchRes.resType = cudaResourceTypePitch2D;
  pitchRes.res.pitch2D.devPtr = pitched;
  pitchRes.res.pitch2D.desc = desc;
  pitchRes.res.pitch2D.width = w;
  pitchRes.res.pitch2D.height = h;
  pitchRes.res.pitch2D.pitchInBytes = pitch;
  cudaTextureObject_t pitchTex =
      makeTexture(pitchRes, cudaFilterModePoint, cudaAddressModeClamp, false);
  sample2D<<<h, w>>>(pitchTex, out, w, h, 0.0f, 0.0f, false);
  CHECK(cudaMemcpy(got.data(), out, got.size() * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(got == host);

  // uchar4 texels read as normalised floats.
  std::vector<uchar4> bytes = {{0, 51, 102, 255}, {255, 0, 0, 128}};
  cudaChannelFormatDesc byteDesc = cudaCreateChannelDesc<uchar4>();
  cudaArray_t byteArray;
  CHECK(cudaMallocArray(&byteArray, &byteDesc, 2));
  // CUDA deprecates cudaMemcpyToArray, but older programs still call it and the shim serves it:
  // this is its end-to-end test, so the deprecation is expected here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  CHECK(
      cudaMemcpyToArray(byteArray, 0, 0, bytes.data(), 2 * sizeof(uchar4), cudaMemcpyHostToDevice));
#pragma GCC diagnostic pop
  cudaResourceDesc byteRes = {};
  byteRes.resType = cudaResourceTypeArray;
  byteRes.res.array.array = byteArray;
  cudaTextureObject_t byteTex = makeTexture(byteRes, cudaFilterModePoint, cudaAddressModeClamp,
                                            false, cudaReadModeNormalizedFloat);
  float4 *colours;
  CHECK(cudaMallocManaged(&colours, 2 * sizeof(float4)));
  sampleBytes<<<1, 2>>>(byteTex, colours, 2);
  CHECK(cudaDeviceSynchronize());
  EXPECT(colours[0].y == 0.2f && colours[0].w == 1.0f && colours[1].x == 1.0f);

  // tex1Dfetch over linear memory of ints.
  const int n = 6;
  std::vector<int> ints = {10, 20, 30, 40, 50};
  int *linearInts, *fetched;
  CHECK(cudaMalloc(&linearInts, ints.size() * sizeof(int)));
  CHECK(cudaMemcpy(linearInts, ints.data(), ints.size() * sizeof(int), cudaMemcpyHostToDevice));
  cudaResourceDesc linRes = {};
  linRes.resType = cudaResourceTypeLinear;
  linRes.res.linear.devPtr = linearInts;
  linRes.res.linear.desc = cudaCreateChannelDesc<int>();
  linRes.res.linear.sizeInBytes = ints.size() * sizeof(int);
  cudaTextureObject_t intTex =
      makeTexture(linRes, cudaFilterModePoint, cudaAddressModeClamp, false);
  CHECK(cudaMallocManaged(&fetched, (n + 1) * sizeof(int)));
  fetchInts<<<1, n + 1>>>(intTex, fetched, n + 1);
  CHECK(cudaDeviceSynchronize());
  EXPECT(fetched[0] == 0 && fetched[1] == 10 && fetched[5] == 50 && fetched[6] == 0);

  // A 3D array filled by cudaMemcpy3D and read back through a texture.
  const int d = 3;
  std::vector<float> volume(w * h * d), seen(w * h * d);
  for (int i = 0; i < w * h * d; ++i)
    volume[i] = 0.25f * i;
  cudaArray_t cube;
  CHECK(cudaMalloc3DArray(&cube, &desc, make_cudaExtent(w, h, d)));
  cudaMemcpy3DParms copy = {};
  copy.srcPtr = make_cudaPitchedPtr(volume.data(), w * sizeof(float), w, h);
  copy.dstArray = cube;
  copy.extent = make_cudaExtent(w, h, d);
  copy.kind = cudaMemcpyHostToDevice;
  CHECK(cudaMemcpy3D(&copy));
  cudaResourceDesc cubeRes = {};
  cubeRes.resType = cudaResourceTypeArray;
  cubeRes.res.array.array = cube;
  cudaTextureObject_t cubeTex =
      makeTexture(cubeRes, cudaFilterModePoint, cudaAddressModeClamp, false);
  float *volumeOut;
  CHECK(cudaMalloc(&volumeOut, volume.size() * sizeof(float)));
  sample3D<<<dim3(h, d), w>>>(cubeTex, volumeOut, w, h, d);
  CHECK(cudaMemcpy(seen.data(), volumeOut, seen.size() * sizeof(float), cudaMemcpyDeviceToHost));
  EXPECT(seen == volume);

  // Layered arrays: three layers of 16 x 8, and two layers of 16; depth counts the layers.
  cudaArray_t layers, layers1D;
  CHECK(cudaMalloc3DArray(&layers, &desc, make_cudaExtent(w, h, 3), cudaArrayLayered));
  CHECK(cudaMalloc3DArray(&layers1D, &desc, make_cudaExtent(w, 0, 2), cudaArrayLayered));
  std::vector<float> stack(w * h * 3);
  for (int i = 0; i < w * h * 3; ++i)
    stack[i] = float(i);
  cudaMemcpy3DParms fill = {};
  fill.srcPtr = make_cudaPitchedPtr(stack.data(), w * sizeof(float), w, h);
  fill.dstArray = layers;
  fill.extent = make_cudaExtent(w, h, 3);
  fill.kind = cudaMemcpyHostToDevice;
  CHECK(cudaMemcpy3D(&fill));
  fill.srcPtr = make_cudaPitchedPtr(stack.data(), w * sizeof(float), w, 1);
  fill.dstArray = layers1D;
  fill.extent = make_cudaExtent(w, 1, 2);
  CHECK(cudaMemcpy3D(&fill));
  cudaResourceDesc layerRes = {};
  layerRes.resType = cudaResourceTypeArray;
  layerRes.res.array.array = layers;
  cudaTextureObject_t layerTex =
      makeTexture(layerRes, cudaFilterModePoint, cudaAddressModeClamp, false);
  layerRes.res.array.array = layers1D;
  cudaTextureObject_t layer1DTex =
      makeTexture(layerRes, cudaFilterModePoint, cudaAddressModeClamp, false);
  float *layerOut;
  CHECK(cudaMallocManaged(&layerOut, 2 * w * sizeof(float)));
  sampleLayers<<<1, w>>>(layerTex, layer1DTex, layerOut, w);
  CHECK(cudaDeviceSynchronize());
  EXPECT(layerOut[5] == stack[2 * w * h + 1 * w + 5] && layerOut[w + 5] == stack[w + 5]);

  // Out of an array again.
  std::vector<float> row(w);
  CHECK(cudaMemcpy2DFromArray(row.data(), w * sizeof(float), array, 0, 5, w * sizeof(float), 1,
                              cudaMemcpyDeviceToHost));
  EXPECT(row[7] == host[5 * w + 7]);

  for (cudaTextureObject_t t :
       {point, linear, wrap, pitchTex, byteTex, intTex, cubeTex, layerTex, layer1DTex})
    CHECK(cudaDestroyTextureObject(t));
  CHECK(cudaFreeArray(array));
  CHECK(cudaFreeArray(byteArray));
  CHECK(cudaFreeArray(cube));
  CHECK(cudaFreeArray(layers));
  CHECK(cudaFreeArray(layers1D));
  std::printf("textures: 2D point/linear/wrap, pitched, uchar4 normalised, fetch, 3D ok\n");
  std::printf("layered textures ok\n");
  std::printf("PASS textures\n");
  return 0;
}
