// Tensor-core kernels as CUDA programs write them: nvcuda::wmma fragments (wmma.load, wmma.mma,
// wmma.store for f16, bf16 and tf32) and the warp-level mma.sync with ldmatrix through inline PTX
// in the documented fragment layouts.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <mma.h>

using namespace nvcuda;

// D = alpha * A x B + C, one warp per 16x16 tile of D. A is M x K row-major, B is K x N
// column-major, C and D are M x N row-major. The scaling and the addition of C run element-wise
// on the fragments.
extern "C" __global__ void wmmaHalfGemm(const half *a, const half *b, const float *c, float *d,
                                        int m, int n, int k, float alpha) {
  const int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  const int tileRow = warp / (n / 16), tileCol = warp % (n / 16);
  if (tileRow >= m / 16)
    return;
  wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 16, half, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc, fc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < k; p += 16) {
    wmma::load_matrix_sync(fa, a + tileRow * 16 * k + p, k);
    wmma::load_matrix_sync(fb, b + tileCol * 16 * k + p, k);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::load_matrix_sync(fc, c + tileRow * 16 * n + tileCol * 16, n, wmma::mem_row_major);
  for (int i = 0; i < acc.num_elements; ++i)
    acc.x[i] = alpha * acc.x[i] + fc.x[i];
  wmma::store_matrix_sync(d + tileRow * 16 * n + tileCol * 16, acc, n, wmma::mem_row_major);
}

// One 32x8 tile with half accumulation: C += A x B with A 32 x K column-major, B K x 8
// row-major, C 32 x 8 column-major in global memory, staged through shared memory on the way out.
extern "C" __global__ void wmmaHalfAccumulate32x8(const half *a, const half *b, half *c, int k) {
  __shared__ half staged[32 * 8];
  wmma::fragment<wmma::matrix_a, 32, 8, 16, half, wmma::col_major> fa;
  wmma::fragment<wmma::matrix_b, 32, 8, 16, half, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 32, 8, 16, half> acc;
  wmma::load_matrix_sync(acc, c, 32, wmma::mem_col_major);
  for (int p = 0; p < k; p += 16) {
    wmma::load_matrix_sync(fa, a + p * 32, 32);
    wmma::load_matrix_sync(fb, b + p * 8, 8);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(staged, acc, 32, wmma::mem_col_major);
  __syncwarp();
  for (int i = threadIdx.x; i < 32 * 8; i += 32)
    c[i] = staged[i];
}

// One 8x32 tile in bf16: D = A x B + 1 with A 8 x K row-major, B K x 32 row-major, D stored
// column-major.
extern "C" __global__ void wmmaBf16Tile8x32(const __nv_bfloat16 *a, const __nv_bfloat16 *b,
                                            float *d, int k) {
  wmma::fragment<wmma::matrix_a, 8, 32, 16, __nv_bfloat16, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 8, 32, 16, __nv_bfloat16, wmma::row_major> fb;
  wmma::fragment<wmma::accumulator, 8, 32, 16, float> acc;
  wmma::fill_fragment(acc, 1.0f);
  for (int p = 0; p < k; p += 16) {
    wmma::load_matrix_sync(fa, a + p, k);
    wmma::load_matrix_sync(fb, b + p * 32, 32);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d, acc, 8, wmma::mem_col_major);
}

// One 16x16 tile in tf32: D = A x B with A 16 x K row-major, B K x 16 column-major, the inputs
// rounded to tf32 on the fragments.
extern "C" __global__ void wmmaTf32Tile(const float *a, const float *b, float *d, int k) {
  wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
  wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::col_major> fb;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int p = 0; p < k; p += 8) {
    wmma::load_matrix_sync(fa, a + p, k);
    wmma::load_matrix_sync(fb, b + p, k);
    for (int i = 0; i < fa.num_elements; ++i)
      fa.x[i] = wmma::__float_to_tf32(fa.x[i]);
    for (int i = 0; i < fb.num_elements; ++i)
      fb.x[i] = wmma::__float_to_tf32(fb.x[i]);
    wmma::mma_sync(acc, fa, fb, acc);
  }
  wmma::store_matrix_sync(d, acc, 16, wmma::mem_row_major);
}

__device__ unsigned sharedAddress(const void *p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

// D = A x B + C for one m16n8k16 tile: A 16x16 and B 16x8 row-major, loaded into fragments with
// ldmatrix (.x4 for A, .x2.trans for B); C and D 16x8 row-major in the accumulator layout.
extern "C" __global__ void mmaHalfLdmatrix(const half *a, const half *b, const float *c, float *d) {
  __shared__ alignas(16) half sa[16 * 16];
  __shared__ alignas(16) half sb[16 * 8];
  const unsigned lane = threadIdx.x;
  for (unsigned i = lane; i < 16 * 16; i += 32)
    sa[i] = a[i];
  for (unsigned i = lane; i < 16 * 8; i += 32)
    sb[i] = b[i];
  __syncwarp();
  unsigned ra[4], rb[2];
  // Lanes 0-15 address rows 0-15 at column 0, lanes 16-31 the same rows at column 8.
  unsigned aRow = sharedAddress(&sa[(lane % 16) * 16 + (lane / 16) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];"
               : "=r"(ra[0]), "=r"(ra[1]), "=r"(ra[2]), "=r"(ra[3])
               : "r"(aRow));
  unsigned bRow = sharedAddress(&sb[(lane % 16) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x2.trans.shared.b16 {%0, %1}, [%2];"
               : "=r"(rb[0]), "=r"(rb[1])
               : "r"(bRow));
  const unsigned group = lane / 4, pair = (lane % 4) * 2;
  float acc[4];
  for (int i = 0; i < 4; ++i)
    acc[i] = c[(group + 8 * (i / 2)) * 8 + pair + i % 2];
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, "
               "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
               : "+f"(acc[0]), "+f"(acc[1]), "+f"(acc[2]), "+f"(acc[3])
               : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[0]), "r"(rb[1]));
  for (int i = 0; i < 4; ++i)
    d[(group + 8 * (i / 2)) * 8 + pair + i % 2] = acc[i];
}

__device__ unsigned packHalves(half lo, half hi) {
  return static_cast<unsigned>(__half_as_ushort(lo)) |
         (static_cast<unsigned>(__half_as_ushort(hi)) << 16);
}

// D = A x B + C for one m16n8k16 tile with half accumulators, fragments loaded lane by lane in
// the documented layout.
extern "C" __global__ void mmaHalfAccumulate(const half *a, const half *b, const half *c, half *d) {
  const unsigned lane = threadIdx.x, group = lane / 4, pair = (lane % 4) * 2;
  unsigned ra[4], rb[2], rc[2];
  for (int r = 0; r < 4; ++r) {
    unsigned row = group + 8 * (r % 2), col = pair + 8 * (r / 2);
    ra[r] = packHalves(a[row * 16 + col], a[row * 16 + col + 1]);
  }
  for (int r = 0; r < 2; ++r) {
    unsigned row = pair + 8 * r;
    rb[r] = packHalves(b[row * 8 + group], b[(row + 1) * 8 + group]);
  }
  for (int r = 0; r < 2; ++r)
    rc[r] = packHalves(c[(group + 8 * r) * 8 + pair], c[(group + 8 * r) * 8 + pair + 1]);
  unsigned rd[2];
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f16.f16.f16.f16 {%0, %1}, {%2, %3, %4, %5}, "
               "{%6, %7}, {%8, %9};"
               : "=r"(rd[0]), "=r"(rd[1])
               : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[0]), "r"(rb[1]), "r"(rc[0]),
                 "r"(rc[1]));
  for (int r = 0; r < 2; ++r) {
    d[(group + 8 * r) * 8 + pair] = __ushort_as_half(static_cast<unsigned short>(rd[r]));
    d[(group + 8 * r) * 8 + pair + 1] = __ushort_as_half(static_cast<unsigned short>(rd[r] >> 16));
  }
}

// D = A x B + C for one m16n8k8 tile in tf32: A 16x8, B 8x8, C and D 16x8, all row-major f32;
// the inputs are rounded with cvt.rna.tf32.f32.
extern "C" __global__ void mmaTf32(const float *a, const float *b, const float *c, float *d) {
  const unsigned lane = threadIdx.x, group = lane / 4, thread = lane % 4;
  unsigned ra[4], rb[2];
  for (int i = 0; i < 4; ++i) {
    float v = a[(group + 8 * (i % 2)) * 8 + thread + 4 * (i / 2)];
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(ra[i]) : "f"(v));
  }
  for (int i = 0; i < 2; ++i) {
    float v = b[(thread + 4 * i) * 8 + group];
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(rb[i]) : "f"(v));
  }
  float acc[4];
  for (int i = 0; i < 4; ++i)
    acc[i] = c[(group + 8 * (i / 2)) * 8 + thread * 2 + i % 2];
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, "
               "{%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
               : "+f"(acc[0]), "+f"(acc[1]), "+f"(acc[2]), "+f"(acc[3])
               : "r"(ra[0]), "r"(ra[1]), "r"(ra[2]), "r"(ra[3]), "r"(rb[0]), "r"(rb[1]));
  for (int i = 0; i < 4; ++i)
    d[(group + 8 * (i / 2)) * 8 + thread * 2 + i % 2] = acc[i];
}

// D = A x B for one m16n8k8 tile in bf16: A 16x8 and B 8x8 row-major in shared memory, loaded
// with ldmatrix .x2 (A) and .x1.trans (B); D 16x8 row-major.
extern "C" __global__ void mmaBf16Ldmatrix(const __nv_bfloat16 *a, const __nv_bfloat16 *b,
                                           float *d) {
  __shared__ alignas(16) __nv_bfloat16 sa[16 * 8];
  __shared__ alignas(16) __nv_bfloat16 sb[8 * 8];
  const unsigned lane = threadIdx.x;
  for (unsigned i = lane; i < 16 * 8; i += 32)
    sa[i] = a[i];
  for (unsigned i = lane; i < 8 * 8; i += 32)
    sb[i] = b[i];
  __syncwarp();
  unsigned ra[2], rb;
  unsigned aRow = sharedAddress(&sa[(lane % 16) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x2.shared.b16 {%0, %1}, [%2];"
               : "=r"(ra[0]), "=r"(ra[1])
               : "r"(aRow));
  unsigned bRow = sharedAddress(&sb[(lane % 8) * 8]);
  asm volatile("ldmatrix.sync.aligned.m8n8.x1.trans.shared.b16 {%0}, [%1];" : "=r"(rb) : "r"(bRow));
  float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
  asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, {%4, %5}, "
               "{%6}, {%0, %1, %2, %3};"
               : "+f"(acc[0]), "+f"(acc[1]), "+f"(acc[2]), "+f"(acc[3])
               : "r"(ra[0]), "r"(ra[1]), "r"(rb));
  const unsigned group = lane / 4, pair = (lane % 4) * 2;
  for (int i = 0; i < 4; ++i)
    d[(group + 8 * (i / 2)) * 8 + pair + i % 2] = acc[i];
}
