// Entry points: modules and the kernels they hold.
#include "EmuEntryPoints.h"
#include "EmuPlatform.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace qiao::emu::entry {
namespace {

// Copies message into log, truncated to fit and always NUL-terminated.
void writeLog(char *log, size_t logBytes, std::string_view message) {
  if (!log || logBytes == 0)
    return;
  const size_t length = std::min(message.size(), logBytes - 1);
  std::memcpy(log, message.data(), length);
  log[length] = '\0';
}

const EmuFunction *asFunction(qiaoDrvFunction function) {
  return reinterpret_cast<const EmuFunction *>(function);
}

} // namespace

qiaoDrvStatus moduleLoad(int32_t device, const qiaoDrvModuleImage *image, qiaoDrvModule *module,
                         char *log, size_t logBytes) {
  return moduleLink(device, image, 1, module, log, logBytes);
}

qiaoDrvStatus moduleLink(int32_t device, const qiaoDrvModuleImage *images, uint32_t count,
                         qiaoDrvModule *module, char *log, size_t logBytes) {
  writeLog(log, logBytes, "");
  if (!images || count == 0 || !module)
    return errc::qiaoErrorInvalidValue;
  if (!EmuPlatform::instance().validDevice(device))
    return errc::qiaoErrorInvalidDevice;
  std::vector<std::string_view> units;
  for (uint32_t i = 0; i < count; ++i) {
    const qiaoDrvModuleImage &image = images[i];
    if (!holdsAbi2(&image) || !image.data)
      return errc::qiaoErrorInvalidValue;
    if (image.format != QIAO_DRV_FORMAT_PTX) {
      writeLog(log, logBytes, "the emu driver accepts PTX text only");
      return errc::qiaoErrorInvalidKernelImage;
    }
    // The text ends at its NUL or after `bytes`, whichever comes first.
    const char *text = static_cast<const char *>(image.data);
    units.emplace_back(text, strnlen(text, image.bytes));
  }
  return guarded([&] {
    EmuPlatform &emu = EmuPlatform::instance();
    auto loaded = count == 1 ? EmuModule::load(units.front(), emu.memory(device))
                             : EmuModule::link(units, emu.memory(device));
    if (!loaded) {
      writeLog(log, logBytes, loaded.error().message);
      return loaded.error().code;
    }
    std::shared_ptr<EmuModule> created = std::move(loaded.value());
    created->setDevice(device);
    for (const auto &function : created->functions())
      emu.functions.add(function.get(), created);
    auto *handle = reinterpret_cast<qiaoDrvModule>(created.get());
    emu.modules.add(handle, std::move(created));
    *module = handle;
    return int(errc::qiaoSuccess);
  });
}

qiaoDrvStatus moduleUnload(qiaoDrvModule module) {
  return guarded([&] {
    EmuPlatform &emu = EmuPlatform::instance();
    auto removed = emu.modules.remove(module);
    if (!removed)
      return errc::qiaoErrorInvalidResourceHandle;
    for (const auto &function : removed->functions())
      emu.functions.remove(function.get());
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus moduleGetFunction(qiaoDrvModule module, const char *name, qiaoDrvFunction *function) {
  if (!name || !function)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto found = EmuPlatform::instance().modules.find(module);
    if (!found)
      return errc::qiaoErrorInvalidResourceHandle;
    EmuFunction *kernel = found->function(name);
    if (!kernel)
      return errc::qiaoErrorSymbolNotFound; // cuModuleGetFunction: CUDA_ERROR_NOT_FOUND
    *function = reinterpret_cast<qiaoDrvFunction>(kernel);
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus moduleGetGlobal(qiaoDrvModule module, const char *name, void **ptr, uint64_t *bytes) {
  if (!name)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto found = EmuPlatform::instance().modules.find(module);
    if (!found)
      return errc::qiaoErrorInvalidResourceHandle;
    auto global = found->ptx().global(name);
    if (!global)
      return errc::qiaoErrorSymbolNotFound;
    // cuModuleGetGlobal: either output may be NULL.
    if (ptr)
      *ptr = global->address;
    if (bytes)
      *bytes = global->bytes;
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus functionInfo(qiaoDrvFunction function, qiaoDrvFunctionInfo *info) {
  if (!holdsAbi2(info))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto module = EmuPlatform::instance().functions.find(function);
    if (!module)
      return errc::qiaoErrorInvalidResourceHandle;
    fillSeamStruct(info, module->info(*asFunction(function)));
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus functionParams(qiaoDrvFunction function, qiaoDrvParamInfo *params,
                             uint32_t capacity) {
  if (capacity != 0 && !holdsAbi2(params))
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto module = EmuPlatform::instance().functions.find(function);
    if (!module)
      return errc::qiaoErrorInvalidResourceHandle;
    const auto &layout = asFunction(function)->kernel->params;
    const size_t copied = std::min<size_t>(capacity, layout.size());
    // driver.h: element i lies i * structSize bytes after the first.
    auto *bytes = reinterpret_cast<char *>(params);
    for (size_t i = 0; i < copied; ++i) {
      auto *element = reinterpret_cast<qiaoDrvParamInfo *>(bytes + i * params->structSize);
      auto described = seamStruct<qiaoDrvParamInfo>();
      described.offset = layout[i].offset;
      described.size = layout[i].size;
      fillSeamStruct(element, described);
    }
    return errc::qiaoSuccess;
  });
}

qiaoDrvStatus functionName(qiaoDrvFunction function, const char **name) {
  if (!name)
    return errc::qiaoErrorInvalidValue;
  return guarded([&] {
    auto module = EmuPlatform::instance().functions.find(function);
    if (!module)
      return errc::qiaoErrorInvalidResourceHandle;
    *name = asFunction(function)->kernel->name.c_str();
    return errc::qiaoSuccess;
  });
}

} // namespace qiao::emu::entry
