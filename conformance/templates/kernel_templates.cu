// Kernel templates instantiated for int, float and double, a non-type template parameter, and a
// template specialisation chosen at compile time.
// conform: tags=templates
// expect: int 2016 float 2016.0 double 2016.0
// expect: unrolled by 4: 40, specialised for char: 7
// expect: PASS kernel_templates
#include "conform.h"

template <typename T> __global__ void sum(const T *in, T *out, int n) {
  T total = 0;
  for (int i = 0; i < n; ++i)
    total += in[i];
  *out = total;
}

template <int Factor> __global__ void scaled(int *out) { *out = Factor * 10; }

template <typename T> struct Traits {
  __device__ static int code() { return 1; }
};
template <> struct Traits<char> {
  __device__ static int code() { return 7; }
};
template <typename T> __global__ void traitCode(int *out) { *out = Traits<T>::code(); }

template <typename T> T run(int n) {
  T h[64], *in, *out, result;
  for (int i = 0; i < n; ++i)
    h[i] = (T)i;
  CHECK(cudaMalloc(&in, sizeof h));
  CHECK(cudaMalloc(&out, sizeof(T)));
  CHECK(cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice));
  sum<T><<<1, 1>>>(in, out, n);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(&result, out, sizeof(T), cudaMemcpyDeviceToHost));
  return result;
}

int main() {
  int i = run<int>(64);
  float f = run<float>(64);
  double d = run<double>(64);
  std::printf("int %d float %.1f double %.1f\n", i, f, d);
  int *o, h[2];
  CHECK(cudaMalloc(&o, sizeof h));
  scaled<4><<<1, 1>>>(o);
  traitCode<char><<<1, 1>>>(o + 1);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, o, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("unrolled by 4: %d, specialised for char: %d\n", h[0], h[1]);
  std::printf("PASS kernel_templates\n");
  return 0;
}
