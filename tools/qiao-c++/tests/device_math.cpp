// The CUDA Math API beyond libm, directed rounding, conversions, SIMD-in-a-word, scoped atomics.
#include <cstdio>
#include <qiao/device.h>
int main() {
  std::printf("%.6f %.6f %.6f %.6f\n", erfinvf(0.5f), normcdfinvf(0.975f), rnorm3df(1, 2, 2),
              normcdff(1.0f));
  std::printf("%.9g %.9g\n", __fadd_rd(1.0f, 1e-8f), __fadd_ru(1.0f, 1e-8f));
  std::printf("%08x %08x %d %u\n", __vadd4(0x01020304u, 0xff010101u),
              __vabsdiffu4(0x0a000005u, 0x050a0003u), (int)isnan(0.0 / 0.0), umin(3u, 2u));
  int x = 1;
  atomicAdd_system(&x, 2);
  std::printf("%d %d\n", x, __double2int_rd(-1.5));
}
