// The other translation unit of rdc/cross_file.cu: a device function and a device variable it
// uses from there.
__device__ int callCount = 0;

__device__ int polynomial(int x) {
  atomicAdd(&callCount, 1);
  return x * x + 2 * x + 5;
}
