// axpy(a, x, y, n): y[i] = a * x[i] + y[i] for i < n, one thread per element; the thread of
// element 0 also counts the launch in the module global `launches`. PTX text, as a program that
// ships its kernels for the driver's JIT carries it.
#pragma once

static const char kAxpyPtx[] = R"(.version 8.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 launches = 0;
.visible .entry axpy(.param .f32 a, .param .u64 x, .param .u64 y, .param .u32 n)
{
  .reg .pred %p<3>;
  .reg .b32 %r<8>;
  .reg .f32 %f<5>;
  .reg .b64 %rd<8>;
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r4, %r1, %r2, %r3;
  ld.param.u32 %r5, [n];
  setp.ge.u32 %p1, %r4, %r5;
  @%p1 bra DONE;
  ld.param.f32 %f1, [a];
  ld.param.u64 %rd1, [x];
  ld.param.u64 %rd2, [y];
  mul.wide.u32 %rd3, %r4, 4;
  add.s64 %rd4, %rd1, %rd3;
  add.s64 %rd5, %rd2, %rd3;
  ld.global.f32 %f2, [%rd4];
  ld.global.f32 %f3, [%rd5];
  fma.rn.f32 %f4, %f1, %f2, %f3;
  st.global.f32 [%rd5], %f4;
  setp.ne.u32 %p2, %r4, 0;
  @%p2 bra DONE;
  ld.global.u32 %r6, [launches];
  add.u32 %r7, %r6, 1;
  st.global.u32 [launches], %r7;
DONE:
  ret;
}
)";
