#include "DeferredAdds.h"

#include "AtomicSemantics.h"

#include <atomic>

namespace qiao::ptx {
namespace {

template <class Word, class Step>
void applyChain(uint64_t address, const uint64_t *operands, size_t count, Step step) {
  std::atomic_ref<Word> word(*reinterpret_cast<Word *>(address));
  Word seen = word.load(std::memory_order_relaxed);
  for (;;) {
    Word value = seen;
    for (size_t i = 0; i < count; ++i)
      value = step(value, static_cast<Word>(operands[i]));
    if (word.compare_exchange_weak(seen, value, std::memory_order_seq_cst))
      return;
  }
}

// Integer adds wrap, so any grouping gives the same word: one fetch-and-add of their sum.
template <class Word> void applySum(uint64_t address, const uint64_t *operands, size_t count) {
  Word sum = 0;
  for (size_t i = 0; i < count; ++i)
    sum = static_cast<Word>(sum + static_cast<Word>(operands[i]));
  std::atomic_ref<Word>(*reinterpret_cast<Word *>(address)).fetch_add(sum);
}

} // namespace

void DeferredAdds::add(uint64_t address, uint64_t operand, DeferredAddKind kind) {
  if (entries_.size() == kCapacity)
    apply();
  entries_.push_back({address, operand, kind});
}

void DeferredAdds::apply() {
  std::vector<uint64_t> operands;
  for (size_t i = 0; i < entries_.size();) {
    const Entry &first = entries_[i];
    operands.clear();
    size_t end = i;
    for (; end < entries_.size() && entries_[end].address == first.address &&
           entries_[end].kind == first.kind;
         ++end)
      operands.push_back(entries_[end].operand);
    const size_t count = operands.size();
    switch (first.kind) {
    case DeferredAddKind::U32:
      applySum<uint32_t>(first.address, operands.data(), count);
      break;
    case DeferredAddKind::U64:
      applySum<uint64_t>(first.address, operands.data(), count);
      break;
    case DeferredAddKind::F32Flush:
    case DeferredAddKind::F32: {
      const bool flush = first.kind == DeferredAddKind::F32Flush;
      applyChain<uint32_t>(first.address, operands.data(), count, [flush](uint32_t r, uint32_t s) {
        return atomicAddF32Bits(r, s, flush);
      });
      break;
    }
    case DeferredAddKind::F64:
      applyChain<uint64_t>(first.address, operands.data(), count,
                           [](uint64_t r, uint64_t s) { return atomicAddF64Bits(r, s); });
      break;
    }
    i = end;
  }
  entries_.clear();
}

} // namespace qiao::ptx
