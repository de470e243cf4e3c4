// What every conformance test uses: the driver under test (opened through the runtime's loader
// and initialised once), what the command line said the driver does not do, and small owners for
// the handles a test makes, so that each test leaves the driver as it found it.
#pragma once

#include <qiao/driver.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace qiao::cts {

// The table under test. Valid in every test: main() fails the run before any test otherwise.
const qiaoDriverTable &driver();
// The QIAO_DRIVER chain named by --driver.
const std::string &driverName();
// What init returned (the init suite checks it).
qiaoDrvStatus initStatus();

// False when the command line declared the driver without it (--without NAME):
//   kernels     : the driver finds no kernels or globals in PTX (nor rejects bad PTX);
//   kernel-runs : it finds kernels but does not run them (kernels implies kernel-runs).
bool has(const std::string &capability);

#define QIAO_CTS_REQUIRE(capability)                                                               \
  do {                                                                                             \
    if (!::qiao::cts::has(capability))                                                             \
      GTEST_SKIP() << "the driver was declared --without " capability;                             \
  } while (0)

#define QIAO_CTS_REQUIRE_SLOT(slot)                                                                \
  do {                                                                                             \
    if (!QIAO_DRIVER_HAS_SLOT(&::qiao::cts::driver(), slot))                                       \
      GTEST_SKIP() << "optional slot " #slot " is absent";                                         \
  } while (0)

// Owners: created in the constructor (a failure is a test failure), destroyed at scope end.
struct Queue {
  explicit Queue(int32_t device = 0, uint32_t flags = 0);
  ~Queue();
  Queue(const Queue &) = delete;
  Queue &operator=(const Queue &) = delete;
  qiaoDrvQueue handle = nullptr;
};

struct Memory {
  explicit Memory(uint64_t bytes, qiaoDrvMemKind kind = QIAO_DRV_MEM_DEVICE, int32_t device = 0);
  ~Memory();
  Memory(const Memory &) = delete;
  Memory &operator=(const Memory &) = delete;
  template <class T = char> T *as() const { return static_cast<T *>(ptr); }
  void *ptr = nullptr;
  qiaoDrvMemKind kind;
};

struct Event {
  explicit Event(uint32_t flags = 0);
  ~Event();
  Event(const Event &) = delete;
  Event &operator=(const Event &) = delete;
  qiaoDrvEvent handle = nullptr;
};

struct Module {
  explicit Module(const char *ptx, int32_t device = 0);
  ~Module();
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;
  qiaoDrvModule handle = nullptr;
};

// A PTX text as a module image (bytes include the NUL).
qiaoDrvModuleImage ptxImage(const char *text, const char *name = "cts");

// A launch description of grid x block threads (1-D) over a packed parameter buffer.
qiaoDrvLaunch launchOf(uint32_t grid, uint32_t block, const void *params, size_t paramBytes);

// store(u64 out, u32 value): out[global thread index] = value.
// fault(): stores to address 0, which no device maps.
// counter: a .global .u32 initialised to 42.
extern const char kStorePtx[];

// Polls `done` until it holds or `limit` passes.
bool eventually(const std::function<bool()> &done,
                std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

} // namespace qiao::cts
