// libqiao-driver-kir.so (QIAO_DRIVER=kir): a driver that takes Qiao kernel IR and no PTX, as a
// vendor's driver over an LLVM backend would. It proves the seam's second module format end to
// end: the runtime lowers its PTX to kernel-IR bitcode, this driver compiles it for the host with
// LLVM ORC (the `qiao.*` functions bound to KernelIrIntrinsics.cpp) and runs each kernel thread
// as a host kernel of the emulated device, whose driver it wraps for everything else (memory,
// queues, events) and whose fibers give barriers and warp collectives.
#include "KernelIrHost.h"

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace qiao::kirdriver;

struct qiaoDrvModule_st {
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::map<std::string, std::unique_ptr<qiaoDrvFunction_st>> functions;
  std::map<std::string, std::pair<void *, uint64_t>> globals; // in the emulated device's memory
  ~qiaoDrvModule_st();
};

namespace {

const qiaoDriverTable *emu = nullptr;
qiaoDriverTable table;

void writeLog(char *log, size_t logBytes, const std::string &message) {
  if (log && logBytes) {
    std::strncpy(log, message.c_str(), logBytes - 1);
    log[logBytes - 1] = 0;
  }
}

uint64_t metadataNumber(const llvm::MDOperand &op) {
  auto *c = llvm::mdconst::dyn_extract<llvm::ConstantInt>(op);
  return c ? c->getZExtValue() : 0;
}

uint32_t moduleFlag(const llvm::Module &m, const char *name) {
  auto *c = llvm::mdconst::extract_or_null<llvm::ConstantInt>(m.getModuleFlag(name));
  return c ? static_cast<uint32_t>(c->getZExtValue()) : 0;
}

qiaoDrvStatus moduleLoad(int32_t device, const qiaoDrvModuleImage *image, qiaoDrvModule *out,
                         char *log, size_t logBytes) {
  if (!image || image->structSize < QIAO_DRV_SIZE_V2_MODULE_IMAGE || !out)
    return qiaoDrvErrorInvalidValue;
  if (device != 0)
    return qiaoDrvErrorInvalidDevice;
  if (image->format != QIAO_DRV_FORMAT_LLVM_IR) {
    writeLog(log, logBytes, "the kir driver takes Qiao kernel IR (LLVM bitcode) only");
    return qiaoDrvErrorInvalidKernelImage;
  }
  auto context = std::make_unique<llvm::LLVMContext>();
  auto buffer = llvm::MemoryBuffer::getMemBuffer(
      llvm::StringRef(static_cast<const char *>(image->data), image->bytes), "kernel-ir", false);
  auto parsed = llvm::parseBitcodeFile(buffer->getMemBufferRef(), *context);
  if (!parsed) {
    writeLog(log, logBytes, "not Qiao kernel IR: " + llvm::toString(parsed.takeError()));
    return qiaoDrvErrorInvalidKernelImage;
  }
  std::unique_ptr<llvm::Module> m = std::move(*parsed);
  if (moduleFlag(*m, "qiao.kernel_ir.version") != 1) {
    writeLog(log, logBytes, "Qiao kernel IR of an unknown version");
    return qiaoDrvErrorInvalidKernelImage;
  }
  auto module = std::make_unique<qiaoDrvModule_st>();
  uint32_t dynamicSharedOffset = moduleFlag(*m, "qiao.dynamic_shared_offset");
  bool usesDeviceRuntime = false;
  for (const llvm::Function &f : m->functions())
    usesDeviceRuntime |= f.isDeclaration() && f.getName().starts_with("qiao.device.");
  // cudaFuncAttributes' ptxVersion is the architecture the code was built for (the PTX
  // `.target`), its binaryVersion the device's, as the emulated device reports them.
  qiaoDrvDeviceInfo facts{};
  facts.structSize = sizeof facts;
  emu->deviceInfo(0, &facts);
  int32_t binaryVersion = facts.computeMajor * 10 + facts.computeMinor;
  int32_t targetSm = static_cast<int32_t>(moduleFlag(*m, "qiao.target_sm"));
  // !qiao.kernels: {ptr, paramBytes, staticShared, localBytes, maxThreads, numRegs, {offset,
  // size}...} (docs/kernel-ir.md).
  if (llvm::NamedMDNode *kernels = m->getNamedMetadata("qiao.kernels")) {
    for (llvm::MDNode *k : kernels->operands()) {
      auto *fn = llvm::mdconst::dyn_extract_or_null<llvm::Function>(k->getOperand(0));
      if (!fn || k->getNumOperands() < 7)
        continue;
      auto f = std::make_unique<qiaoDrvFunction_st>();
      f->name = fn->getName().str();
      f->info.structSize = sizeof f->info;
      f->info.paramBytes = static_cast<uint32_t>(metadataNumber(k->getOperand(1)));
      f->info.sharedSizeBytes = metadataNumber(k->getOperand(2));
      f->info.localSizeBytes = metadataNumber(k->getOperand(3));
      f->info.maxThreadsPerBlock = static_cast<int32_t>(metadataNumber(k->getOperand(4)));
      f->info.numRegs = static_cast<int32_t>(metadataNumber(k->getOperand(5)));
      f->info.ptxVersion = targetSm;
      f->info.binaryVersion = binaryVersion;
      if (auto *params = llvm::dyn_cast<llvm::MDNode>(k->getOperand(6))) {
        for (unsigned i = 0; i + 1 < params->getNumOperands(); i += 2) {
          qiaoDrvParamInfo p{};
          p.structSize = sizeof p;
          p.offset = static_cast<uint32_t>(metadataNumber(params->getOperand(i)));
          p.size = static_cast<uint32_t>(metadataNumber(params->getOperand(i + 1)));
          f->params.push_back(p);
        }
      }
      f->info.paramCount = static_cast<uint32_t>(f->params.size());
      f->dynamicSharedOffset = dynamicSharedOffset;
      f->targetSm = targetSm;
      f->usesDeviceRuntime = usesDeviceRuntime;
      module->functions[f->name] = std::move(f);
    }
  }
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    writeLog(log, logBytes, "cannot start LLVM ORC: " + llvm::toString(jit.takeError()));
    return qiaoDrvErrorInvalidKernelImage;
  }
  module->jit = std::move(*jit);
  m->setDataLayout(module->jit->getDataLayout());
  m->setTargetTriple(module->jit->getTargetTriple().str());
  llvm::orc::JITDylib &dylib = module->jit->getMainJITDylib();
  llvm::orc::SymbolMap symbols;
  for (auto &[name, address] : hostIntrinsics())
    symbols[module->jit->mangleAndIntern(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                                   llvm::JITSymbolFlags::Exported};
  // Module variables live in device memory, where the runtime's copies to symbols reach them:
  // each becomes a declaration bound to an allocation holding its initial bytes.
  std::vector<std::pair<void *, std::string>> functionAddresses; // in initialisers
  for (llvm::GlobalVariable &g : m->globals()) {
    if (g.isDeclaration())
      continue;
    uint64_t bytes = m->getDataLayout().getTypeAllocSize(g.getValueType());
    void *memory = nullptr;
    if (emu->memAlloc(0, bytes ? bytes : 1, QIAO_DRV_MEM_DEVICE, 0, &memory) != qiaoDrvSuccess) {
      writeLog(log, logBytes, "no device memory for " + g.getName().str());
      return qiaoDrvErrorMemoryAllocation;
    }
    std::memset(memory, 0, bytes);
    // Bytes, or a packed struct of byte runs and function addresses (ptrtoint of a function),
    // which are written once the module is compiled.
    auto copyBytes = [&](const llvm::Constant *c, uint64_t offset) {
      if (auto *data = llvm::dyn_cast<llvm::ConstantDataSequential>(c))
        std::memcpy(static_cast<char *>(memory) + offset, data->getRawDataValues().data(),
                    std::min<uint64_t>(bytes - offset, data->getRawDataValues().size()));
    };
    if (auto *parts = llvm::dyn_cast<llvm::ConstantStruct>(g.getInitializer())) {
      const llvm::StructLayout *layout = m->getDataLayout().getStructLayout(parts->getType());
      for (unsigned i = 0; i < parts->getNumOperands(); ++i) {
        auto *part = llvm::cast<llvm::Constant>(parts->getOperand(i));
        uint64_t offset = layout->getElementOffset(i);
        if (auto *e = llvm::dyn_cast<llvm::ConstantExpr>(part);
            e && e->getOpcode() == llvm::Instruction::PtrToInt)
          functionAddresses.push_back(
              {static_cast<char *>(memory) + offset, e->getOperand(0)->getName().str()});
        else
          copyBytes(part, offset);
      }
    } else {
      copyBytes(g.getInitializer(), 0);
    }
    module->globals[g.getName().str()] = {memory, bytes};
    symbols[module->jit->mangleAndIntern(g.getName())] = {llvm::orc::ExecutorAddr::fromPtr(memory),
                                                          llvm::JITSymbolFlags::Exported};
    g.setInitializer(nullptr);
    g.setLinkage(llvm::GlobalValue::ExternalLinkage);
  }
  if (auto error = dylib.define(llvm::orc::absoluteSymbols(std::move(symbols)))) {
    writeLog(log, logBytes, llvm::toString(std::move(error)));
    return qiaoDrvErrorInvalidKernelImage;
  }
  if (auto error =
          module->jit->addIRModule(llvm::orc::ThreadSafeModule(std::move(m), std::move(context)))) {
    writeLog(log, logBytes, llvm::toString(std::move(error)));
    return qiaoDrvErrorInvalidKernelImage;
  }
  for (auto &[place, name] : functionAddresses) {
    auto address = module->jit->lookup(name);
    if (!address) {
      writeLog(log, logBytes,
               "cannot compile " + name + ": " + llvm::toString(address.takeError()));
      return qiaoDrvErrorInvalidKernelImage;
    }
    uint64_t value = address->getValue();
    std::memcpy(place, &value, sizeof value);
  }
  for (auto &[name, f] : module->functions) {
    auto address = module->jit->lookup(name);
    if (!address) {
      writeLog(log, logBytes,
               "cannot compile " + name + ": " + llvm::toString(address.takeError()));
      return qiaoDrvErrorInvalidKernelImage;
    }
    f->entry = address->toPtr<KernelFn>();
    rememberKernel(f.get());
  }
  *out = module.release();
  return qiaoDrvSuccess;
}

qiaoDrvStatus moduleUnload(qiaoDrvModule module) {
  if (!module)
    return qiaoDrvErrorInvalidResourceHandle;
  delete module;
  return qiaoDrvSuccess;
}

qiaoDrvStatus moduleGetFunction(qiaoDrvModule module, const char *name, qiaoDrvFunction *function) {
  if (!name || !function)
    return qiaoDrvErrorInvalidValue;
  if (!module)
    return qiaoDrvErrorInvalidResourceHandle;
  auto it = module->functions.find(name);
  if (it == module->functions.end())
    return qiaoDrvErrorSymbolNotFound;
  *function = it->second.get();
  return qiaoDrvSuccess;
}

qiaoDrvStatus moduleGetGlobal(qiaoDrvModule module, const char *name, void **ptr, uint64_t *bytes) {
  if (!name)
    return qiaoDrvErrorInvalidValue;
  if (!module)
    return qiaoDrvErrorInvalidResourceHandle;
  auto it = module->globals.find(name);
  if (it == module->globals.end())
    return qiaoDrvErrorSymbolNotFound;
  if (ptr)
    *ptr = it->second.first;
  if (bytes)
    *bytes = it->second.second;
  return qiaoDrvSuccess;
}

qiaoDrvStatus functionInfo(qiaoDrvFunction function, qiaoDrvFunctionInfo *info) {
  if (!info || info->structSize < QIAO_DRV_SIZE_V2_FUNCTION_INFO)
    return qiaoDrvErrorInvalidValue;
  if (!function)
    return qiaoDrvErrorInvalidResourceHandle;
  uint32_t size = info->structSize;
  *info = function->info;
  info->structSize = size;
  return qiaoDrvSuccess;
}

qiaoDrvStatus functionParams(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                             uint32_t capacity) {
  if (capacity > 0 && !params)
    return qiaoDrvErrorInvalidValue;
  if (!function)
    return qiaoDrvErrorInvalidResourceHandle;
  for (uint32_t i = 0; i < capacity && i < function->params.size(); ++i) {
    uint32_t size = params[i].structSize;
    if (size < QIAO_DRV_SIZE_V2_PARAM_INFO)
      return qiaoDrvErrorInvalidValue;
    params[i].offset = function->params[i].offset;
    params[i].size = function->params[i].size;
  }
  return qiaoDrvSuccess;
}

qiaoDrvStatus functionName(qiaoDrvFunction function, const char **name) {
  if (!name)
    return qiaoDrvErrorInvalidValue;
  if (!function)
    return qiaoDrvErrorInvalidResourceHandle;
  *name = function->name.c_str();
  return qiaoDrvSuccess;
}

qiaoDrvStatus enqueueLaunch(qiaoDrvQueue queue, qiaoDrvFunction function,
                            const qiaoDrvLaunch *launch) {
  if (!launch || launch->structSize < QIAO_DRV_SIZE_V2_LAUNCH)
    return qiaoDrvErrorInvalidValue;
  if (!function)
    return qiaoDrvErrorInvalidResourceHandle;
  if (launch->paramBytes < function->info.paramBytes || (launch->paramBytes && !launch->params))
    return qiaoDrvErrorInvalidValue;
  if ((launch->flags & ~QIAO_DRV_LAUNCH_COOPERATIVE) != 0)
    return qiaoDrvErrorInvalidValue;
  if (function->usesDeviceRuntime)
    return enqueueHostGrid(queue, function, *launch);
  return enqueueGrid(queue, function, *launch, nullptr);
}
// Textures and surfaces are the emulated device's; the driver keeps their descriptions for the
// qiao.tex.* and qiao.surf.* functions.
qiaoDrvStatus textureCreate(int32_t device, const qiaoDrvTextureDesc *desc, uint64_t *handle) {
  qiaoDrvStatus status = emu->textureCreate(device, desc, handle);
  if (status == qiaoDrvSuccess)
    rememberTexture(*handle, *desc);
  return status;
}

qiaoDrvStatus textureDestroy(uint64_t handle) {
  qiaoDrvStatus status = emu->textureDestroy(handle);
  if (status == qiaoDrvSuccess)
    forgetTexture(handle);
  return status;
}

void init() {
  Dl_info info{};
  std::string directory;
  if (dladdr(reinterpret_cast<void *>(&init), &info) != 0 && info.dli_fname) {
    std::string path = info.dli_fname;
    directory = path.substr(0, path.rfind('/') + 1);
  }
  void *handle = dlopen((directory + "libqiao-driver-emu.so").c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    handle = dlopen("libqiao-driver-emu.so", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    std::fprintf(stderr, "qiao-driver-kir: cannot load libqiao-driver-emu.so: %s\n", dlerror());
    return;
  }
  auto getTable = reinterpret_cast<qiaoDriverGetTableFn>(dlsym(handle, QIAO_DRIVER_ENTRY_SYMBOL));
  emu = getTable ? getTable(QIAO_DRIVER_ABI_VERSION) : nullptr;
  if (!emu)
    return;
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  table = *emu;
  table.struct_size = sizeof table;
  table.name = "kir";
  table.formats = QIAO_DRV_FORMAT_LLVM_IR;
  table.moduleLoad = moduleLoad;
  table.moduleUnload = moduleUnload;
  table.moduleGetFunction = moduleGetFunction;
  table.moduleGetGlobal = moduleGetGlobal;
  table.functionInfo = functionInfo;
  table.functionParams = functionParams;
  table.functionName = functionName;
  table.enqueueLaunch = enqueueLaunch;
  table.textureCreate = textureCreate;
  table.textureDestroy = textureDestroy;
  table.moduleLink = nullptr; // the runtime links PTX units before lowering them
}

} // namespace

const qiaoDriverTable &qiao::kirdriver::emuDriver() { return *emu; }

// A launch becomes a host-kernel launch of the emulated device: the parameter buffer gets a
// header naming the compiled kernel, and the block's whole shared window (static variables at
// their offsets, then the dynamic array, then the reserved shared memory) is the host launch's
// dynamic shared memory.
qiaoDrvStatus qiao::kirdriver::enqueueGrid(qiaoDrvQueue queue, qiaoDrvFunction function,
                                           const qiaoDrvLaunch &launch, DeviceGrid *deviceGrid) {
  LaunchHeader header{};
  header.deviceGrid = deviceGrid;
  header.kernel = function->entry;
  header.dynamicSharedBytes = launch.dynamicSharedBytes;
  // The dynamic array starts where the program's `.extern .shared` arrays start.
  uint64_t window = function->info.sharedSizeBytes;
  if (launch.dynamicSharedBytes)
    window = std::max<uint64_t>(window, uint64_t{function->dynamicSharedOffset} +
                                            launch.dynamicSharedBytes);
  header.windowBytes = static_cast<uint32_t>(window);
  header.reservedOffset = static_cast<uint32_t>((window + 15) / 16 * 16);
  std::vector<uint8_t> buffer(sizeof header + launch.paramBytes);
  std::memcpy(buffer.data(), &header, sizeof header);
  if (launch.paramBytes)
    std::memcpy(buffer.data() + sizeof header, launch.params, launch.paramBytes);
  qiaoDrvLaunch host = launch;
  host.structSize = sizeof host;
  host.params = buffer.data();
  host.paramBytes = buffer.size();
  host.dynamicSharedBytes = header.reservedOffset + kReservedSharedBytes;
  host.flags = 0;
  if (launch.flags & QIAO_DRV_LAUNCH_COOPERATIVE)
    return enqueueCooperativeGrid(*emu, queue, host);
  return emu->enqueueHostKernel(queue, runKernelThread, &host);
}

qiaoDrvModule_st::~qiaoDrvModule_st() {
  for (auto &[name, f] : functions)
    forgetKernel(f.get());
  for (auto &[name, global] : globals)
    emu->memFree(global.first, QIAO_DRV_MEM_DEVICE);
}

extern "C" __attribute__((visibility("default"))) const qiaoDriverTable *
qiaoDriverGetTable(uint32_t abiVersion) {
  static std::once_flag once;
  std::call_once(once, init);
  if (abiVersion != QIAO_DRIVER_ABI_VERSION || !emu)
    return nullptr;
  return &table;
}
