// Compile-time recursion and static polymorphism in device code: a template-recursive power, a
// CRTP base calling its derived class, and std::integral_constant-style metaprogramming.
// conform: tags=templates,metaprogramming
// expect: power<3,5> 243, crtp area 12, fib<20> 6765
// expect: PASS crtp_and_recursion
#include "conform.h"

template <int B, int E> struct Power {
  static constexpr int value = B * Power<B, E - 1>::value;
};
template <int B> struct Power<B, 0> {
  static constexpr int value = 1;
};
template <int N> struct Fib {
  static constexpr int value = Fib<N - 1>::value + Fib<N - 2>::value;
};
template <> struct Fib<1> {
  static constexpr int value = 1;
};
template <> struct Fib<0> {
  static constexpr int value = 0;
};

template <typename Derived> struct Shape {
  __device__ int area() const { return static_cast<const Derived *>(this)->areaImpl(); }
};
struct Rect : Shape<Rect> {
  int w, h;
  __device__ int areaImpl() const { return w * h; }
};

__global__ void run(int *o) {
  o[0] = Power<3, 5>::value;
  Rect r;
  r.w = 3, r.h = 4;
  o[1] = r.area();
  o[2] = Fib<20>::value;
}

int main() {
  int *d, h[3];
  CHECK(cudaMalloc(&d, sizeof h));
  run<<<1, 1>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("power<3,5> %d, crtp area %d, fib<20> %d\n", h[0], h[1], h[2]);
  std::printf("PASS crtp_and_recursion\n");
  return 0;
}
