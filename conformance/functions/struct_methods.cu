// Classes in device code: constructors, member functions, operator overloading, a struct with a
// nested array returned from a function, and copies of objects into kernel parameters.
// conform: tags=functions,classes
// expect: complex (1+2i)*(3-1i) = 5+5i, |z|^2 = 50
// expect: matrix trace after 3 squarings of diag(1,2): 257
// expect: PASS struct_methods
#include "conform.h"

struct Complex {
  float re, im;
  __device__ Complex(float r, float i) : re(r), im(i) {}
  __device__ Complex operator*(const Complex &o) const {
    return Complex(re * o.re - im * o.im, re * o.im + im * o.re);
  }
  __device__ float norm2() const { return re * re + im * im; }
};

struct Matrix2 {
  long long m[2][2];
  __device__ Matrix2 times(const Matrix2 &o) const {
    Matrix2 r{};
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        for (int k = 0; k < 2; ++k)
          r.m[i][j] += m[i][k] * o.m[k][j];
    return r;
  }
};

__global__ void run(float *f, long long *t, Matrix2 start) {
  Complex z = Complex(1, 2) * Complex(3, -1);
  f[0] = z.re, f[1] = z.im, f[2] = z.norm2();
  Matrix2 a = start;
  for (int i = 0; i < 3; ++i)
    a = a.times(a);
  *t = a.m[0][0] + a.m[1][1];
}

int main() {
  float *f, hf[3];
  long long *t, ht;
  CHECK(cudaMalloc(&f, sizeof hf));
  CHECK(cudaMalloc(&t, sizeof ht));
  Matrix2 start{{{1, 0}, {0, 2}}};
  run<<<1, 1>>>(f, t, start);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(hf, f, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&ht, t, sizeof ht, cudaMemcpyDeviceToHost));
  std::printf("complex (1+2i)*(3-1i) = %g+%gi, |z|^2 = %g\n", hf[0], hf[1], hf[2]);
  std::printf("matrix trace after 3 squarings of diag(1,2): %lld\n", ht);
  std::printf("PASS struct_methods\n");
  return 0;
}
