/* CUDA's built-in vector types (int2, float4, ...) and their make_ functions, with CUDA's
 * alignments, for Qiao source compiled by the host compiler. */
#ifndef QIAO_VECTOR_TYPES_H
#define QIAO_VECTOR_TYPES_H

#define QIAO_VECTOR_1(T, N, A)                                                                     \
  struct alignas(A) N##1 { T x; };                                                                 \
  inline constexpr N##1 make_##N##1(T x) { return N##1{x}; }
#define QIAO_VECTOR_2(T, N, A)                                                                     \
  struct alignas(A) N##2 { T x, y; };                                                              \
  inline constexpr N##2 make_##N##2(T x, T y) { return N##2{x, y}; }
#define QIAO_VECTOR_3(T, N)                                                                        \
  struct N##3 { T x, y, z; };                                                                      \
  inline constexpr N##3 make_##N##3(T x, T y, T z) { return N##3{x, y, z}; }
#define QIAO_VECTOR_4(T, N, A)                                                                     \
  struct alignas(A) N##4 { T x, y, z, w; };                                                        \
  inline constexpr N##4 make_##N##4(T x, T y, T z, T w) { return N##4{x, y, z, w}; }
#define QIAO_VECTORS(T, N, A2, A4)                                                                 \
  QIAO_VECTOR_1(T, N, sizeof(T))                                                                   \
  QIAO_VECTOR_2(T, N, A2) QIAO_VECTOR_3(T, N) QIAO_VECTOR_4(T, N, A4)

QIAO_VECTORS(signed char, char, 2, 4)
QIAO_VECTORS(unsigned char, uchar, 2, 4)
QIAO_VECTORS(short, short, 4, 8)
QIAO_VECTORS(unsigned short, ushort, 4, 8)
QIAO_VECTORS(int, int, 8, 16)
QIAO_VECTORS(unsigned int, uint, 8, 16)
QIAO_VECTORS(long long, longlong, 16, 16)
QIAO_VECTORS(unsigned long long, ulonglong, 16, 16)
QIAO_VECTORS(float, float, 8, 16)
QIAO_VECTORS(double, double, 16, 16)

#undef QIAO_VECTORS
#undef QIAO_VECTOR_1
#undef QIAO_VECTOR_2
#undef QIAO_VECTOR_3
#undef QIAO_VECTOR_4

#endif /* QIAO_VECTOR_TYPES_H */
