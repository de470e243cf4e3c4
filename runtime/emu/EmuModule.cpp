#include "EmuModule.h"

#include "EmuDeviceInfo.h"

#include "support/ErrorCodes.h"
#include "support/SeamStructs.h"

#include <algorithm>
#include <string>

namespace qiao::emu {
namespace {

std::string spelled(const EmuArchitecture &architecture) {
  return std::to_string(architecture.major) + "." + std::to_string(architecture.minor);
}

} // namespace

Expected<std::shared_ptr<EmuModule>> EmuModule::load(std::string_view ptx,
                                                     ptx::DeviceMemory &memory) {
  return accept(ptx::Module::load(ptx, memory));
}

Expected<std::shared_ptr<EmuModule>> EmuModule::link(const std::vector<std::string_view> &units,
                                                     ptx::DeviceMemory &memory) {
  return accept(ptx::Module::link(units, memory));
}

Expected<std::shared_ptr<EmuModule>>
EmuModule::accept(Expected<std::unique_ptr<ptx::Module>> loaded) {
  if (!loaded) {
    Error error = loaded.error();
    if (error.code == 0)
      error.code = errc::qiaoErrorInvalidPtx;
    return error;
  }
  // PTX is forward compatible only: ptxas refuses a .target newer than the device it compiles
  // for, and CUDA then refuses the module (CUDA_ERROR_UNSUPPORTED_PTX_VERSION).
  const uint32_t target = loaded.value()->requiredSm();
  const EmuArchitecture &device = emuArchitecture();
  if (target > device.smNumber()) {
    std::string message = "PTX .target sm_" + std::to_string(target) +
                          " is newer than the device (compute capability " + spelled(device) + ")";
    if (const EmuArchitecture *runs = oldestArchitectureRunning(target))
      message += ": QIAO_EMU_CC=" + spelled(*runs) + " presents a device that runs it";
    return Error{errc::qiaoErrorUnsupportedPtxVersion, message};
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
  auto info = seamStruct<qiaoDrvFunctionInfo>();
  info.sharedSizeBytes = kernel.staticSharedBytes;
  // Engine.h does not expose a module's .const footprint; 0 until it does.
  info.constSizeBytes = 0;
  info.localSizeBytes = kernel.localBytes;
  info.maxThreadsPerBlock = int32_t(std::min<uint32_t>(kernel.maxThreadsPerBlock, 1024));
  info.numRegs = int32_t(kernel.numRegs);
  // As CUDA reports them: the virtual architecture the PTX targets (80 for compute_80; libraries
  // such as CUB pick their tuning from it), and the architecture the code runs as, the device's.
  info.ptxVersion = int32_t(module_->targetSm());
  info.binaryVersion = int32_t(emuArchitecture().smNumber());
  info.paramBytes = kernel.paramBytes;
  info.paramCount = uint32_t(kernel.params.size());
  std::copy_n(kernel.clusterDims, 3, info.requiredClusterDim);
  info.maxClusterRank = kernel.maxClusterRank;
  info.explicitCluster = kernel.explicitCluster ? 1 : 0;
  return info;
}

} // namespace qiao::emu
