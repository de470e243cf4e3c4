// Looking tables up: known UUIDs give tables whose slot 0 is their size; unknown ones give null
// and one message; an unimplemented slot reports itself once and returns 801.
#include "FakeDriver.h"

#include <gtest/gtest.h>

#include <cstdarg>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace qiao::dark;
using namespace qiao::dark::test;

namespace {

std::uintptr_t sizeSlot(const Uuid &uuid) {
  return reinterpret_cast<std::uintptr_t>(slotsOf(uuid)[0]);
}

TEST(DarkTable, KnownTablesCarryTheirSizeInSlotZero) {
  EXPECT_EQ(sizeSlot(kCudart), 13 * sizeof(void *));
  EXPECT_EQ(sizeSlot(kToolsHooks), 7 * sizeof(void *));
  EXPECT_EQ(sizeSlot(kToolsTls), 4 * sizeof(void *));
  EXPECT_EQ(sizeSlot(kContextChecks), 4 * sizeof(void *));
  EXPECT_EQ(sizeSlot(kIntegrity), 3 * sizeof(void *));
  EXPECT_EQ(sizeSlot(kErrorLog), 11 * sizeof(void *));
}

TEST(DarkTable, ContextStorageStartsWithAFunction) {
  // This table has no size slot: its slot 0 is put().
  const void *const *slots = slotsOf(kContextStorage);
  ASSERT_NE(slots, nullptr);
  EXPECT_GT(reinterpret_cast<std::uintptr_t>(slots[0]), 4096u);
}

TEST(DarkTable, TheSameTableEveryTime) { EXPECT_EQ(slotsOf(kCudart), slotsOf(kCudart)); }

TEST(DarkTable, UnknownUuidIsNullAndReportedOnce) {
  Uuid unknown = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
  testing::internal::CaptureStderr();
  EXPECT_EQ(qiaoDarkExportTable(unknown.data()), nullptr);
  EXPECT_EQ(qiaoDarkExportTable(unknown.data()), nullptr);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "qiao: export table 01020304-0506-0708-090a-0b0c0d0e0f10 is not implemented\n");
}

TEST(DarkTable, NullUuidIsNull) { EXPECT_EQ(qiaoDarkExportTable(nullptr), nullptr); }

TEST(DarkTable, UnimplementedSlotReportsOnceAndFails) {
  auto slot = slotAs<int (*)(void *, void *)>(kErrorLog, 3);
  testing::internal::CaptureStderr();
  EXPECT_EQ(slot(nullptr, nullptr), 801);
  EXPECT_EQ(slot(nullptr, nullptr), 801);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "qiao: export table f8cff951-2146-8b4e-b9e2-fb469e7c0dd9 slot 3 is not "
                 "implemented\n");
}

TEST(DarkTable, EachSlotHasItsOwnReporter) {
  auto a = slotAs<int (*)()>(kToolsTls, 1);
  auto b = slotAs<int (*)()>(kToolsTls, 2);
  EXPECT_NE(reinterpret_cast<void *>(a), reinterpret_cast<void *>(b));
  testing::internal::CaptureStderr();
  EXPECT_EQ(b(), 801);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("42d85a81-23f6-cb47-8298-f6e78a3aecdc slot 2"), std::string::npos);
}

TEST(DarkTable, CudartSlot2RetainsThePrimaryContext) {
  auto retain = slotAs<int (*)(CUcontext *, int)>(kCudart, 2);
  CUcontext context = nullptr;
  int before = gRetainCalls;
  EXPECT_EQ(retain(&context, 0), 0);
  EXPECT_EQ(context, fakeContext());
  EXPECT_EQ(gRetainCalls, before + 1);
  EXPECT_EQ(retain(&context, 7), 101);
}

TEST(DarkTable, ToolsHooksHandOutBuffers) {
  auto hooks = slotAs<void (*)(void **, std::size_t *)>(kToolsHooks, 2);
  void *buffer = nullptr;
  std::size_t bytes = 0;
  hooks(&buffer, &bytes);
  EXPECT_NE(buffer, nullptr);
  EXPECT_GT(bytes, 0u);
  hooks(nullptr, nullptr); // no crash
}

TEST(DarkTable, ToolsHooksReadAsDisabledForEveryCallbackId) {
  // The runtime indexes both buffers as 32-bit "enabled" flags by callback id, past the size it
  // is told (cudaEventElapsedTime reads id 486); all must read 0 so that no tool path is taken.
  for (int slot : {2, 6}) {
    auto hooks = slotAs<void (*)(void **, std::size_t *)>(kToolsHooks, slot);
    void *buffer = nullptr;
    std::size_t bytes = 0;
    hooks(&buffer, &bytes);
    ASSERT_NE(buffer, nullptr);
    const auto *flags = static_cast<const std::uint32_t *>(buffer);
    for (int id = 0; id < 4096; ++id)
      ASSERT_EQ(flags[id], 0u) << "slot " << slot << " id " << id;
  }
}

using LogSlot = int (*)(const char *, int, const char *, std::va_list);

// Calls the slot as the runtime does: the arguments of the format travel as a va_list.
int logThrough(LogSlot log, const char *format, ...) {
  std::va_list args;
  va_start(args, format);
  int result = log("CUDA", 0, format, args);
  va_end(args);
  return result;
}

// The runtime's error messages go to CUDA_LOG_FILE only (unset in tests): nothing is printed.
TEST(DarkTable, ErrorLogIsQuietWithoutCudaLogFile) {
  ASSERT_EQ(std::getenv("CUDA_LOG_FILE"), nullptr);
  auto log = slotAs<LogSlot>(kErrorLog, 1);
  testing::internal::CaptureStderr();
  testing::internal::CaptureStdout();
  EXPECT_EQ(logThrough(log, "Invalid device number %d provided", 7), 0);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(DarkTable, DeclinedTablesAreRefusedQuietly) {
  Uuid nvrtcAsks = {0xda, 0x91, 0x51, 0xd3, 0x3a, 0xe6, 0xcc, 0x41,
                    0xa5, 0xc0, 0x4f, 0x26, 0xd5, 0x33, 0xe3, 0x28};
  testing::internal::CaptureStderr();
  EXPECT_EQ(qiaoDarkExportTable(nvrtcAsks.data()), nullptr);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(DarkTable, HandingOutTheCudartInterfaceMeansTheRuntimeIsAttached) {
  ASSERT_NE(slotsOf(kCudart), nullptr);
  EXPECT_EQ(qiaoDarkRuntimeAttached(), 1);
}

TEST(DarkTable, ContextChecksAnswerZero) {
  auto flags = slotAs<int (*)(CUcontext, std::uint32_t *, const void **)>(kContextChecks, 2);
  std::uint32_t value = 7;
  EXPECT_EQ(flags(fakeContext(), &value, nullptr), 0);
  EXPECT_EQ(value, 0u);
  auto startup = slotAs<int (*)(std::uint64_t, std::uint64_t, void *)>(kContextChecks, 3);
  EXPECT_EQ(startup(0x13, 0, nullptr), 0);
}

} // namespace
