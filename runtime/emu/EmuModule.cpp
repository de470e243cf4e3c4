#include "EmuModule.h"

#include "EmuDeviceInfo.h"

#include "support/ErrorCodes.h"

#include <algorithm>

namespace qiao::emu {

Expected<std::shared_ptr<EmuModule>> EmuModule::load(std::string_view ptx,
                                                     ptx::DeviceMemory &memory) {
  auto loaded = ptx::Module::load(ptx, memory);
  if (!loaded) {
    Error error = loaded.error();
    if (error.code == 0)
      error.code = errc::qiaoErrorInvalidPtx;
    return error;
  }
  return std::shared_ptr<EmuModule>(new EmuModule(std::move(loaded.value())));
}

EmuModule::EmuModule(std::unique_ptr<ptx::Module> module) : module_(std::move(module)) {
  for (const ptx::KernelInfo &kernel : module_->kernels())
    functions_.push_back(std::make_unique<EmuFunction>(EmuFunction{this, &kernel}));
}

EmuFunction *EmuModule::function(std::string_view name) {
  for (const auto &function : functions_)
    if (function->kernel->name == name)
      return function.get();
  return nullptr;
}

qiaoDrvFunctionInfo EmuModule::info(const EmuFunction &function) const {
  const ptx::KernelInfo &kernel = *function.kernel;
  qiaoDrvFunctionInfo info{};
  info.sharedSizeBytes = kernel.staticSharedBytes;
  // Engine.h does not expose a module's .const footprint; 0 until it does.
  info.constSizeBytes = 0;
  info.localSizeBytes = kernel.localBytes;
  info.maxThreadsPerBlock = int32_t(std::min<uint32_t>(kernel.maxThreadsPerBlock, 1024));
  info.numRegs = int32_t(kernel.numRegs);
  // As CUDA reports them: the virtual architecture the PTX targets (80 for compute_80; libraries
  // such as CUB pick their tuning from it), and the architecture the code runs as, the device's.
  info.ptxVersion = int32_t(module_->targetSm());
  info.binaryVersion = kEmuComputeCapability;
  info.paramBytes = kernel.paramBytes;
  info.paramCount = uint32_t(kernel.params.size());
  return info;
}

} // namespace qiao::emu
