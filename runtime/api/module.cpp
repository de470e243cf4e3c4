// Public module calls (HIP-shaped): load PTX, find kernels and globals, unload.
#include "KernelIrImages.h"
#include "Registry.h"
#include "Streams.h"
#include "support/JitLogs.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace qiao;
using namespace qiao::rt;

namespace {

// The format the runtime hands the driver its images in: PTX text when the driver takes it, else
// Qiao kernel IR bitcode lowered from the PTX. A driver that takes neither cannot run this module
// (driver.h: formats).
Expected<uint32_t> imageFormat(const qiaoDriverTable &driver) {
  if (driver.formats & QIAO_DRV_FORMAT_PTX)
    return uint32_t{QIAO_DRV_FORMAT_PTX};
  if (driver.formats & QIAO_DRV_FORMAT_LLVM_IR)
    return uint32_t{QIAO_DRV_FORMAT_LLVM_IR};
  char message[200];
  std::snprintf(message, sizeof message,
                "driver %s accepts module formats 0x%x; the runtime has PTX text (0x%x) and Qiao "
                "kernel IR (0x%x)",
                driver.name, driver.formats, unsigned(QIAO_DRV_FORMAT_PTX),
                unsigned(QIAO_DRV_FORMAT_LLVM_IR));
  std::fprintf(stderr, "qiao: %s\n", message);
  return Error{qiaoErrorNoKernelImageForDevice, message};
}

// Loads PTX texts as one module: one text through moduleLoad, several linked by moduleLink. On
// failure *why (when given) receives the driver's message.
Status loadTexts(Runtime &rt, qiaoModule_t *module, const std::vector<const char *> &texts,
                 const char *origin, std::string *why = nullptr) {
  QIAO_REQUIRE(module != nullptr && !texts.empty(), qiaoErrorInvalidValue);
  for (const char *text : texts)
    QIAO_REQUIRE(text != nullptr, qiaoErrorInvalidValue);
  auto format = imageFormat(*rt.driver);
  if (!format)
    return fail(static_cast<qiaoError_t>(format.error().code), format.error().message);
  std::vector<qiaoDrvModuleImage> images;
  // Kernel IR: the runtime links the units itself and hands the driver one module.
  std::vector<char> bitcode;
  if (*format == QIAO_DRV_FORMAT_LLVM_IR) {
    auto lowered = kernelIrFromPtx(texts);
    if (!lowered) {
      std::fprintf(stderr, "qiao: cannot load module %s: %s\n", origin,
                   lowered.error().message.c_str());
      if (why)
        *why = lowered.error().message;
      return fail(static_cast<qiaoError_t>(lowered.error().code), lowered.error().message);
    }
    bitcode = std::move(*lowered);
    auto image = seamStruct<qiaoDrvModuleImage>();
    image.format = QIAO_DRV_FORMAT_LLVM_IR;
    image.data = bitcode.data();
    image.bytes = bitcode.size();
    image.name = origin;
    images.push_back(image);
  }
  const bool link = images.empty() && texts.size() > 1;
  if (link && !QIAO_DRIVER_HAS_SLOT(rt.driver, moduleLink))
    return fail(qiaoErrorNotSupported,
                std::string("driver ") + rt.driver->name + " cannot link relocatable device code");
  for (const char *text : texts) {
    if (*format != QIAO_DRV_FORMAT_PTX)
      break;
    auto image = seamStruct<qiaoDrvModuleImage>();
    image.format = QIAO_DRV_FORMAT_PTX;
    image.data = text;
    image.bytes = std::strlen(text) + 1;
    image.name = origin;
    images.push_back(image);
  }
  int device = currentDevice();
  char log[1024] = {0};
  qiaoDrvModule loaded = nullptr;
  qiaoDrvStatus status =
      link ? rt.driver->moduleLink(device, images.data(), static_cast<uint32_t>(images.size()),
                                   &loaded, log, sizeof log)
           : rt.driver->moduleLoad(device, images.data(), &loaded, log, sizeof log);
  if (status != 0) {
    const char *message = log[0] ? log : qiaoGetErrorString(static_cast<qiaoError_t>(status));
    // The one line a user needs to find the fault: which module, where, and why.
    std::fprintf(stderr, "qiao: cannot load module %s: %s\n", origin, message);
    if (why)
      *why = message;
    return fromDriver(status, device, link ? "moduleLink" : "moduleLoad");
  }
  auto *created = new qiaoModule_st();
  created->device = device;
  created->module = loaded;
  std::lock_guard lock(rt.mutex);
  rt.modules.insert(created);
  *module = created;
  return Status::ok();
}

Status loadText(Runtime &rt, qiaoModule_t *module, const char *text, const char *origin,
                std::string *why = nullptr) {
  QIAO_REQUIRE(text != nullptr, qiaoErrorInvalidValue);
  return loadTexts(rt, module, {text}, origin, why);
}

} // namespace

namespace qiao::rt {

Status loadPtxModule(Runtime &rt, qiaoModule_t *module, const char *text, const char *origin) {
  return loadText(rt, module, text, origin);
}

Expected<qiaoFunction_st *> moduleFunction(Runtime &rt, qiaoModule_st *module, const char *name) {
  if (auto found = module->functions.find(name); found != module->functions.end())
    return found->second;
  auto created = std::make_unique<qiaoFunction_st>();
  created->module = module;
  created->name = name;
  Status status = fromDriver(rt.driver->moduleGetFunction(module->module, name, &created->function),
                             module->device, "moduleGetFunction");
  if (status)
    status = fromDriver(rt.driver->functionInfo(created->function, &created->info), module->device,
                        "functionInfo");
  created->params.assign(created->info.paramCount, seamStruct<qiaoDrvParamInfo>());
  if (status && created->info.paramCount > 0)
    status = fromDriver(rt.driver->functionParams(created->function, created->params.data(),
                                                  created->info.paramCount),
                        module->device, "functionParams");
  if (!status)
    return status.error();
  // CUDA's default: dynamic shared memory up to the static limit, less static use.
  const auto &info = rt.devices[module->device].info;
  uint64_t staticLimit = info.sharedMemPerBlock;
  created->maxDynamicSharedBytes = static_cast<int>(
      staticLimit > created->info.sharedSizeBytes ? staticLimit - created->info.sharedSizeBytes
                                                  : 0);
  qiaoFunction_st *result = created.release();
  module->functions[name] = result;
  rt.functions.insert(result);
  return result;
}

} // namespace qiao::rt

namespace {

Expected<qiaoModule_st *> knownModule(Runtime &rt, qiaoModule_t module) {
  if (!module || !rt.modules.count(module))
    return Error{qiaoErrorInvalidResourceHandle, "unknown module handle"};
  return module;
}

} // namespace

extern "C" qiaoError_t qiaoModuleLoadData(qiaoModule_t *module, const void *image) {
  return enter([&](Runtime &rt) {
    return loadText(rt, module, static_cast<const char *>(image), "from memory");
  });
}

// Of the JIT options only the log buffers mean something here (JitLogs.h): the error log gets
// the driver's message for a module that does not load. The others (optimisation level, target,
// ...) steer NVIDIA's compiler; the seam has no such knobs.
extern "C" qiaoError_t qiaoModuleLoadDataEx(qiaoModule_t *module, const void *image,
                                            unsigned int numOptions, int *options,
                                            void **optionValues) {
  return enter([&](Runtime &rt) -> Status {
    auto logs = JitLogs::parse(numOptions, options, optionValues);
    if (!logs)
      return logs.error();
    std::string why;
    Status status = loadText(rt, module, static_cast<const char *>(image), "from memory", &why);
    logs->write("", why);
    return status;
  });
}

extern "C" qiaoError_t qiaoModuleLinkDataEx(qiaoModule_t *module, unsigned int numImages,
                                            const char *const *images, unsigned int numOptions,
                                            int *options, void **optionValues) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(images != nullptr && numImages > 0, qiaoErrorInvalidValue);
    auto logs = JitLogs::parse(numOptions, options, optionValues);
    if (!logs)
      return logs.error();
    std::string why;
    const std::string origin =
        numImages == 1 ? std::string("from memory")
                       : "from " + std::to_string(numImages) + " translation units in memory";
    Status status = loadTexts(rt, module, std::vector<const char *>(images, images + numImages),
                              origin.c_str(), &why);
    logs->write("", why);
    return status;
  });
}

extern "C" qiaoError_t qiaoModuleLoad(qiaoModule_t *module, const char *path) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(module != nullptr && path != nullptr, qiaoErrorInvalidValue);
    std::ifstream file(path, std::ios::binary);
    QIAO_REQUIRE(file.good(), qiaoErrorFileNotFound);
    std::stringstream text;
    text << file.rdbuf();
    std::string contents = text.str();
    return loadText(rt, module, contents.c_str(), path);
  });
}

extern "C" qiaoError_t qiaoModuleUnload(qiaoModule_t module) {
  return enter([&](Runtime &rt) -> Status {
    int device = 0;
    qiaoDrvModule driverModule = nullptr;
    {
      std::lock_guard lock(rt.mutex);
      auto known = knownModule(rt, module);
      if (!known)
        return known.error();
      device = module->device;
      driverModule = module->module;
    }
    // Kernels of the module may still be queued.
    QIAO_TRY(synchronizeDevice(rt, device));
    std::lock_guard lock(rt.mutex);
    if (!rt.modules.count(module))
      return fail(qiaoErrorInvalidResourceHandle, "module unloaded concurrently");
    forgetModule(rt, module);
    return fromDriver(rt.driver->moduleUnload(driverModule), device, "moduleUnload");
  });
}

extern "C" qiaoError_t qiaoModuleGetFunction(qiaoFunction_t *function, qiaoModule_t module,
                                             const char *name) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(function != nullptr && name != nullptr, qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownModule(rt, module);
    if (!known)
      return known.error();
    auto found = moduleFunction(rt, module, name);
    if (!found)
      return found.error();
    *function = *found;
    return Status::ok();
  });
}

extern "C" qiaoError_t qiaoModuleGetGlobal(void **dptr, size_t *bytes, qiaoModule_t module,
                                           const char *name) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(name != nullptr && (dptr != nullptr || bytes != nullptr), qiaoErrorInvalidValue);
    std::lock_guard lock(rt.mutex);
    auto known = knownModule(rt, module);
    if (!known)
      return known.error();
    void *address = nullptr;
    uint64_t size = 0;
    QIAO_TRY(fromDriver(rt.driver->moduleGetGlobal(module->module, name, &address, &size),
                        module->device, "moduleGetGlobal"));
    if (dptr)
      *dptr = address;
    if (bytes)
      *bytes = size;
    return Status::ok();
  });
}
