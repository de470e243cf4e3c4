// Test harness for the PTX engine: a device memory of plain host allocations, and a one-call way
// to load PTX text and run one of its kernels with typed arguments.
#pragma once

#include "ptx/Engine.h"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace qiao::ptx::test {

// Each allocation sits in a mapped region of its own with kSlack bytes on either side, as
// hardware surrounds allocations with mapped slack (the device's DeviceHeap lays them out as a
// GPU driver does; the engine's tests need only the rule).
class HostDeviceMemory : public DeviceMemory {
public:
  static constexpr uint64_t kSlack = 256;

  ~HostDeviceMemory() override {
    for (auto &[addr, block] : blocks_)
      std::free(reinterpret_cast<void *>(addr - kSlack));
  }
  void *allocateGlobal(uint64_t bytes) override { return allocate(bytes); }
  void releaseGlobal(void *ptr) override { release(ptr); }
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    std::lock_guard lock(mutex_);
    auto it = blocks_.upper_bound(addr);
    if (it == blocks_.begin())
      return false;
    --it;
    if (addr + bytes > it->first + it->second || addr + bytes < addr)
      return false;
    base = it->first;
    size = it->second;
    return true;
  }

  bool mapped(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    std::lock_guard lock(mutex_);
    auto it = blocks_.upper_bound(addr + kSlack);
    if (it == blocks_.begin())
      return false;
    --it;
    const uint64_t start = it->first - kSlack, length = regionBytes(it->second);
    if (addr < start || bytes > length || addr - start > length - bytes)
      return false;
    base = start;
    size = length;
    return true;
  }

  bool nearestAllocation(uint64_t addr, uint64_t &base, uint64_t &size) const override {
    std::lock_guard lock(mutex_);
    uint64_t best = UINT64_MAX;
    for (const auto &[start, bytes] : blocks_) {
      uint64_t distance = addr < start ? start - addr : addr - std::min(addr, start + bytes);
      if (distance < best)
        best = distance, base = start, size = bytes;
    }
    return best != UINT64_MAX;
  }

  std::vector<MemoryRange> writableRanges() const override {
    std::lock_guard lock(mutex_);
    std::vector<MemoryRange> ranges;
    for (const auto &[addr, bytes] : blocks_)
      ranges.push_back({addr, bytes});
    return ranges;
  }

  // A zeroed allocation kernels may access, 256-byte aligned as cudaMalloc's, in zeroed slack.
  void *allocate(uint64_t bytes) {
    auto *region = static_cast<uint8_t *>(std::aligned_alloc(256, regionBytes(bytes)));
    std::memset(region, 0, regionBytes(bytes));
    void *p = region + kSlack;
    std::lock_guard lock(mutex_);
    blocks_[reinterpret_cast<uint64_t>(p)] = bytes;
    return p;
  }
  template <class T> T *array(size_t count) {
    return static_cast<T *>(allocate(count * sizeof(T)));
  }
  template <class T> T *array(const std::vector<T> &init) {
    T *p = array<T>(init.size());
    std::memcpy(p, init.data(), init.size() * sizeof(T));
    return p;
  }
  void release(void *p) {
    std::lock_guard lock(mutex_);
    blocks_.erase(reinterpret_cast<uint64_t>(p));
    std::free(static_cast<uint8_t *>(p) - kSlack);
  }
  // A texture object kernels may sample; the handle is what they receive.
  uint64_t addTexture(const qiaoDrvTextureDesc &desc) {
    std::lock_guard lock(mutex_);
    textures_.push_back(std::make_unique<qiaoDrvTextureDesc>(desc));
    return reinterpret_cast<uint64_t>(textures_.back().get());
  }
  const qiaoDrvTextureDesc *texture(uint64_t handle) const override {
    std::lock_guard lock(mutex_);
    for (const auto &t : textures_)
      if (reinterpret_cast<uint64_t>(t.get()) == handle)
        return t.get();
    return nullptr;
  }

private:
  static uint64_t regionBytes(uint64_t bytes) {
    return kSlack + (bytes + 255) / 256 * 256 + kSlack;
  }

  mutable std::mutex mutex_;
  std::map<uint64_t, uint64_t> blocks_;
  std::vector<std::unique_ptr<qiaoDrvTextureDesc>> textures_;
};

// Packs kernel arguments following the kernel's parameter layout.
class ParamPack {
public:
  template <class T> ParamPack &add(T value) {
    values_.emplace_back(sizeof(T));
    std::memcpy(values_.back().data(), &value, sizeof(T));
    return *this;
  }
  std::vector<uint8_t> pack(const KernelInfo &kernel) const {
    std::vector<uint8_t> buffer(kernel.paramBytes);
    EXPECT_EQ(values_.size(), kernel.params.size()) << "argument count of " << kernel.name;
    for (size_t i = 0; i < values_.size() && i < kernel.params.size(); ++i) {
      EXPECT_EQ(values_[i].size(), kernel.params[i].size) << "size of argument " << i;
      std::memcpy(buffer.data() + kernel.params[i].offset, values_[i].data(),
                  std::min<size_t>(values_[i].size(), kernel.params[i].size));
    }
    return buffer;
  }

private:
  std::vector<std::vector<uint8_t>> values_;
};

struct Dim {
  uint32_t x = 1, y = 1, z = 1;
};

// Owns a memory, an executor and the last loaded module.
class PtxRunner {
public:
  HostDeviceMemory memory;
  // How run() launches: the accesses' check (QIAO_MEMCHECK by default) and whether the
  // interpreter runs the kernel whatever QIAO_EXEC says.
  MemoryCheck memoryCheck = memoryCheckMode();
  bool interpretOnly = false;
  // The thread block clusters run() launches with; a shape other than 1 x 1 x 1 is named at
  // launch (%is_explicit_cluster).
  Dim cluster;

  // Loads the module; fails the test with the loader's message when it does not load.
  bool load(std::string_view ptx) {
    auto loaded = Module::load(ptx, memory);
    if (!loaded) {
      ADD_FAILURE() << "PTX did not load: " << loaded.error().message;
      return false;
    }
    module_ = std::move(loaded.value());
    return true;
  }
  const Module &module() const { return *module_; }

  // run() as QIAO_EXEC=check runs it: both backends, the difference in checkDifference.
  LaunchOutcome runChecked(std::string_view kernel, Dim grid, Dim block, const ParamPack &args) {
    checked_ = true;
    LaunchOutcome outcome = run(kernel, grid, block, args);
    checked_ = false;
    return outcome;
  }

  LaunchOutcome run(std::string_view kernel, Dim grid, Dim block, const ParamPack &args,
                    uint32_t dynamicShared = 0, bool cooperative = false) {
    const KernelInfo *info = module_ ? module_->kernel(kernel) : nullptr;
    if (!info) {
      ADD_FAILURE() << "no kernel " << kernel;
      LaunchOutcome missing;
      missing.code = 1;
      missing.report = "no kernel";
      return missing;
    }
    std::vector<uint8_t> params = args.pack(*info);
    LaunchParams launch;
    launch.grid[0] = grid.x, launch.grid[1] = grid.y, launch.grid[2] = grid.z;
    launch.block[0] = block.x, launch.block[1] = block.y, launch.block[2] = block.z;
    launch.dynamicSharedBytes = dynamicShared;
    launch.params = params.data();
    launch.paramBytes = params.size();
    launch.cooperative = cooperative;
    launch.memoryCheck = memoryCheck;
    launch.interpretOnly = interpretOnly;
    launch.cluster[0] = cluster.x, launch.cluster[1] = cluster.y, launch.cluster[2] = cluster.z;
    launch.explicitCluster = uint64_t{cluster.x} * cluster.y * cluster.z > 1;
    return checked_ ? executor_.runChecked(*module_, *info, launch, memory)
                    : executor_.run(*module_, *info, launch, memory);
  }

private:
  std::unique_ptr<Module> module_;
  GridExecutor executor_{2};
  bool checked_ = false;
};

} // namespace qiao::ptx::test
