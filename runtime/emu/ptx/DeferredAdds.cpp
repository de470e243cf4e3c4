#include "DeferredAdds.h"

#include "AtomicSemantics.h"

#include <atomic>

namespace qiao::ptx {
namespace {

using Entry = DeferredAdds::Entry;

// One compare-and-swap of the chain ((old + a) + b) + ... over a run of adds to one word.
template <class Word, class Step> void applyChain(const Entry *run, size_t count, Step step) {
  std::atomic_ref<Word> word(*reinterpret_cast<Word *>(run->address));
  Word seen = word.load(std::memory_order_relaxed);
  for (;;) {
    Word value = seen;
    for (size_t i = 0; i < count; ++i)
      value = step(value, static_cast<Word>(run[i].operand));
    if (word.compare_exchange_weak(seen, value, std::memory_order_seq_cst))
      return;
  }
}

// Integer adds wrap, so any grouping gives the same word: one fetch-and-add of their sum.
template <class Word> void applySum(const Entry *run, size_t count) {
  Word sum = 0;
  for (size_t i = 0; i < count; ++i)
    sum = static_cast<Word>(sum + static_cast<Word>(run[i].operand));
  std::atomic_ref<Word>(*reinterpret_cast<Word *>(run->address)).fetch_add(sum);
}

} // namespace

void DeferredAdds::add(uint64_t address, uint64_t operand, DeferredAddKind kind) {
  if (entries_.size() == kCapacity)
    apply();
  entries_.push_back({address, operand, kind});
}

void DeferredAdds::apply() {
  for (size_t i = 0; i < entries_.size();) {
    const Entry *run = &entries_[i];
    size_t end = i + 1;
    while (end < entries_.size() && entries_[end].address == run->address &&
           entries_[end].kind == run->kind)
      ++end;
    const size_t count = end - i;
    switch (run->kind) {
    case DeferredAddKind::U32:
      applySum<uint32_t>(run, count);
      break;
    case DeferredAddKind::U64:
      applySum<uint64_t>(run, count);
      break;
    case DeferredAddKind::F32Flush:
    case DeferredAddKind::F32: {
      const bool flush = run->kind == DeferredAddKind::F32Flush;
      applyChain<uint32_t>(
          run, count, [flush](uint32_t r, uint32_t s) { return atomicAddF32Bits(r, s, flush); });
      break;
    }
    case DeferredAddKind::F64:
      applyChain<uint64_t>(run, count,
                           [](uint64_t r, uint64_t s) { return atomicAddF64Bits(r, s); });
      break;
    }
    i = end;
  }
  entries_.clear();
}

} // namespace qiao::ptx
