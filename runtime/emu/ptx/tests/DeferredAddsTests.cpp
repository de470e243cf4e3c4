// DeferredAdds: the adds a block holds land at apply() as one chain per run of adds to a word,
// with each step's arithmetic what atom.add computes alone.
#include "ptx/AtomicSemantics.h"
#include "ptx/DeferredAdds.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

namespace qiao::ptx::test {
namespace {

uint64_t addressOf(void *p) { return reinterpret_cast<uint64_t>(p); }

TEST(DeferredAdds, NothingLandsBeforeApplyAndEachAddOnceAfter) {
  uint32_t counter = 5;
  uint64_t wide = 1ull << 40;
  DeferredAdds adds;
  adds.add(addressOf(&counter), 3, DeferredAddKind::U32);
  adds.add(addressOf(&counter), 0xffffffffu, DeferredAddKind::U32); // -1, wrapping
  adds.add(addressOf(&wide), 7, DeferredAddKind::U64);
  adds.add(addressOf(&counter), 10, DeferredAddKind::U32);
  EXPECT_EQ(counter, 5u);
  EXPECT_EQ(wide, 1ull << 40);
  adds.apply();
  EXPECT_EQ(counter, 17u);
  EXPECT_EQ(wide, (1ull << 40) + 7);
  adds.apply(); // applied adds are forgotten
  EXPECT_EQ(counter, 17u);
}

TEST(DeferredAdds, FloatChainsRoundEachStepInOrder) {
  // 1 + 2^-24 + 2^-24 rounds to 1 at each step (ties to even); adding the two small terms first
  // would give 1 + 2^-23. The chain must be the first.
  float total = 1.0f;
  DeferredAdds adds;
  adds.add(addressOf(&total), std::bit_cast<uint32_t>(0x1p-24f), DeferredAddKind::F32);
  adds.add(addressOf(&total), std::bit_cast<uint32_t>(0x1p-24f), DeferredAddKind::F32);
  adds.apply();
  EXPECT_EQ(total, 1.0f);
  // Global f32 adds flush subnormal operands and results, as atom.add.f32 does.
  float flushed = 0.0f, kept = 0.0f;
  adds.add(addressOf(&flushed), std::bit_cast<uint32_t>(1e-40f), DeferredAddKind::F32Flush);
  adds.add(addressOf(&kept), std::bit_cast<uint32_t>(1e-40f), DeferredAddKind::F32);
  double d = 0.5;
  adds.add(addressOf(&d), std::bit_cast<uint64_t>(0.25), DeferredAddKind::F64);
  adds.apply();
  EXPECT_EQ(std::bit_cast<uint32_t>(flushed), 0u);
  EXPECT_EQ(kept, 1e-40f);
  EXPECT_EQ(d, 0.75);
}

TEST(DeferredAdds, AFullListAppliesWhatItHoldsFirst) {
  uint32_t counter = 0;
  DeferredAdds adds;
  for (int i = 0; i < 1000; ++i)
    adds.add(addressOf(&counter), 1, DeferredAddKind::U32);
  EXPECT_GE(counter, 744u); // all but the last partial list of at most 256
  adds.apply();
  EXPECT_EQ(counter, 1000u);
}

} // namespace
} // namespace qiao::ptx::test
