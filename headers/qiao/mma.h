/* qiao/mma.h: CUDA's warp matrix functions (<mma.h>, namespace nvcuda::wmma) for host-compiled
 * kernels: fragment, fill_fragment, load_matrix_sync, store_matrix_sync, mma_sync and
 * __float_to_tf32, in the shapes and types sm_80 has for floating point: m16n16k16, m32n8k16
 * and m8n32k16 with 16-bit inputs (__half, or another 16-bit float type that converts to and from
 * float) and float or __half accumulators; m16n16k8 with precision::tf32 and float accumulators.
 * The integer, binary and double shapes are compile errors that say so.
 *
 * CUDA leaves a fragment's layout unspecified. Here, as in Qiao's PTX engine, lane l holds the
 * elements l*n .. l*n+n-1 (n = num_elements) of the matrix in row-major order, whatever the
 * memory layout it was loaded from, so that element-wise work on frag.x[i] reaches every element;
 * the __half fragments of A and B have 16 elements a lane, as CUDA's, and so hold their matrix
 * two or four times over.
 *
 * mma_sync: the warp's lanes meet (__syncwarp), put their fragments into a buffer the warp shares,
 * meet again, and each computes its own elements of D in float: C(i,j) plus A(i,0)*B(0,j),
 * A(i,1)*B(1,j), ... in that order, each sum rounded to nearest even (the products of 16-bit and
 * tf32 values are exact). A tf32 element's low 13 bits are not read, as tensor cores ignore them.
 * Every lane of the warp must call it, as CUDA requires. */
#ifndef QIAO_MMA_H
#define QIAO_MMA_H

#include <qiao/device.h>
#include <qiao/half.h>

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace nvcuda {
namespace wmma {

struct row_major {};
struct col_major {};
struct matrix_a {};
struct matrix_b {};
struct accumulator {};
enum layout_t { mem_row_major, mem_col_major };
namespace precision {
struct tf32 {};
} // namespace precision

namespace detail {

template <class Use, int M, int N, int K> struct Dims;
template <int M, int N, int K> struct Dims<matrix_a, M, N, K> {
  static constexpr int rows = M, cols = K;
};
template <int M, int N, int K> struct Dims<matrix_b, M, N, K> {
  static constexpr int rows = K, cols = N;
};
template <int M, int N, int K> struct Dims<accumulator, M, N, K> {
  static constexpr int rows = M, cols = N;
};

/* The type a fragment's elements are stored in: float for tf32. */
template <class T> struct Storage {
  using type = T;
};
template <> struct Storage<precision::tf32> {
  using type = float;
};

template <int M, int N, int K, class T> constexpr bool supportedShape() {
  if (std::is_same<T, precision::tf32>::value)
    return M == 16 && N == 16 && K == 8;
  return (M == 16 && N == 16 && K == 16) || (M == 32 && N == 8 && K == 16) ||
         (M == 8 && N == 32 && K == 16);
}

template <class Use, int M, int N, int K, class T> constexpr int elementsPerLane() {
  return !std::is_same<Use, accumulator>::value && std::is_same<T, __half>::value
             ? 16
             : Dims<Use, M, N, K>::rows * Dims<Use, M, N, K>::cols / 32;
}

struct Position {
  int row, col;
};
/* The matrix element that element i of a lane's fragment holds. */
template <int Rows, int Cols, int PerLane> inline Position elementOf(unsigned lane, int i) {
  const int q = int((lane * PerLane + unsigned(i)) % unsigned(Rows * Cols));
  return Position{q / Cols, q % Cols};
}

inline std::size_t offsetOf(Position p, unsigned ldm, bool colMajor) {
  return colMajor ? std::size_t(p.col) * ldm + p.row : std::size_t(p.row) * ldm + p.col;
}

/* A tf32 operand as the multiplier reads it: its upper 19 bits. */
inline float multiplicand(float v, bool tf32) {
  if (!tf32)
    return v;
  std::uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  bits &= ~std::uint32_t(0x1fff);
  std::memcpy(&v, &bits, sizeof bits);
  return v;
}

/* The buffer through which the lanes of the caller's warp share an mma_sync's matrices: one per
 * warp of the block, in memory the block's threads share (they run on one host thread). */
constexpr int kScratchFloats = 32 * 16 + 16 * 32 + 32 * 32;
inline float *warpScratch() {
  static thread_local std::vector<float> scratch;
  const uint3 t = ::qiao_device::threadIndex();
  const dim3 b = ::qiao_device::blockSize();
  const unsigned warp = (t.x + b.x * (t.y + b.y * t.z)) / 32;
  const std::size_t need = std::size_t(b.x * b.y * b.z + 31) / 32 * kScratchFloats;
  if (scratch.size() < need)
    scratch.resize(need);
  return scratch.data() + std::size_t(warp) * kScratchFloats;
}

} // namespace detail

template <class Use, int M, int N, int K, class T, class Layout = void> class fragment {
  static_assert(std::is_same<T, precision::tf32>::value || sizeof(T) == 2 ||
                    std::is_same<T, float>::value,
                "Qiao's wmma has the floating-point fragments of sm_80: 16-bit floats, tf32, and "
                "float accumulators (the integer, binary and double ones are not supported)");
  static_assert(detail::supportedShape<M, N, K, T>() ||
                    (std::is_same<Use, accumulator>::value &&
                     (detail::supportedShape<M, N, K, __half>() ||
                      detail::supportedShape<M, N, K, precision::tf32>())),
                "wmma shapes: m16n16k16, m32n8k16, m8n32k16 (16-bit inputs), m16n16k8 (tf32)");

public:
  using element_type = typename detail::Storage<T>::type;
  using storage_element_type = element_type;
  static constexpr int num_elements = detail::elementsPerLane<Use, M, N, K, T>();
  static constexpr int rows = detail::Dims<Use, M, N, K>::rows;
  static constexpr int cols = detail::Dims<Use, M, N, K>::cols;
  element_type x[num_elements];
};

template <class Use, int M, int N, int K, class T, class Layout, class V>
inline void fill_fragment(fragment<Use, M, N, K, T, Layout> &f, const V &value) {
  using E = typename fragment<Use, M, N, K, T, Layout>::element_type;
  for (int i = 0; i < f.num_elements; ++i)
    f.x[i] = E(value);
}

/* A or B, whose memory layout is part of the fragment's type. */
template <class Use, int M, int N, int K, class T, class Layout>
inline void load_matrix_sync(fragment<Use, M, N, K, T, Layout> &f,
                             const typename fragment<Use, M, N, K, T, Layout>::element_type *p,
                             unsigned ldm) {
  static_assert(std::is_same<Layout, row_major>::value || std::is_same<Layout, col_major>::value,
                "matrix_a and matrix_b fragments name their layout: row_major or col_major");
  using F = fragment<Use, M, N, K, T, Layout>;
  const unsigned lane = ::qiao_device::lane();
  for (int i = 0; i < F::num_elements; ++i)
    f.x[i] = p[detail::offsetOf(detail::elementOf<F::rows, F::cols, F::num_elements>(lane, i), ldm,
                                std::is_same<Layout, col_major>::value)];
}

template <int M, int N, int K, class T>
inline void load_matrix_sync(fragment<accumulator, M, N, K, T> &f, const T *p, unsigned ldm,
                             layout_t layout) {
  using F = fragment<accumulator, M, N, K, T>;
  const unsigned lane = ::qiao_device::lane();
  for (int i = 0; i < F::num_elements; ++i)
    f.x[i] = p[detail::offsetOf(detail::elementOf<F::rows, F::cols, F::num_elements>(lane, i), ldm,
                                layout == mem_col_major)];
}

template <int M, int N, int K, class T>
inline void store_matrix_sync(T *p, const fragment<accumulator, M, N, K, T> &f, unsigned ldm,
                              layout_t layout) {
  using F = fragment<accumulator, M, N, K, T>;
  const unsigned lane = ::qiao_device::lane();
  for (int i = 0; i < F::num_elements; ++i)
    p[detail::offsetOf(detail::elementOf<F::rows, F::cols, F::num_elements>(lane, i), ldm,
                       layout == mem_col_major)] = f.x[i];
}

template <int M, int N, int K, class TAB, class LayoutA, class LayoutB, class TD, class TC>
inline void mma_sync(fragment<accumulator, M, N, K, TD> &d,
                     const fragment<matrix_a, M, N, K, TAB, LayoutA> &a,
                     const fragment<matrix_b, M, N, K, TAB, LayoutB> &b,
                     const fragment<accumulator, M, N, K, TC> &c) {
  static_assert(std::is_same<TD, float>::value || std::is_same<TD, __half>::value,
                "accumulators are float or __half");
  static_assert(std::is_same<TC, float>::value || std::is_same<TC, __half>::value,
                "accumulators are float or __half");
  static_assert(std::is_same<TAB, __half>::value ||
                    (std::is_same<TD, float>::value && std::is_same<TC, float>::value),
                "bf16 and tf32 products accumulate in float");
  using A = fragment<matrix_a, M, N, K, TAB, LayoutA>;
  using B = fragment<matrix_b, M, N, K, TAB, LayoutB>;
  using C = fragment<accumulator, M, N, K, TC>;
  using D = fragment<accumulator, M, N, K, TD>;
  constexpr bool tf32 = std::is_same<TAB, precision::tf32>::value;
  const unsigned lane = ::qiao_device::lane();
  float *sa = detail::warpScratch(), *sb = sa + M * K, *sc = sb + K * N;
  __syncwarp(); /* every lane has read the buffer's previous matrices */
  for (int i = 0; i < A::num_elements; ++i) {
    detail::Position p = detail::elementOf<M, K, A::num_elements>(lane, i);
    sa[p.row * K + p.col] = detail::multiplicand(float(a.x[i]), tf32);
  }
  for (int i = 0; i < B::num_elements; ++i) {
    detail::Position p = detail::elementOf<K, N, B::num_elements>(lane, i);
    sb[p.row * N + p.col] = detail::multiplicand(float(b.x[i]), tf32);
  }
  for (int i = 0; i < C::num_elements; ++i) {
    detail::Position p = detail::elementOf<M, N, C::num_elements>(lane, i);
    sc[p.row * N + p.col] = float(c.x[i]);
  }
  __syncwarp();
  for (int i = 0; i < D::num_elements; ++i) {
    detail::Position p = detail::elementOf<M, N, D::num_elements>(lane, i);
    float sum = sc[p.row * N + p.col];
    for (int q = 0; q < K; ++q) {
      const float product = sa[p.row * K + q] * sb[q * N + p.col];
      sum += product;
    }
    d.x[i] = TD(sum);
  }
}

/* cvt.rna.tf32.f32: to 10 mantissa bits, nearest with ties away from zero; NaN stays NaN. */
inline float __float_to_tf32(float in) {
  std::uint32_t bits;
  std::memcpy(&bits, &in, sizeof bits);
  if ((bits & 0x7fffffffu) > 0x7f800000u)
    return in;
  bits = (bits + 0x1000u) & ~std::uint32_t(0x1fff);
  std::memcpy(&in, &bits, sizeof bits);
  return in;
}

} // namespace wmma
} // namespace nvcuda

#endif
