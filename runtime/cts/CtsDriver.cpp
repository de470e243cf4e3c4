#include "CtsDriver.h"

#include <cstring>
#include <thread>

namespace qiao::cts {

const char kStorePtx[] = R"(.version 9.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 counter = 42;
.visible .entry store(.param .u64 out, .param .u32 value)
{
  .reg .b64 %rd<5>;
  .reg .b32 %r<6>;
  ld.param.u64 %rd1, [out];
  ld.param.u32 %r1, [value];
  cvta.to.global.u64 %rd2, %rd1;
  mov.u32 %r2, %tid.x;
  mov.u32 %r3, %ctaid.x;
  mov.u32 %r4, %ntid.x;
  mad.lo.s32 %r5, %r3, %r4, %r2;
  mul.wide.u32 %rd3, %r5, 4;
  add.s64 %rd4, %rd2, %rd3;
  st.global.u32 [%rd4], %r1;
  ret;
}
.visible .entry fault()
{
  .reg .b64 %rd<2>;
  .reg .b32 %r<2>;
  mov.u64 %rd1, 0;
  mov.u32 %r1, 7;
  st.global.u32 [%rd1], %r1;
  ret;
}
)";

Queue::Queue(int32_t device, uint32_t flags) {
  EXPECT_EQ(driver().queueCreate(device, flags, 0, &handle), qiaoDrvSuccess);
}
Queue::~Queue() {
  if (handle) {
    EXPECT_EQ(driver().queueDestroy(handle), qiaoDrvSuccess);
  }
}

Memory::Memory(uint64_t bytes, qiaoDrvMemKind kind_, int32_t device) : kind(kind_) {
  EXPECT_EQ(driver().memAlloc(device, bytes, kind, 0, &ptr), qiaoDrvSuccess);
}
Memory::~Memory() {
  if (ptr) {
    EXPECT_EQ(driver().memFree(ptr, kind), qiaoDrvSuccess);
  }
}

Event::Event(uint32_t flags) { EXPECT_EQ(driver().eventCreate(flags, &handle), qiaoDrvSuccess); }
Event::~Event() {
  if (handle) {
    EXPECT_EQ(driver().eventDestroy(handle), qiaoDrvSuccess);
  }
}

Module::Module(const char *ptx, int32_t device) {
  qiaoDrvModuleImage image = ptxImage(ptx);
  char log[512] = "";
  EXPECT_EQ(driver().moduleLoad(device, &image, &handle, log, sizeof log), qiaoDrvSuccess) << log;
}
Module::~Module() {
  if (handle) {
    EXPECT_EQ(driver().moduleUnload(handle), qiaoDrvSuccess);
  }
}

qiaoDrvModuleImage ptxImage(const char *text, const char *name) {
  qiaoDrvModuleImage image{};
  image.structSize = QIAO_DRV_SIZE_V2_MODULE_IMAGE;
  image.format = QIAO_DRV_FORMAT_PTX;
  image.data = text;
  image.bytes = std::strlen(text) + 1;
  image.name = name;
  return image;
}

qiaoDrvLaunch launchOf(uint32_t grid, uint32_t block, const void *params, size_t paramBytes) {
  qiaoDrvLaunch launch{};
  launch.structSize = QIAO_DRV_SIZE_V2_LAUNCH;
  launch.grid[0] = grid;
  launch.grid[1] = launch.grid[2] = 1;
  launch.block[0] = block;
  launch.block[1] = launch.block[2] = 1;
  launch.params = params;
  launch.paramBytes = paramBytes;
  return launch;
}

bool eventually(const std::function<bool()> &done, std::chrono::milliseconds limit) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

} // namespace qiao::cts
