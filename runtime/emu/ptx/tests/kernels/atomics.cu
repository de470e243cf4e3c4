// Atomic kernels for the PTX engine's tests (AtomicTests.cpp compiles them with nvcc -ptx).

// Counts values into `bins` buckets: per block in shared memory, then into the global histogram.
extern "C" __global__ void histogram(const unsigned *values, int n, unsigned *global, int bins) {
  extern __shared__ unsigned local[];
  for (int b = threadIdx.x; b < bins; b += blockDim.x)
    local[b] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x)
    atomicAdd(&local[values[i] % bins], 1u);
  __syncthreads();
  for (int b = threadIdx.x; b < bins; b += blockDim.x)
    if (local[b] != 0)
      atomicAdd(&global[b], local[b]);
}

// The largest of n floats by a compare-and-swap loop on the bits (the classic atomicMax for
// floats, which CUDA does not provide).
__device__ void atomicMaxFloat(float *address, float value) {
  int *bits = reinterpret_cast<int *>(address);
  int old = *bits;
  while (__int_as_float(old) < value) {
    int seen = atomicCAS(bits, old, __float_as_int(value));
    if (seen == old)
      break;
    old = seen;
  }
}

extern "C" __global__ void floatMax(const float *values, int n, float *result) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    atomicMaxFloat(result, values[i]);
}

// Each thread takes a ticket; tickets[i] records the order it was served in.
extern "C" __global__ void tickets(unsigned *counter, unsigned *tickets, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    tickets[i] = atomicAdd(counter, 1u);
}

// Sums of doubles and 64-bit integers, and the extremes of signed values.
extern "C" __global__ void reductions(const int *values, int n, double *dsum,
                                      unsigned long long *usum, int *lo, int *hi, unsigned *ored,
                                      unsigned *xored) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  int v = values[i];
  atomicAdd(dsum, 0.5 * v);
  atomicAdd(usum, static_cast<unsigned long long>(v) << 32);
  atomicMin(lo, v);
  atomicMax(hi, v);
  atomicOr(ored, 1u << (i % 32));
  atomicXor(xored, static_cast<unsigned>(v));
}

// atomicInc / atomicDec wrap at their limit: a ring of `limit + 1` slots.
extern "C" __global__ void ring(unsigned *up, unsigned *down, unsigned limit, unsigned *olds) {
  olds[threadIdx.x] = atomicInc(up, limit);
  atomicDec(down, limit);
}

// A spin lock built from atomicExch and atomicCAS guards a non-atomic read-modify-write; one
// thread per block takes it, so the lock is contended only between blocks.
extern "C" __global__ void locked(int *lock, int *total) {
  if (threadIdx.x != 0)
    return;
  while (atomicCAS(lock, 0, 1) != 0) {
  }
  __threadfence();
  int t = *reinterpret_cast<volatile int *>(total);
  *reinterpret_cast<volatile int *>(total) = t + blockIdx.x + 1;
  __threadfence();
  atomicExch(lock, 0);
}
