// The unit of lazy_main.cu whose kernel gathers texels (tex2Dgather, PTX `tld4`), which the Qiao
// device does not run.
#include <cuda_runtime.h>

__global__ void gather(cudaTextureObject_t texture, float4 *out) {
  *out = tex2Dgather<float4>(texture, 0.5f, 0.5f, 0);
}

bool launchGatherKernel() {
  gather<<<1, 1>>>(0, nullptr);
  return cudaGetLastError() == cudaSuccess;
}
