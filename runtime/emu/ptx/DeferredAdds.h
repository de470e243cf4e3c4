// Global adds whose old value nobody reads, issued where nothing but arithmetic and exit follows
// in the issuing thread (a partial sum into a total at the end of a kernel): native code hands
// them to the block, which applies each run of adds to one word as one compare-and-swap of the
// chain ((old + a) + b) + ... when the block ends. That is the same arithmetic in the same order
// as one add after another with no other thread between them, an order the hardware may take
// too, made visible when the block ends rather than when each add runs: nothing in the issuing
// thread orders the adds before anything else it does. A block's warps all adding into one
// total then contend for it once per block instead of once per warp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace qiao::ptx {

// What a deferred add adds (the instruction's type and, for f32, whether subnormals flush).
enum class DeferredAddKind : uint32_t { U32, U64, F32Flush, F32, F64 };

class DeferredAdds {
public:
  struct Entry {
    uint64_t address;
    uint64_t operand;
    DeferredAddKind kind;
  };

  DeferredAdds() { entries_.reserve(kCapacity); } // add() never allocates: native code calls it
  void add(uint64_t address, uint64_t operand, DeferredAddKind kind);
  // Applies what is held, in the order it was added, and forgets it.
  void apply();

private:
  // Bounded: a block that adds more applies what it holds first.
  static constexpr size_t kCapacity = 256;
  std::vector<Entry> entries_;
};

} // namespace qiao::ptx
