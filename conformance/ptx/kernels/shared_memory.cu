// Static and dynamic (extern __shared__) shared memory in one kernel: each block reverses its
// slice through the dynamic buffer and rotates it through the static one.
extern "C" __global__ void reverse_rotate(const int *in, int *reversed, int *rotated, int n) {
  extern __shared__ int dynamicBuffer[]; // blockDim.x ints, sized at launch
  __shared__ int staticBuffer[1024];
  int base = blockIdx.x * blockDim.x;
  int i = base + threadIdx.x;
  int count = min(static_cast<int>(blockDim.x), n - base); // the last block may be partial
  int v = i < n ? in[i] : 0;
  dynamicBuffer[threadIdx.x] = v;
  staticBuffer[threadIdx.x] = v;
  __syncthreads();
  if (threadIdx.x < count) {
    reversed[i] = dynamicBuffer[count - 1 - threadIdx.x];
    rotated[i] = staticBuffer[(threadIdx.x + 1) % count];
  }
}
