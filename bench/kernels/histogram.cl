// 256-bin histogram of bytes with local atomics, then global ones (histogram.cu).
#define BINS 256 // also the work-group size

__kernel void histogram256(__global const uchar *data, uint n, __global uint *bins) {
  __local uint local_bins[BINS];
  uint l = get_local_id(0);
  local_bins[l] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint i = get_global_id(0); i < n; i += get_global_size(0))
    atomic_inc(&local_bins[data[i]]);
  barrier(CLK_LOCAL_MEM_FENCE);
  atomic_add(&bins[l], local_bins[l]);
}
