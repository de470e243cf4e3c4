// Stream-ordered memory pools as CUDA documents them: each device's default pool is its current
// one until qiaoDeviceSetMemPool; a pool keeps freed memory reserved up to its release threshold
// and gives the rest back; the reserved and used counters and their high watermarks (which can
// only be reset); qiaoMemPoolTrimTo; pools the program creates and destroys.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>

namespace {

uint64_t attribute(qiaoMemPool_t pool, qiaoMemPoolAttr attr) {
  uint64_t value = ~uint64_t{0};
  EXPECT_EQ(qiaoMemPoolGetAttribute(pool, attr, &value), qiaoSuccess);
  return value;
}

qiaoMemPoolProps deviceProps() {
  qiaoMemPoolProps props{};
  props.allocType = qiaoMemAllocationTypePinned;
  props.location = {qiaoMemLocationTypeDevice, 0};
  return props;
}

// A pool of its own, destroyed at the end of the test.
struct Pool {
  qiaoMemPool_t pool = nullptr;
  Pool() {
    qiaoMemPoolProps props = deviceProps();
    EXPECT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoSuccess);
  }
  ~Pool() { EXPECT_EQ(qiaoMemPoolDestroy(pool), qiaoSuccess); }
};

TEST(MemPools, DefaultPoolIsTheCurrentOneUntilAnotherIsSet) {
  qiaoMemPool_t byDefault = nullptr, current = nullptr;
  ASSERT_EQ(qiaoDeviceGetDefaultMemPool(&byDefault, 0), qiaoSuccess);
  ASSERT_NE(byDefault, nullptr);
  ASSERT_EQ(qiaoDeviceGetMemPool(&current, 0), qiaoSuccess);
  EXPECT_EQ(current, byDefault);
  {
    Pool own;
    ASSERT_EQ(qiaoDeviceSetMemPool(0, own.pool), qiaoSuccess);
    ASSERT_EQ(qiaoDeviceGetMemPool(&current, 0), qiaoSuccess);
    EXPECT_EQ(current, own.pool);
    // qiaoMallocAsync allocates from the current pool.
    void *p = nullptr;
    ASSERT_EQ(qiaoMallocAsync(&p, 1000, nullptr), qiaoSuccess);
    EXPECT_GE(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), 1000u);
    ASSERT_EQ(qiaoFreeAsync(p, nullptr), qiaoSuccess);
    ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
    EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), 0u);
  }
  // Destroying the current pool makes the default pool current again.
  ASSERT_EQ(qiaoDeviceGetMemPool(&current, 0), qiaoSuccess);
  EXPECT_EQ(current, byDefault);
  EXPECT_EQ(qiaoDeviceGetDefaultMemPool(&current, 99), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoDeviceGetDefaultMemPool(nullptr, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoDeviceSetMemPool(0, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemPoolDestroy(byDefault), qiaoErrorInvalidValue);
}

TEST(MemPools, ReleaseThresholdDecidesWhatFreedMemoryStaysReserved) {
  Pool own;
  qiaoStream_t stream = nullptr;
  ASSERT_EQ(qiaoStreamCreateWithFlags(&stream, qiaoStreamNonBlocking), qiaoSuccess);
  // Threshold 0 (the default): freed memory goes back once the free is reached.
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrReleaseThreshold), 0u);
  void *p = nullptr;
  ASSERT_EQ(qiaoMallocFromPoolAsync(&p, 1 << 20, own.pool, stream), qiaoSuccess);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(qiaoMemsetAsync(p, 0x5a, 1 << 20, stream), qiaoSuccess);
  EXPECT_GE(attribute(own.pool, qiaoMemPoolAttrReservedMemCurrent), uint64_t{1} << 20);
  EXPECT_GE(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), uint64_t{1} << 20);
  ASSERT_EQ(qiaoFreeAsync(p, stream), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), 0u);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrReservedMemCurrent), 0u);
  EXPECT_GE(attribute(own.pool, qiaoMemPoolAttrReservedMemHigh), uint64_t{1} << 20);
  EXPECT_GE(attribute(own.pool, qiaoMemPoolAttrUsedMemHigh), uint64_t{1} << 20);

  // Threshold above the allocation: the memory stays reserved and serves the next allocation.
  uint64_t keep = 64 << 20;
  ASSERT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolAttrReleaseThreshold, &keep), qiaoSuccess);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrReleaseThreshold), keep);
  ASSERT_EQ(qiaoMallocFromPoolAsync(&p, 1 << 20, own.pool, stream), qiaoSuccess);
  ASSERT_EQ(qiaoFreeAsync(p, stream), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(stream), qiaoSuccess);
  const uint64_t reserved = attribute(own.pool, qiaoMemPoolAttrReservedMemCurrent);
  EXPECT_GE(reserved, uint64_t{1} << 20);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), 0u);
  void *again = nullptr;
  ASSERT_EQ(qiaoMallocFromPoolAsync(&again, 1 << 20, own.pool, stream), qiaoSuccess);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrReservedMemCurrent), reserved); // reused
  // A synchronous free of stream-ordered memory gives it back too.
  ASSERT_EQ(qiaoFree(again), qiaoSuccess);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrUsedMemCurrent), 0u);
  EXPECT_EQ(qiaoFree(again), qiaoErrorInvalidValue); // freed already

  // Trimming gives back what no allocation uses, down to the bytes asked to keep.
  ASSERT_EQ(qiaoMemPoolTrimTo(own.pool, 0), qiaoSuccess);
  EXPECT_EQ(attribute(own.pool, qiaoMemPoolAttrReservedMemCurrent), 0u);
  ASSERT_EQ(qiaoStreamDestroy(stream), qiaoSuccess);
}

TEST(MemPools, AttributesCheckTheirValues) {
  Pool own;
  int reuse = 0;
  ASSERT_EQ(qiaoMemPoolGetAttribute(own.pool, qiaoMemPoolReuseAllowOpportunistic, &reuse),
            qiaoSuccess);
  EXPECT_EQ(reuse, 1); // CUDA's default
  reuse = 0;
  ASSERT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolReuseAllowOpportunistic, &reuse),
            qiaoSuccess);
  reuse = 7;
  ASSERT_EQ(qiaoMemPoolGetAttribute(own.pool, qiaoMemPoolReuseAllowOpportunistic, &reuse),
            qiaoSuccess);
  EXPECT_EQ(reuse, 0);
  // The high watermarks can only be reset to zero; the current counters are read only.
  uint64_t value = 5;
  EXPECT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolAttrUsedMemHigh, &value),
            qiaoErrorInvalidValue);
  value = 0;
  EXPECT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolAttrUsedMemHigh, &value), qiaoSuccess);
  EXPECT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolAttrReservedMemHigh, &value), qiaoSuccess);
  EXPECT_EQ(qiaoMemPoolSetAttribute(own.pool, qiaoMemPoolAttrUsedMemCurrent, &value),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemPoolSetAttribute(own.pool, static_cast<qiaoMemPoolAttr>(99), &value),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemPoolGetAttribute(own.pool, qiaoMemPoolAttrUsedMemHigh, nullptr),
            qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemPoolGetAttribute(nullptr, qiaoMemPoolAttrUsedMemHigh, &value),
            qiaoErrorInvalidValue);
  // Access: the pool's device reads and writes it; that cannot be taken away.
  qiaoMemAccessFlags flags = qiaoMemAccessFlagsProtNone;
  qiaoMemLocation location{qiaoMemLocationTypeDevice, 0};
  ASSERT_EQ(qiaoMemPoolGetAccess(&flags, own.pool, &location), qiaoSuccess);
  EXPECT_EQ(flags, qiaoMemAccessFlagsProtReadWrite);
  qiaoMemAccessDesc readOnly{location, qiaoMemAccessFlagsProtRead};
  EXPECT_EQ(qiaoMemPoolSetAccess(own.pool, &readOnly, 1), qiaoErrorInvalidValue);
}

TEST(MemPools, CreateChecksPropertiesAndDestroyWaitsForAllocations) {
  qiaoMemPool_t pool = nullptr;
  qiaoMemPoolProps props = deviceProps();
  props.allocType = qiaoMemAllocationTypeInvalid;
  EXPECT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoErrorInvalidValue);
  props = deviceProps();
  props.location.id = 99;
  EXPECT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoErrorInvalidDevice);
  props = deviceProps();
  props.handleTypes = qiaoMemHandleTypePosixFileDescriptor;
  EXPECT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoErrorNotSupported);
  props = deviceProps();
  props.reserved[3] = 1;
  EXPECT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemPoolCreate(&pool, nullptr), qiaoErrorInvalidValue);

  // A pool with a size limit refuses to grow past it.
  props = deviceProps();
  props.maxSize = 1 << 20;
  ASSERT_EQ(qiaoMemPoolCreate(&pool, &props), qiaoSuccess);
  void *p = nullptr, *q = nullptr;
  ASSERT_EQ(qiaoMallocFromPoolAsync(&p, 768 << 10, pool, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoMallocFromPoolAsync(&q, 512 << 10, pool, nullptr), qiaoErrorMemoryAllocation);
  qiaoGetLastError();
  // Destroyed with an allocation out: the handle is gone at once, the memory stays usable until
  // it is freed.
  ASSERT_EQ(qiaoMemPoolDestroy(pool), qiaoSuccess);
  EXPECT_EQ(qiaoMemPoolTrimTo(pool, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemsetAsync(p, 1, 768 << 10, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoFreeAsync(p, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoMallocFromPoolAsync(&q, 16, pool, nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

} // namespace
