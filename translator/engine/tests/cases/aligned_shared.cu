// nvcc accepts an alignment after __shared__; Qiao's __shared__ is `static thread_local`, after
// which C++ takes no alignas, so the alignas is moved in front of it.
__global__ void stage(const float4 *in, float4 *out) {
  __shared__ alignas(16) float tile[256];
  __shared__ int plain[4];
  tile[threadIdx.x] = in[threadIdx.x].x;
  plain[threadIdx.x % 4] = 1;
  out[threadIdx.x].x = tile[255 - threadIdx.x] + plain[0];
}
