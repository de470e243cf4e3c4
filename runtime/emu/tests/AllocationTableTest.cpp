// The allocation table on its own: the ranges kernels may touch and the budget.
#include "AllocationTable.h"
#include "DeviceMemoryView.h"
#include "support/ErrorCodes.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

using qiao::emu::AllocationTable;
using namespace qiao::errc;

uint64_t address(const void *p) { return reinterpret_cast<uint64_t>(p); }

TEST(AllocationTable, AllocationsAreAlignedAndRecorded) {
  AllocationTable table(1 << 20);
  auto a = table.allocate(100, QIAO_DRV_MEM_DEVICE, 0);
  auto b = table.allocate(1, QIAO_DRV_MEM_DEVICE, 0);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(address(a.value()) % 256, 0u);
  EXPECT_EQ(address(b.value()) % 256, 0u);
  EXPECT_EQ(table.count(), 2u);
  EXPECT_EQ(table.budgetUsed(), 512u); // each rounded up to 256 bytes
}

TEST(AllocationTable, ZeroBytesIsNullWithoutRecord) {
  AllocationTable table(1 << 20);
  auto p = table.allocate(0, QIAO_DRV_MEM_DEVICE, 0);
  ASSERT_TRUE(p);
  EXPECT_EQ(p.value(), nullptr);
  EXPECT_EQ(table.count(), 0u);
}

TEST(AllocationTable, LookupInsideEdgeOutsideAndOverflow) {
  AllocationTable table(1 << 20);
  auto p = table.allocate(100, QIAO_DRV_MEM_DEVICE, 0);
  ASSERT_TRUE(p);
  const uint64_t start = address(p.value());
  uint64_t base = 0, size = 0;

  EXPECT_TRUE(table.lookup(start, 4, base, size));
  EXPECT_EQ(base, start);
  EXPECT_EQ(size, 100u);
  EXPECT_TRUE(table.lookup(start + 50, 8, base, size));
  EXPECT_TRUE(table.lookup(start, 100, base, size));             // the whole allocation
  EXPECT_TRUE(table.lookup(start + 96, 4, base, size));          // last word
  EXPECT_FALSE(table.lookup(start + 97, 4, base, size));         // straddles the end
  EXPECT_FALSE(table.lookup(start + 100, 1, base, size));        // one past the end
  EXPECT_FALSE(table.lookup(start - 1, 1, base, size));          // just before
  EXPECT_FALSE(table.lookup(start - 1, 4, base, size));          // straddles the start
  EXPECT_FALSE(table.lookup(start, 101, base, size));            // longer than the allocation
  EXPECT_FALSE(table.lookup(start + 8, UINT64_MAX, base, size)); // end wraps around
  EXPECT_FALSE(table.lookup(UINT64_MAX - 3, 8, base, size));
  EXPECT_FALSE(table.lookup(0, 4, base, size));
}

TEST(AllocationTable, LookupPicksTheRightNeighbour) {
  AllocationTable table(1 << 20);
  std::vector<void *> blocks;
  for (int i = 0; i < 16; ++i)
    blocks.push_back(table.allocate(64 + 16 * i, QIAO_DRV_MEM_DEVICE, 0).value());
  for (int i = 0; i < 16; ++i) {
    uint64_t base = 0, size = 0;
    ASSERT_TRUE(table.lookup(address(blocks[i]) + 60, 4, base, size)) << i;
    EXPECT_EQ(base, address(blocks[i]));
    EXPECT_EQ(size, uint64_t(64 + 16 * i));
  }
}

TEST(AllocationTable, ReleasedMemoryIsNoLongerAddressable) {
  AllocationTable table(1 << 20);
  void *p = table.allocate(64, QIAO_DRV_MEM_DEVICE, 0).value();
  ASSERT_TRUE(table.release(p, QIAO_DRV_MEM_DEVICE));
  uint64_t base = 0, size = 0;
  EXPECT_FALSE(table.lookup(address(p), 1, base, size));
  EXPECT_EQ(table.budgetUsed(), 0u);
}

TEST(AllocationTable, ReleaseRejectsWhatItDidNotAllocate) {
  AllocationTable table(1 << 20);
  auto *p = static_cast<char *>(table.allocate(64, QIAO_DRV_MEM_DEVICE, 0).value());
  EXPECT_EQ(table.release(p + 8, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue);
  int local = 0;
  EXPECT_EQ(table.release(&local, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue);
  EXPECT_TRUE(table.release(nullptr, QIAO_DRV_MEM_DEVICE)); // like cudaFree(NULL)
  // Pinned host memory is freed with cudaFreeHost, device memory with cudaFree.
  EXPECT_EQ(table.release(p, QIAO_DRV_MEM_HOST).code(), qiaoErrorInvalidValue);
  void *pinned = table.allocate(64, QIAO_DRV_MEM_HOST, 0).value();
  EXPECT_EQ(table.release(pinned, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue);
  EXPECT_TRUE(table.release(pinned, QIAO_DRV_MEM_HOST));
  void *managed = table.allocate(64, QIAO_DRV_MEM_MANAGED, 0).value();
  EXPECT_TRUE(table.release(managed, QIAO_DRV_MEM_DEVICE));
  EXPECT_TRUE(table.release(p, QIAO_DRV_MEM_DEVICE));
  EXPECT_EQ(table.release(p, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue); // double free
}

TEST(AllocationTable, BudgetCapsDeviceAndManagedButNotPinned) {
  AllocationTable table(1024);
  void *a = table.allocate(512, QIAO_DRV_MEM_DEVICE, 0).value();
  EXPECT_EQ(table.allocate(513, QIAO_DRV_MEM_MANAGED, 0).error().code, qiaoErrorMemoryAllocation);
  void *b = table.allocate(512, QIAO_DRV_MEM_MANAGED, 0).value();
  EXPECT_EQ(table.budgetUsed(), 1024u);
  EXPECT_EQ(table.allocate(1, QIAO_DRV_MEM_DEVICE, 0).error().code, qiaoErrorMemoryAllocation);
  auto pinned = table.allocate(4096, QIAO_DRV_MEM_HOST, 0);
  ASSERT_TRUE(pinned);
  ASSERT_TRUE(table.release(a, QIAO_DRV_MEM_DEVICE));
  EXPECT_TRUE(table.allocate(1, QIAO_DRV_MEM_DEVICE, 0));
  EXPECT_TRUE(table.release(b, QIAO_DRV_MEM_DEVICE));
  EXPECT_EQ(table.allocate(UINT64_MAX, QIAO_DRV_MEM_DEVICE, 0).error().code,
            qiaoErrorMemoryAllocation);
  EXPECT_EQ(table.allocate(UINT64_MAX - 100, QIAO_DRV_MEM_HOST, 0).error().code,
            qiaoErrorMemoryAllocation);
}

TEST(AllocationTable, RegisteredKindCannotBeAllocated) {
  AllocationTable table(1024);
  EXPECT_EQ(table.allocate(16, QIAO_DRV_MEM_REGISTERED, 0).error().code, qiaoErrorInvalidValue);
}

TEST(AllocationTable, RegistrationRejectsOverlapsAndUnknownRanges) {
  AllocationTable table(1024);
  std::vector<char> host(4096);
  ASSERT_TRUE(table.registerHost(host.data() + 1024, 1024, 3));
  EXPECT_EQ(table.registerHost(host.data() + 1024, 1024, 0).code(),
            qiaoErrorHostMemoryAlreadyRegistered);
  EXPECT_EQ(table.registerHost(host.data(), 1025, 0).code(),
            qiaoErrorHostMemoryAlreadyRegistered); // tail overlaps
  EXPECT_EQ(table.registerHost(host.data() + 2047, 10, 0).code(),
            qiaoErrorHostMemoryAlreadyRegistered);              // head overlaps
  EXPECT_TRUE(table.registerHost(host.data(), 1024, 0));        // touching below is fine
  EXPECT_TRUE(table.registerHost(host.data() + 2048, 1024, 0)); // and above
  EXPECT_EQ(table.registerHost(nullptr, 16, 0).code(), qiaoErrorInvalidValue);
  EXPECT_EQ(table.registerHost(host.data() + 3072, 0, 0).code(), qiaoErrorInvalidValue);

  auto found = table.find(address(host.data() + 1500));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->base, address(host.data() + 1024));
  EXPECT_EQ(found->size, 1024u);
  EXPECT_EQ(found->kind, QIAO_DRV_MEM_REGISTERED);
  EXPECT_EQ(found->flags, 3u);
  EXPECT_EQ(table.budgetUsed(), 0u);

  EXPECT_EQ(table.unregisterHost(host.data() + 1500).code(), qiaoErrorHostMemoryNotRegistered);
  EXPECT_EQ(table.release(host.data() + 1024, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue);
  EXPECT_TRUE(table.unregisterHost(host.data() + 1024));
  EXPECT_EQ(table.unregisterHost(host.data() + 1024).code(), qiaoErrorHostMemoryNotRegistered);
  void *device = table.allocate(16, QIAO_DRV_MEM_DEVICE, 0).value();
  EXPECT_EQ(table.unregisterHost(device).code(), qiaoErrorHostMemoryNotRegistered);
}

TEST(AllocationTable, GlobalsAreZeroedAddressableAndNotUserFreeable) {
  AllocationTable table(1024);
  auto *global = static_cast<uint8_t *>(table.allocateGlobal(40));
  ASSERT_NE(global, nullptr);
  for (int i = 0; i < 40; ++i)
    EXPECT_EQ(global[i], 0) << i;
  uint64_t base = 0, size = 0;
  EXPECT_TRUE(table.lookup(address(global), 40, base, size));
  EXPECT_EQ(table.release(global, QIAO_DRV_MEM_DEVICE).code(), qiaoErrorInvalidValue);
  table.releaseGlobal(global);
  EXPECT_FALSE(table.lookup(address(global), 1, base, size));
  EXPECT_EQ(table.budgetUsed(), 0u);
  EXPECT_EQ(table.allocateGlobal(2048), nullptr); // over budget
}

TEST(AllocationTable, ReleaseAllForgetsEverything) {
  AllocationTable table(4096);
  std::vector<char> host(64);
  void *p = table.allocate(64, QIAO_DRV_MEM_DEVICE, 0).value();
  ASSERT_TRUE(table.registerHost(host.data(), host.size(), 0));
  table.releaseAll();
  EXPECT_EQ(table.count(), 0u);
  EXPECT_EQ(table.budgetUsed(), 0u);
  uint64_t base = 0, size = 0;
  EXPECT_FALSE(table.lookup(address(p), 1, base, size));
  host[0] = 1; // still the user's memory
}

} // namespace

namespace {

// One table for several devices: each has its own budget, a reset frees one device's memory only,
// and a device's view reaches another's device memory only as a peer.
TEST(AllocationTableDevices, EachDeviceHasItsOwnBudget) {
  AllocationTable table(1024, 2);
  void *on0 = table.allocate(0, 1024, QIAO_DRV_MEM_DEVICE, 0).value();
  EXPECT_EQ(table.allocate(0, 1, QIAO_DRV_MEM_DEVICE, 0).error().code, qiaoErrorMemoryAllocation);
  void *on1 = table.allocate(1, 1024, QIAO_DRV_MEM_DEVICE, 0).value();
  EXPECT_EQ(table.budgetUsed(0), 1024u);
  EXPECT_EQ(table.budgetUsed(1), 1024u);
  EXPECT_EQ(table.find(reinterpret_cast<uint64_t>(on1))->device, 1);
  EXPECT_EQ(table.allocate(2, 16, QIAO_DRV_MEM_DEVICE, 0).error().code, qiaoErrorInvalidDevice);
  EXPECT_TRUE(table.release(on1, QIAO_DRV_MEM_DEVICE)); // freed whichever device asks
  EXPECT_EQ(table.budgetUsed(1), 0u);
  EXPECT_EQ(table.budgetUsed(0), 1024u);
  EXPECT_TRUE(table.release(on0, QIAO_DRV_MEM_DEVICE));
}

TEST(AllocationTableDevices, ReleasingOneDeviceKeepsTheOthers) {
  AllocationTable table(1 << 20, 2);
  void *on0 = table.allocate(0, 256, QIAO_DRV_MEM_DEVICE, 0).value();
  void *on1 = table.allocate(1, 256, QIAO_DRV_MEM_DEVICE, 0).value();
  void *global1 = table.allocateGlobalOn(1, 64);
  ASSERT_NE(global1, nullptr);
  table.releaseDevice(1);
  EXPECT_TRUE(table.find(reinterpret_cast<uint64_t>(on0)));
  EXPECT_FALSE(table.find(reinterpret_cast<uint64_t>(on1)));
  EXPECT_FALSE(table.find(reinterpret_cast<uint64_t>(global1)));
  EXPECT_EQ(table.budgetUsed(1), 0u);
  EXPECT_EQ(table.budgetUsed(0), 256u);
}

TEST(AllocationTableDevices, AViewReachesPeerDeviceMemoryOnlyWhenEnabled) {
  AllocationTable table(1 << 20, 2);
  qiao::emu::DeviceMemoryView view1(table, 1);
  void *on0 = table.allocate(0, 256, QIAO_DRV_MEM_DEVICE, 0).value();
  void *managed0 = table.allocate(0, 256, QIAO_DRV_MEM_MANAGED, 0).value();
  void *pinned = table.allocate(0, 256, QIAO_DRV_MEM_HOST, 0).value();
  void *on1 = table.allocate(1, 256, QIAO_DRV_MEM_DEVICE, 0).value();
  uint64_t base = 0, size = 0;
  auto reaches = [&](void *p) {
    return view1.lookup(reinterpret_cast<uint64_t>(p), 4, base, size);
  };
  EXPECT_TRUE(reaches(on1));
  EXPECT_FALSE(reaches(on0));
  EXPECT_TRUE(reaches(managed0));
  EXPECT_TRUE(reaches(pinned));
  EXPECT_TRUE(view1.setPeer(0, true));
  EXPECT_FALSE(view1.setPeer(0, true)); // already enabled
  EXPECT_TRUE(reaches(on0));
  EXPECT_TRUE(view1.setPeer(0, false));
  EXPECT_FALSE(reaches(on0));
  EXPECT_NE(view1.allocateGlobal(16), nullptr);
  EXPECT_EQ(table.budgetUsed(1), 512u); // the view's globals are device 1's
}

} // namespace
