// SIMD video instructions for VideoTests.cpp: the CUDA SIMD intrinsics as nvcc lowers them (only
// a few become video instructions; the rest are ordinary integer code that must agree too), and
// each video form written directly, with selectors, masks, .sat and .add.

#define VIDEO(k, text)                                                                             \
  {                                                                                                \
    unsigned r;                                                                                    \
    asm(text : "=r"(r) : "r"(x), "r"(y), "r"(z));                                                  \
    o[k] = r;                                                                                      \
  }

constexpr int kIntrinsics = 16;
constexpr int kForms = 17;

__global__ void intrinsics(const unsigned *a, const unsigned *b, unsigned *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned x = a[i], y = b[i];
  unsigned *o = out + i * kIntrinsics;
  o[0] = __vabsdiffu4(x, y);
  o[1] = __vabsdiffu2(x, y);
  o[2] = __vsadu4(x, y);
  o[3] = __vsadu2(x, y);
  o[4] = __vabsdiffs4(x, y);
  o[5] = __vabsdiffs2(x, y);
  o[6] = __vadd2(x, y);
  o[7] = __vsub4(x, y);
  o[8] = __vavgu4(x, y);
  o[9] = __vavgs2(x, y);
  o[10] = __vmaxs4(x, y);
  o[11] = __vminu2(x, y);
  o[12] = __vcmpgtu4(x, y);
  o[13] = __vseteq2(x, y);
  o[14] = __vaddss4(x, y);
  o[15] = __vhaddu2(x, y);
}

__global__ void forms(const unsigned *a, const unsigned *b, const unsigned *c, unsigned *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned x = a[i], y = b[i], z = c[i];
  unsigned *o = out + i * kForms;
  VIDEO(0, "vadd4.u32.u32.u32.sat %0, %1, %2, %3;")
  VIDEO(1, "vadd4.s32.s32.s32.sat %0, %1, %2, %3;")
  VIDEO(2, "vsub2.s32.s32.s32.sat %0, %1, %2, %3;")
  VIDEO(3, "vsub4.u32.u32.u32 %0, %1, %2, %3;")
  VIDEO(4, "vavrg4.u32.u32.u32 %0, %1, %2, %3;")
  VIDEO(5, "vavrg2.s32.s32.s32 %0, %1, %2, %3;")
  VIDEO(6, "vabsdiff2.s32.s32.s32 %0, %1, %2, %3;")
  VIDEO(7, "vmin4.s32.s32.s32 %0, %1, %2, %3;")
  VIDEO(8, "vmax2.u32.u32.u32 %0, %1, %2, %3;")
  VIDEO(9, "vset4.u32.u32.lt %0, %1, %2, %3;")
  VIDEO(10, "vset2.s32.s32.ge %0, %1, %2, %3;")
  VIDEO(11, "vset4.s32.s32.ne.add %0, %1, %2, %3;")
  VIDEO(12, "vabsdiff4.u32.u32.u32.add %0, %1, %2, %3;")
  VIDEO(13, "vadd4.u32.u32.u32 %0.b20, %1.b0123, %2.b4444, %3;")
  VIDEO(14, "vmax2.s32.s32.s32 %0.h1, %1.h01, %2.h22, %3;")
  VIDEO(15, "vsub4.s32.s32.s32.add %0, %1, %2, %3;")
  VIDEO(16, "vmax2.u32.s32.s32.sat %0, %1, %2, %3;")
}
