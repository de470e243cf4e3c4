// The atomic family on global and shared memory.

// Float add built from atomicCAS on the bit pattern: the classic retry loop.
__device__ float casAdd(float *address, float value) {
  unsigned *bits = reinterpret_cast<unsigned *>(address);
  unsigned old = *bits, assumed;
  do {
    assumed = old;
    old = atomicCAS(bits, assumed, __float_as_uint(__uint_as_float(assumed) + value));
  } while (old != assumed);
  return __uint_as_float(old);
}

extern "C" __global__ void atomic_cas_add(const float *in, float *total, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    casAdd(total, in[i]);
}

// results: [0] max, [1] min, [2] unsigned max, [3] unsigned min, [4] and, [5] or, [6] xor,
// [7] sub (from 0); each computed with the atomic of that name over all inputs.
extern "C" __global__ void atomic_minmax_bits(const int *in, int *results, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n)
    return;
  int v = in[i];
  atomicMax(&results[0], v);
  atomicMin(&results[1], v);
  atomicMax(reinterpret_cast<unsigned *>(&results[2]), static_cast<unsigned>(v));
  atomicMin(reinterpret_cast<unsigned *>(&results[3]), static_cast<unsigned>(v));
  atomicAnd(&results[4], v | (1 << (i & 31)));
  atomicOr(&results[5], v);
  atomicXor(&results[6], v);
  atomicSub(&results[7], v);
}

// Every thread swaps its id into one slot; the values handed back plus the final value are a
// permutation of the ids and the slot's initial value.
extern "C" __global__ void atomic_exch_chain(int *slot, int *previous, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    previous[i] = atomicExch(slot, i);
}

// atomicInc wraps to 0 after `limit`; the counter lives in shared memory for the first half of
// the test and in global memory for the second.
extern "C" __global__ void atomic_inc_wrap(unsigned *globalCounter, unsigned *returned,
                                           unsigned *sharedFinal, unsigned limit, int n) {
  __shared__ unsigned counter;
  if (threadIdx.x == 0)
    counter = 0;
  __syncthreads();
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicInc(&counter, limit);
    returned[i] = atomicInc(globalCounter, limit);
  }
  __syncthreads();
  if (threadIdx.x == 0)
    sharedFinal[blockIdx.x] = counter;
}

// 64-bit atomics: add and max on unsigned long long.
extern "C" __global__ void atomic_u64(const unsigned long long *in, unsigned long long *results,
                                      int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    atomicAdd(&results[0], in[i]);
    atomicMax(&results[1], in[i]);
  }
}
