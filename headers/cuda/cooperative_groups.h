/* cooperative_groups.h as the translator parses it: the groups, tiles and collectives CUDA
 * programs name, declared only (Qiao's definitions are in qiao/cooperative_groups.h). */
#pragma once

namespace cooperative_groups {

class thread_block {
public:
  void sync() const;
  unsigned long long thread_rank() const;
  unsigned long long size() const;
  unsigned long long num_threads() const;
  dim3 group_index() const;
  dim3 thread_index() const;
  dim3 group_dim() const;
  dim3 dim_threads() const;
};
thread_block this_thread_block();
void sync(const thread_block &block);

template <unsigned int MaxBlockSize = 1024> struct block_tile_memory {};
template <unsigned int MaxBlockSize>
thread_block this_thread_block(block_tile_memory<MaxBlockSize> &scratch);

template <unsigned Size, class ParentT = void> class thread_block_tile {
public:
  thread_block_tile();
  template <class P> thread_block_tile(const thread_block_tile<Size, P> &other);
  unsigned long long thread_rank() const;
  unsigned long long size() const;
  unsigned long long num_threads() const;
  unsigned long long meta_group_rank() const;
  unsigned long long meta_group_size() const;
  void sync() const;
  template <class T> T shfl(T value, int srcRank) const;
  template <class T> T shfl_down(T value, unsigned delta) const;
  template <class T> T shfl_up(T value, unsigned delta) const;
  template <class T> T shfl_xor(T value, int laneMask) const;
  int any(int predicate) const;
  int all(int predicate) const;
  unsigned ballot(int predicate) const;
};
template <unsigned Size> thread_block_tile<Size> tiled_partition(const thread_block &parent);

class grid_group {
public:
  void sync() const;
  bool is_valid() const;
  unsigned long long thread_rank() const;
  unsigned long long size() const;
  unsigned long long num_threads() const;
  unsigned long long block_rank() const;
  unsigned long long num_blocks() const;
  dim3 group_dim() const;
  dim3 dim_blocks() const;
  dim3 block_index() const;
  dim3 dim_threads() const;
};
grid_group this_grid();
void sync(const grid_group &grid);

class coalesced_group {
public:
  unsigned long long thread_rank() const;
  unsigned long long size() const;
  unsigned long long num_threads() const;
  unsigned long long meta_group_rank() const;
  unsigned long long meta_group_size() const;
  void sync() const;
  template <class T> T shfl(T value, unsigned srcRank) const;
  template <class T> T shfl_down(T value, unsigned delta) const;
  template <class T> T shfl_up(T value, unsigned delta) const;
  int any(int predicate) const;
  int all(int predicate) const;
  unsigned ballot(int predicate) const;
  template <class T> unsigned match_any(T value) const;
};
coalesced_group coalesced_threads();

template <class T> struct plus { T operator()(const T &a, const T &b) const; };
template <class T> struct less { T operator()(const T &a, const T &b) const; };
template <class T> struct greater { T operator()(const T &a, const T &b) const; };
template <class T> struct bit_and { T operator()(const T &a, const T &b) const; };
template <class T> struct bit_or { T operator()(const T &a, const T &b) const; };
template <class T> struct bit_xor { T operator()(const T &a, const T &b) const; };
template <unsigned Size, class ParentT, class T, class Op>
T reduce(const thread_block_tile<Size, ParentT> &tile, T value, Op op);

} // namespace cooperative_groups
