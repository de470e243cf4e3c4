/* qiao/cooperative_groups_tiles.h: thread block tiles larger than a warp (tiled_partition<N>
 * with N = 64, 128, 256, 512 or 1024) and block_tile_memory, for host-compiled kernels; included
 * by qiao/cooperative_groups.h.
 *
 * What CUDA documents for such tiles: sync(), size()/num_threads(), thread_rank(),
 * meta_group_rank()/meta_group_size(), shfl() when every thread names the same source rank (a
 * broadcast), any(), all(), and cg::reduce; shfl_up, shfl_down, shfl_xor, ballot and the match
 * functions exist only for tiles of up to 32 threads, and naming them here is a compile error
 * that says so. block_tile_memory reserves nothing: CUDA needs it only below compute
 * capability 8.0, and this_thread_block(memory) is this_thread_block().
 *
 * A tile spans whole warps, so its collectives exchange values through memory the block shares
 * (a `static thread_local` buffer, as __shared__ is) between two of its syncs. Limitation: a
 * tile's sync() is the block's barrier, which threads that have exited no longer hold up. Code
 * in which every tile of the block synchronises equally often, or in which the tiles that do not
 * take part exit first (CUDA's `if (tile.meta_group_rank() == 0) cg::reduce(tile, ...)` then
 * return), behaves as on CUDA; otherwise another tile's barrier would count as this one's, and
 * a tile left waiting alone ends the launch with qiaoErrorLaunchFailure instead of hanging. */
#ifndef QIAO_COOPERATIVE_GROUPS_TILES_H
#define QIAO_COOPERATIVE_GROUPS_TILES_H

#include <qiao/device.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace cooperative_groups {

template <unsigned MaxBlockSize = 1024> struct block_tile_memory {
  static_assert(MaxBlockSize >= 1 && MaxBlockSize <= 1024, "a block has at most 1024 threads");
};
template <unsigned MaxBlockSize>
inline thread_block this_thread_block(block_tile_memory<MaxBlockSize> &) {
  return thread_block();
}

} // namespace cooperative_groups

namespace qiao_cg {

constexpr unsigned kMaxBlockThreads = 1024;

/* Sizeof(T) bytes per thread of the block, shared by the block's threads (in qiao-c++'s device
 * pass, the block's shared memory itself). */
template <class T> inline unsigned char *blockSlots() {
#ifdef QIAO_DEVICE_PASS
  alignas(T) __shared__ unsigned char slots[kMaxBlockThreads * sizeof(T)];
#else
  alignas(T) static thread_local unsigned char slots[kMaxBlockThreads * sizeof(T)];
#endif
  return slots;
}

template <unsigned Size> class MultiWarpTile {
  static_assert(Size > 32 && Size <= kMaxBlockThreads && (Size & (Size - 1)) == 0,
                "tiles larger than a warp are 64, 128, 256, 512 or 1024 threads");
  template <class T> struct onlyUpTo32 : std::false_type {};

public:
  unsigned long long thread_rank() const { return linearRank() % Size; }
  unsigned long long size() const { return Size; }
  unsigned long long num_threads() const { return Size; }
  unsigned long long meta_group_rank() const { return linearRank() / Size; }
  unsigned long long meta_group_size() const { return (blockThreads() + Size - 1) / Size; }
  void sync() const { __syncthreads(); }

  /* Every thread of the tile must name the same srcRank (CUDA: otherwise undefined). */
  template <class T> T shfl(T value, unsigned srcRank) const {
    static_assert(std::is_trivially_copyable<T>::value, "shfl moves trivially copyable values");
    unsigned char *slots = blockSlots<T>();
    const unsigned long long source = meta_group_rank() * Size + srcRank % Size;
    sync(); // every thread has read the previous exchange
    if (thread_rank() == srcRank % Size)
      __builtin_memcpy(slots + source * sizeof(T), &value, sizeof(T));
    sync();
    T out;
    __builtin_memcpy(&out, slots + source * sizeof(T), sizeof(T));
    return out;
  }
  int any(int predicate) const {
    return combine(int(predicate != 0), [](int a, int b) { return a | b; });
  }
  int all(int predicate) const {
    return combine(int(predicate != 0), [](int a, int b) { return a & b; });
  }

  /* op over every tile thread's value in rank order; the same result in every thread. */
  template <class T, class Op> T combine(T value, Op op) const {
    static_assert(std::is_trivially_copyable<T>::value, "collectives move trivially copyable "
                                                        "values");
    unsigned char *slots = blockSlots<T>();
    sync(); // every thread has read the previous collective's values
    __builtin_memcpy(slots + linearRank() * sizeof(T), &value, sizeof(T));
    sync();
    const unsigned long long first = meta_group_rank() * Size;
    const unsigned long long last = std::min<unsigned long long>(first + Size, blockThreads());
    T result;
    __builtin_memcpy(&result, slots + first * sizeof(T), sizeof(T));
    for (unsigned long long i = first + 1; i < last; ++i) {
      T other;
      __builtin_memcpy(&other, slots + i * sizeof(T), sizeof(T));
      result = op(result, other);
    }
    return result;
  }

  template <class T> T shfl_up(T, unsigned) const {
    static_assert(onlyUpTo32<T>::value, "shfl_up exists only for tiles of up to 32 threads");
    return T();
  }
  template <class T> T shfl_down(T, unsigned) const {
    static_assert(onlyUpTo32<T>::value, "shfl_down exists only for tiles of up to 32 threads");
    return T();
  }
  template <class T> T shfl_xor(T, int) const {
    static_assert(onlyUpTo32<T>::value, "shfl_xor exists only for tiles of up to 32 threads");
    return T();
  }
  template <class T = int> unsigned ballot(int) const {
    static_assert(onlyUpTo32<T>::value, "ballot exists only for tiles of up to 32 threads");
    return 0;
  }
  template <class T> unsigned match_any(T) const {
    static_assert(onlyUpTo32<T>::value, "match_any exists only for tiles of up to 32 threads");
    return 0;
  }
  template <class T> unsigned match_all(T, int &) const {
    static_assert(onlyUpTo32<T>::value, "match_all exists only for tiles of up to 32 threads");
    return 0;
  }

private:
  static unsigned long long linearRank() {
    return (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  }
  static unsigned long long blockThreads() {
    return (unsigned long long)blockDim.x * blockDim.y * blockDim.z;
  }
};

} // namespace qiao_cg

namespace cooperative_groups {

/* One specialisation per size: thread_block_tile<N> itself stays CUDA's template. */
#define QIAO_CG_MULTI_WARP_TILE(N)                                                                 \
  template <class ParentT>                                                                         \
  class thread_block_tile<N, ParentT> : public ::qiao_cg::MultiWarpTile<N> {                       \
  public:                                                                                          \
    thread_block_tile() = default;                                                                 \
    template <class P> thread_block_tile(const thread_block_tile<N, P> &) {}                       \
  };                                                                                               \
  template <class ParentT, class T, class Op>                                                      \
  inline T reduce(const thread_block_tile<N, ParentT> &tile, T value, Op op) {                     \
    return tile.combine(value, op);                                                                \
  }
QIAO_CG_MULTI_WARP_TILE(64)
QIAO_CG_MULTI_WARP_TILE(128)
QIAO_CG_MULTI_WARP_TILE(256)
QIAO_CG_MULTI_WARP_TILE(512)
QIAO_CG_MULTI_WARP_TILE(1024)
#undef QIAO_CG_MULTI_WARP_TILE

} // namespace cooperative_groups

#endif /* QIAO_COOPERATIVE_GROUPS_TILES_H */
