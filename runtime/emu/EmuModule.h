// A loaded PTX module and its kernels as the driver hands them out. Launch work holds a
// shared_ptr to the module, so unloading it while a launch is queued is safe.
#pragma once

#include "ptx/Engine.h"
#include "qiao/driver.h"
#include "support/Expected.h"

#include <memory>
#include <string_view>
#include <vector>

namespace qiao::emu {

class EmuModule;

// One kernel of a module; its address is the qiaoDrvFunction handle.
struct EmuFunction {
  EmuModule *module = nullptr;
  const ptx::KernelInfo *kernel = nullptr;
};

class EmuModule {
public:
  static Expected<std::shared_ptr<EmuModule>> load(std::string_view ptx, ptx::DeviceMemory &memory);
  // The translation units of a program built with relocatable device code, linked into one.
  static Expected<std::shared_ptr<EmuModule>> link(const std::vector<std::string_view> &units,
                                                   ptx::DeviceMemory &memory);

  const ptx::Module &ptx() const { return *module_; }
  // The device the module was loaded for (set once, before the module is handed out).
  int32_t device() const { return device_; }
  void setDevice(int32_t device) { device_ = device; }
  // Null when the module has no kernel of that name.
  EmuFunction *function(std::string_view name);
  const std::vector<std::unique_ptr<EmuFunction>> &functions() const { return functions_; }

  qiaoDrvFunctionInfo info(const EmuFunction &function) const;

private:
  static Expected<std::shared_ptr<EmuModule>> accept(Expected<std::unique_ptr<ptx::Module>> loaded);
  explicit EmuModule(std::unique_ptr<ptx::Module> module);

  std::unique_ptr<ptx::Module> module_;
  std::vector<std::unique_ptr<EmuFunction>> functions_;
  int32_t device_ = 0;
};

} // namespace qiao::emu
