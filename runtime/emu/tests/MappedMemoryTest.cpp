// The device's memory as hardware maps it (DeviceHeap, AllocationTable::mapped): the slack
// around an allocation is mapped and belongs to no other allocation, a wild address is not
// mapped, and memcheck's nearest-allocation answer.
#include "AllocationTable.h"
#include "DeviceHeap.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

using qiao::emu::AllocationTable;
using qiao::emu::DeviceHeap;

uint64_t address(const void *p) { return reinterpret_cast<uint64_t>(p); }

void *allocate(AllocationTable &table, uint64_t bytes) {
  auto p = table.allocate(bytes, QIAO_DRV_MEM_DEVICE, 0);
  EXPECT_TRUE(p);
  return p ? p.value() : nullptr;
}

TEST(MappedMemory, BytesJustOutsideAnAllocationAreMappedButNotAllocated) {
  AllocationTable table(64 << 20);
  const uint64_t p = address(allocate(table, 1024));
  uint64_t base = 0, size = 0;
  EXPECT_FALSE(table.lookup(p - 4, 4, base, size));
  EXPECT_FALSE(table.lookup(p + 1024, 4, base, size));
  ASSERT_TRUE(table.mapped(p - 4, 4, base, size)); // a read a few bytes before the start
  EXPECT_EQ(size, DeviceHeap::kGranule);
  EXPECT_LE(base, p - DeviceHeap::kSlack);
  EXPECT_TRUE(table.mapped(p + 1024, 4, base, size));                          // one past the end
  EXPECT_TRUE(table.mapped(p + 1024 + DeviceHeap::kSlack - 4, 4, base, size)); // end of its slack
}

TEST(MappedMemory, SlackOfOneAllocationNeverOverlapsAnother) {
  AllocationTable table(64 << 20);
  std::vector<uint64_t> starts;
  const uint64_t sizes[] = {1, 256, 512, 1000, 4096, 100000};
  for (uint64_t bytes : sizes)
    starts.push_back(address(allocate(table, bytes)));
  for (size_t i = 0; i < starts.size(); ++i) {
    EXPECT_EQ(starts[i] % 512, 0u);
    uint64_t base = 0, size = 0;
    // kSlack bytes before and after each allocation hold no allocation.
    for (uint64_t probe : {starts[i] - DeviceHeap::kSlack, starts[i] + sizes[i],
                           starts[i] + sizes[i] + DeviceHeap::kSlack - 1})
      EXPECT_FALSE(table.lookup(probe, 1, base, size)) << "allocation " << i;
  }
}

TEST(MappedMemory, WildAddressesAreNotMapped) {
  AllocationTable table(64 << 20);
  const uint64_t p = address(allocate(table, 64));
  uint64_t base = 0, size = 0;
  EXPECT_FALSE(table.mapped(0, 4, base, size));
  EXPECT_FALSE(table.mapped(0x1000, 4, base, size));
  EXPECT_FALSE(table.mapped(p + (uint64_t{1} << 40), 4, base, size));
  EXPECT_FALSE(table.mapped(UINT64_MAX - 3, 8, base, size)); // wraps
  ASSERT_TRUE(table.mapped(p, 4, base, size));
  EXPECT_FALSE(table.mapped(base + size - 2, 4, base, size)); // straddles the granule's end
}

TEST(MappedMemory, LargeAllocationsHaveTheirOwnMappingWithSlackOnBothSides) {
  AllocationTable table(64 << 20);
  const uint64_t bytes = 3 << 20;
  const uint64_t p = address(allocate(table, bytes));
  uint64_t base = 0, size = 0;
  ASSERT_TRUE(table.mapped(p - 4, 4, base, size));
  EXPECT_EQ(base, p - DeviceHeap::kLargeSlack);
  EXPECT_EQ(size % DeviceHeap::kGranule, 0u);
  EXPECT_GE(base + size, p + bytes + DeviceHeap::kLargeSlack);
  EXPECT_TRUE(table.mapped(p + bytes, 4, base, size));
  // Slack is writable memory of the process.
  std::memset(reinterpret_cast<void *>(p - 4), 0x5a, 4);
  std::memset(reinterpret_cast<void *>(p + bytes), 0x5a, 4);
  EXPECT_EQ(table.budgetUsed(), bytes); // the slack is not charged
}

TEST(MappedMemory, FreedMemoryIsUnmappedOnceItsGranuleIsEmptyAndReadsZeroWhenReused) {
  AllocationTable table(64 << 20);
  void *a = allocate(table, 300);
  void *b = allocate(table, 300);
  std::memset(a, 0xff, 300);
  uint64_t base = 0, size = 0;
  ASSERT_TRUE(table.release(a, QIAO_DRV_MEM_DEVICE));
  EXPECT_TRUE(table.mapped(address(a), 4, base, size)); // b keeps the granule mapped
  ASSERT_TRUE(table.release(b, QIAO_DRV_MEM_DEVICE));
  EXPECT_FALSE(table.mapped(address(a), 4, base, size));
  EXPECT_FALSE(table.mapped(address(b), 4, base, size));
  auto *again = static_cast<unsigned char *>(allocate(table, 300));
  ASSERT_NE(again, nullptr);
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(again[i], 0) << "byte " << i;
}

TEST(MappedMemory, FreedSlotsAreReusedAndMergedWithTheirNeighbours) {
  DeviceHeap heap;
  void *a = heap.allocate(1000);
  void *b = heap.allocate(1000);
  void *c = heap.allocate(1000);
  heap.release(a, 1000);
  heap.release(b, 1000);
  // The two freed slots merge: a request as large as both fits where a was.
  void *d = heap.allocate(2 * 1024 + DeviceHeap::kSlack);
  EXPECT_EQ(d, a);
  heap.release(c, 1000);
  heap.release(d, 2 * 1024 + DeviceHeap::kSlack);
}

TEST(MappedMemory, NearestAllocationIsTheHolderOrTheCloserNeighbour) {
  AllocationTable table(64 << 20);
  const uint64_t a = address(allocate(table, 1024));
  const uint64_t b = address(allocate(table, 1024));
  ASSERT_LT(a, b);
  uint64_t base = 0, size = 0;
  ASSERT_TRUE(table.nearestAllocation(a + 10, base, size));
  EXPECT_EQ(base, a);
  EXPECT_EQ(size, 1024u);
  ASSERT_TRUE(table.nearestAllocation(a + 1024 + 4, base, size)); // just past a
  EXPECT_EQ(base, a);
  ASSERT_TRUE(table.nearestAllocation(b - 4, base, size)); // just before b
  EXPECT_EQ(base, b);
  ASSERT_TRUE(table.nearestAllocation(a - 100, base, size)); // below everything
  EXPECT_EQ(base, a);
  AllocationTable empty(1 << 20);
  EXPECT_FALSE(empty.nearestAllocation(a, base, size));
}

TEST(MappedMemory, RegisteredHostMemoryIsMappedExactly) {
  AllocationTable table(1 << 20);
  std::vector<char> host(4096);
  ASSERT_TRUE(table.registerHost(host.data() + 1024, 1024, 0));
  uint64_t base = 0, size = 0;
  EXPECT_TRUE(table.mapped(address(host.data()) + 1024, 1024, base, size));
  EXPECT_FALSE(table.mapped(address(host.data()) + 1020, 4, base, size));
  EXPECT_FALSE(table.mapped(address(host.data()) + 2048, 4, base, size));
  ASSERT_TRUE(table.unregisterHost(host.data() + 1024));
}

} // namespace
