// Allocation calls, pointer attributes, host registration, memset patterns.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace {

TEST(Memory, MallocFreeAndZeroSize) {
  void *p = nullptr;
  ASSERT_EQ(qiaoMalloc(&p, 1000), qiaoSuccess);
  ASSERT_NE(p, nullptr);
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, p), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(a.device, 0);
  EXPECT_EQ(a.devicePointer, p);
  EXPECT_EQ(a.hostPointer, nullptr);
  // Interior pointers are described by their allocation; freeing one is an error.
  ASSERT_EQ(qiaoPointerGetAttributes(&a, static_cast<char *>(p) + 10), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(qiaoFree(static_cast<char *>(p) + 10), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFree(p), qiaoSuccess);
  void *zero = &a;
  EXPECT_EQ(qiaoMalloc(&zero, 0), qiaoSuccess);
  EXPECT_EQ(zero, nullptr);
  EXPECT_EQ(qiaoFree(nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoMalloc(nullptr, 8), qiaoErrorInvalidValue);
  int local = 0;
  EXPECT_EQ(qiaoFree(&local), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memory, UnknownPointerIsUnregistered) {
  int local = 0;
  qiaoPointerAttributes a{};
  a.device = 77;
  ASSERT_EQ(qiaoPointerGetAttributes(&a, &local), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeUnregistered);
  EXPECT_EQ(a.devicePointer, nullptr);
  EXPECT_EQ(a.hostPointer, nullptr);
  EXPECT_EQ(qiaoPointerGetAttributes(nullptr, &local), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoPointerGetAttributes(&a, nullptr), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memory, HostAllocFlagsAndDevicePointer) {
  void *h = nullptr;
  ASSERT_EQ(qiaoHostAlloc(&h, 256, qiaoHostAllocMapped | qiaoHostAllocPortable), qiaoSuccess);
  unsigned flags = 0;
  ASSERT_EQ(qiaoHostGetFlags(&flags, h), qiaoSuccess);
  EXPECT_EQ(flags, unsigned(qiaoHostAllocMapped | qiaoHostAllocPortable));
  void *d = nullptr;
  ASSERT_EQ(qiaoHostGetDevicePointer(&d, h, 0), qiaoSuccess);
  EXPECT_EQ(d, h);
  EXPECT_EQ(qiaoHostGetDevicePointer(&d, h, 1), qiaoErrorInvalidValue);
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, h), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeHost);
  EXPECT_EQ(a.hostPointer, h);
  EXPECT_EQ(qiaoFree(h), qiaoErrorInvalidValue); // pinned memory goes back with FreeHost
  EXPECT_EQ(qiaoFreeHost(h), qiaoSuccess);
  EXPECT_EQ(qiaoHostAlloc(&h, 16, 0x40), qiaoErrorInvalidValue);
  void *m = nullptr;
  ASSERT_EQ(qiaoMallocHost(&m, 64), qiaoSuccess);
  ASSERT_EQ(qiaoHostGetFlags(&flags, m), qiaoSuccess);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(qiaoFreeHost(m), qiaoSuccess);
  int local = 0;
  EXPECT_EQ(qiaoHostGetFlags(&flags, &local), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostGetDevicePointer(&d, &local, 0), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memory, HostRegister) {
  std::vector<char> buffer(4096);
  ASSERT_EQ(qiaoHostRegister(buffer.data(), buffer.size(), qiaoHostRegisterMapped), qiaoSuccess);
  EXPECT_EQ(qiaoHostRegister(buffer.data(), buffer.size(), 0),
            qiaoErrorHostMemoryAlreadyRegistered);
  void *d = nullptr;
  ASSERT_EQ(qiaoHostGetDevicePointer(&d, buffer.data(), 0), qiaoSuccess);
  EXPECT_EQ(d, buffer.data());
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, buffer.data() + 100), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeHost);
  EXPECT_EQ(qiaoHostUnregister(buffer.data()), qiaoSuccess);
  EXPECT_EQ(qiaoHostUnregister(buffer.data()), qiaoErrorHostMemoryNotRegistered);
  EXPECT_EQ(qiaoHostRegister(nullptr, 16, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostRegister(buffer.data(), 0, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoHostRegister(buffer.data(), 16, 0x100), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memory, ManagedPrefetchAdvise) {
  int *m = nullptr;
  ASSERT_EQ(qiaoMallocManaged(reinterpret_cast<void **>(&m), 64 * sizeof(int), qiaoMemAttachGlobal),
            qiaoSuccess);
  for (int i = 0; i < 64; ++i)
    m[i] = i; // one pointer valid on the host
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, m), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeManaged);
  EXPECT_EQ(a.hostPointer, m);
  EXPECT_EQ(a.devicePointer, m);
  qiaoMemLocation device0{qiaoMemLocationTypeDevice, 0};
  qiaoMemLocation bad{qiaoMemLocationTypeDevice, 999};
  EXPECT_EQ(qiaoMemPrefetchAsync(m, 256, device0, 0, nullptr), qiaoSuccess);
  EXPECT_EQ(qiaoMemPrefetchAsync(m, 256, bad, 0, nullptr), qiaoErrorInvalidDevice);
  EXPECT_EQ(qiaoMemPrefetchAsync(m, 257, device0, 0, nullptr), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMemAdvise(m, 256, qiaoMemAdviseSetPreferredLocation, device0), qiaoSuccess);
  EXPECT_EQ(qiaoMemAdvise(m, 256, static_cast<qiaoMemoryAdvise>(9), device0),
            qiaoErrorInvalidValue);
  void *plain = nullptr;
  ASSERT_EQ(qiaoMalloc(&plain, 256), qiaoSuccess);
  EXPECT_EQ(qiaoMemAdvise(plain, 256, qiaoMemAdviseSetReadMostly, device0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMallocManaged(&plain, 0, qiaoMemAttachGlobal), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMallocManaged(&plain, 16, qiaoMemAttachSingle), qiaoErrorInvalidValue);
  EXPECT_EQ(m[63], 63);
  EXPECT_EQ(qiaoFree(m), qiaoSuccess);
  EXPECT_EQ(qiaoFree(plain), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Memory, PitchAnd3DAllocations) {
  void *p = nullptr;
  size_t pitch = 0;
  ASSERT_EQ(qiaoMallocPitch(&p, &pitch, 100, 7), qiaoSuccess);
  EXPECT_EQ(pitch, 512u);
  qiaoPointerAttributes a{};
  ASSERT_EQ(qiaoPointerGetAttributes(&a, static_cast<char *>(p) + 512 * 6 + 99), qiaoSuccess);
  EXPECT_EQ(a.type, qiaoMemoryTypeDevice);
  EXPECT_EQ(qiaoFree(p), qiaoSuccess);
  qiaoPitchedPtr pp{};
  ASSERT_EQ(qiaoMalloc3D(&pp, qiaoExtent{600, 3, 2}), qiaoSuccess);
  EXPECT_EQ(pp.pitch, 1024u);
  EXPECT_EQ(pp.xsize, 600u);
  EXPECT_EQ(pp.ysize, 3u);
  EXPECT_EQ(qiaoFree(pp.ptr), qiaoSuccess);
  EXPECT_EQ(qiaoMallocPitch(&p, nullptr, 10, 10), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memory, MemGetInfoSeesAllocations) {
  size_t free0 = 0, total = 0;
  ASSERT_EQ(qiaoMemGetInfo(&free0, &total), qiaoSuccess);
  EXPECT_GT(total, 0u);
  EXPECT_LE(free0, total);
  EXPECT_EQ(qiaoMemGetInfo(nullptr, &total), qiaoErrorInvalidValue);
  qiaoGetLastError();
}

TEST(Memset, BytePatterns) {
  unsigned char *d = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&d), 64), qiaoSuccess);
  ASSERT_EQ(qiaoMemset(d, 0x1ab, 64), qiaoSuccess); // low byte only
  ASSERT_EQ(qiaoMemset(d + 8, 0x00, 8), qiaoSuccess);
  unsigned char h[64];
  ASSERT_EQ(qiaoMemcpy(h, d, 64, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (int i = 0; i < 64; ++i)
    EXPECT_EQ(h[i], (i >= 8 && i < 16) ? 0x00 : 0xab) << i;
  ASSERT_EQ(qiaoMemsetAsync(d, 0x5a, 4, nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoStreamSynchronize(nullptr), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(h, d, 4, qiaoMemcpyDeviceToHost), qiaoSuccess);
  EXPECT_EQ(h[3], 0x5a);
  EXPECT_EQ(qiaoMemset(d, 0, 65), qiaoErrorInvalidValue); // past the allocation
  unsigned char local[4];
  EXPECT_EQ(qiaoMemset(local, 0, 4), qiaoErrorInvalidValue); // not device memory
  EXPECT_EQ(qiaoMemset(d, 0, 0), qiaoSuccess);
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  qiaoGetLastError();
}

TEST(Memset, TwoAndThreeDimensionsTouchOnlyTheirRows) {
  const size_t pitch = 16, width = 5, height = 3;
  unsigned char *d = nullptr;
  ASSERT_EQ(qiaoMalloc(reinterpret_cast<void **>(&d), pitch * 8), qiaoSuccess);
  ASSERT_EQ(qiaoMemset(d, 0, pitch * 8), qiaoSuccess);
  ASSERT_EQ(qiaoMemset2D(d, pitch, 0x11, width, height), qiaoSuccess);
  unsigned char h[pitch * 8];
  ASSERT_EQ(qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (size_t i = 0; i < sizeof h; ++i) {
    bool inside = i / pitch < height && i % pitch < width;
    EXPECT_EQ(h[i], inside ? 0x11 : 0) << i;
  }
  EXPECT_EQ(qiaoMemset2D(d, 4, 1, 5, 2), qiaoErrorInvalidValue); // width over pitch
  // 3D: 2 slices of ysize 4 rows; fill 2 rows x 3 bytes in each slice.
  ASSERT_EQ(qiaoMemset(d, 0, pitch * 8), qiaoSuccess);
  ASSERT_EQ(qiaoMemset3D(qiaoPitchedPtr{d, pitch, 3, 4}, 0x22, qiaoExtent{3, 2, 2}), qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost), qiaoSuccess);
  for (size_t i = 0; i < sizeof h; ++i) {
    size_t row = i / pitch, column = i % pitch;
    bool inside = (row % 4) < 2 && column < 3;
    EXPECT_EQ(h[i], inside ? 0x22 : 0) << i;
  }
  EXPECT_EQ(qiaoFree(d), qiaoSuccess);
  qiaoGetLastError();
}

} // namespace
