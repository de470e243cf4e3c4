// Virtual functions on objects constructed in device code: calls through a base pointer reach
// each derived class's override, differently per lane.
// conform: tags=functions,virtual,classes
// expect: areas: square 9 circle-ish 12 triangle 6 square 9
// expect: PASS virtual_functions
#include "conform.h"

#include <new>

struct Shape {
  __device__ virtual int area() const = 0;
  __device__ virtual ~Shape() {}
};
struct Square : Shape {
  int side;
  __device__ Square(int s) : side(s) {}
  __device__ int area() const override { return side * side; }
};
struct Circle : Shape {
  int radius;
  __device__ Circle(int r) : radius(r) {}
  __device__ int area() const override { return 3 * radius * radius; }
};
struct Triangle : Shape {
  int base, height;
  __device__ Triangle(int b, int h) : base(b), height(h) {}
  __device__ int area() const override { return base * height / 2; }
};

__global__ void areas(int *out) {
  int lane = threadIdx.x;
  alignas(16) unsigned char storage[64];
  Shape *shape;
  switch (lane % 3) {
  case 0:
    shape = new (storage) Square(3);
    break;
  case 1:
    shape = new (storage) Circle(2);
    break;
  default:
    shape = new (storage) Triangle(3, 4);
  }
  out[lane] = shape->area();
  shape->~Shape();
}

int main() {
  int *d, h[4];
  CHECK(cudaMalloc(&d, sizeof h));
  areas<<<1, 4>>>(d);
  CHECK_LAUNCH();
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  std::printf("areas: square %d circle-ish %d triangle %d square %d\n", h[0], h[1], h[2], h[3]);
  std::printf("PASS virtual_functions\n");
  return 0;
}
