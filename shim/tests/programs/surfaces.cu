// Surface objects: a kernel reads a float array through one surface and writes another (x in
// bytes); a uchar4 image inverted in place with clamp and zero boundary modes; a 3D int array
// filled by surf3Dwrite. Results come back with cudaMemcpy2DFromArray / cudaMemcpy3D.
#include "check.h"

#include <vector>

__global__ void scale(cudaSurfaceObject_t in, cudaSurfaceObject_t out, int w, int h) {
  int x = threadIdx.x, y = blockIdx.x;
  if (x >= w || y >= h)
    return;
  float v;
  surf2Dread(&v, in, x * int(sizeof(float)), y);
  surf2Dwrite(v * 2.0f, out, x * int(sizeof(float)), y);
}

__global__ void invert(cudaSurfaceObject_t image, int w) {
  int x = threadIdx.x, y = blockIdx.x;
  uchar4 c;
  // One texel to the left: clamped at the left edge.
  surf2Dread(&c, image, (x - 1) * 4, y, cudaBoundaryModeClamp);
  __syncthreads();
  c = make_uchar4(255 - c.x, 255 - c.y, 255 - c.z, c.w);
  surf2Dwrite(c, image, x * 4, y);
  // Past the right edge: dropped.
  surf2Dwrite(make_uchar4(1, 2, 3, 4), image, (x + w) * 4, y, cudaBoundaryModeZero);
}

__global__ void fill3D(cudaSurfaceObject_t volume) {
  int x = threadIdx.x, y = blockIdx.x, z = blockIdx.y;
  surf3Dwrite(x + 10 * y + 100 * z, volume, x * int(sizeof(int)), y, z);
}

int main() {
  const int w = 8, h = 4;
  cudaChannelFormatDesc floatDesc = cudaCreateChannelDesc<float>();
  cudaArray_t in, out;
  CHECK(cudaMallocArray(&in, &floatDesc, w, h, cudaArraySurfaceLoadStore));
  CHECK(cudaMallocArray(&out, &floatDesc, w, h, cudaArraySurfaceLoadStore));
  std::vector<float> values(w * h), scaled(w * h);
  for (int i = 0; i < w * h; ++i)
    values[i] = 0.5f * i;
  CHECK(cudaMemcpy2DToArray(in, 0, 0, values.data(), w * sizeof(float), w * sizeof(float), h,
                            cudaMemcpyHostToDevice));
  cudaResourceDesc res = {};
  res.resType = cudaResourceTypeArray;
  res.res.array.array = in;
  cudaSurfaceObject_t inSurface, outSurface;
  CHECK(cudaCreateSurfaceObject(&inSurface, &res));
  res.res.array.array = out;
  CHECK(cudaCreateSurfaceObject(&outSurface, &res));
  scale<<<h, w>>>(inSurface, outSurface, w, h);
  CHECK(cudaMemcpy2DFromArray(scaled.data(), w * sizeof(float), out, 0, 0, w * sizeof(float), h,
                              cudaMemcpyDeviceToHost));
  for (int i = 0; i < w * h; ++i)
    EXPECT(scaled[i] == values[i] * 2.0f);

  cudaChannelFormatDesc pixelDesc = cudaCreateChannelDesc<uchar4>();
  cudaArray_t image;
  CHECK(cudaMallocArray(&image, &pixelDesc, w, h, cudaArraySurfaceLoadStore));
  std::vector<uchar4> pixels(w * h), seen(w * h);
  for (int i = 0; i < w * h; ++i)
    pixels[i] = make_uchar4(i, 2 * i, 3 * i, 200);
  CHECK(cudaMemcpy2DToArray(image, 0, 0, pixels.data(), w * 4, w * 4, h, cudaMemcpyHostToDevice));
  res.res.array.array = image;
  cudaSurfaceObject_t imageSurface;
  CHECK(cudaCreateSurfaceObject(&imageSurface, &res));
  invert<<<h, w>>>(imageSurface, w);
  CHECK(cudaMemcpy2DFromArray(seen.data(), w * 4, image, 0, 0, w * 4, h, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uchar4 from = pixels[y * w + (x > 0 ? x - 1 : 0)], got = seen[y * w + x];
      EXPECT(got.x == 255 - from.x && got.y == 255 - from.y && got.w == 200);
    }

  const int d = 3;
  cudaChannelFormatDesc intDesc = cudaCreateChannelDesc<int>();
  cudaArray_t volume;
  CHECK(cudaMalloc3DArray(&volume, &intDesc, make_cudaExtent(w, h, d), cudaArraySurfaceLoadStore));
  res.res.array.array = volume;
  cudaSurfaceObject_t volumeSurface;
  CHECK(cudaCreateSurfaceObject(&volumeSurface, &res));
  fill3D<<<dim3(h, d), w>>>(volumeSurface);
  std::vector<int> cells(w * h * d);
  cudaMemcpy3DParms copy = {};
  copy.srcArray = volume;
  copy.dstPtr = make_cudaPitchedPtr(cells.data(), w * sizeof(int), w, h);
  copy.extent = make_cudaExtent(w, h, d);
  copy.kind = cudaMemcpyDeviceToHost;
  CHECK(cudaMemcpy3D(&copy));
  EXPECT(cells[(2 * h + 3) * w + 5] == 5 + 30 + 200);

  for (cudaSurfaceObject_t s : {inSurface, outSurface, imageSurface, volumeSurface})
    CHECK(cudaDestroySurfaceObject(s));
  for (cudaArray_t a : {in, out, image, volume})
    CHECK(cudaFreeArray(a));
  std::printf("surfaces: 2D float, uchar4 clamp/zero, 3D int ok\n");
  std::printf("PASS surfaces\n");
  return 0;
}
