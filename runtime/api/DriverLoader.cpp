#include "DriverLoader.h"

#include "DriverChain.h"

#include <qiao/qiao_runtime.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <string>

namespace qiao::rt {
namespace {

Error driverError(std::string message) {
  std::fprintf(stderr, "qiao: %s\n", message.c_str());
  return Error{qiaoErrorInsufficientDriver, std::move(message)};
}

Error abiMismatch(const std::string &name, uint32_t driverAbi) {
  return driverError("driver " + name + " implements driver ABI " + std::to_string(driverAbi) +
                     ", but this runtime needs driver ABI " +
                     std::to_string(QIAO_DRIVER_ABI_VERSION) +
                     ": rebuild the driver against this release's qiao/driver.h");
}

// The directory holding libqiao.so itself, so drivers installed beside it are found first.
std::string libraryDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void *>(&qiaoGetDeviceCount), &info) == 0 || !info.dli_fname)
    return {};
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

Expected<const qiaoDriverTable *> openDriverLibrary(const std::string &name) {
  std::string file = "libqiao-driver-" + name + ".so";
  void *handle = nullptr;
  std::string besideUs = libraryDirectory();
  if (!besideUs.empty())
    handle = dlopen((besideUs + file).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = dlerror();
    return driverError("cannot load driver " + file + ": " + (why ? why : "unknown reason"));
  }
  void *entry = dlsym(handle, QIAO_DRIVER_ENTRY_SYMBOL);
  if (!entry) {
    const char *why = dlerror();
    return driverError("driver " + file + " has no " QIAO_DRIVER_ENTRY_SYMBOL ": " +
                       (why ? why : "symbol missing"));
  }
  auto getTable = reinterpret_cast<qiaoDriverGetTableFn>(entry);
  const qiaoDriverTable *table = getTable(QIAO_DRIVER_ABI_VERSION);
  if (table)
    return table;
  // Which ABI it does serve makes the message useful: every ABI's table starts with struct_size
  // and abi_version, so an older table can be read that far.
  for (uint32_t older = QIAO_DRIVER_ABI_VERSION - 1; older >= 1; --older)
    if (const qiaoDriverTable *old = getTable(older); old && old->abi_version == older)
      return abiMismatch(file, older);
  return driverError("driver " + file + " cannot serve driver ABI " +
                     std::to_string(QIAO_DRIVER_ABI_VERSION));
}

// Every required slot must be present: a table from an older driver is shorter, and a NULL slot
// would crash the first call that reaches it. Optional slots (driver.h) are checked at use.
Status checkTable(const qiaoDriverTable *table, const std::string &name) {
  if (table->abi_version != QIAO_DRIVER_ABI_VERSION)
    return abiMismatch(name, table->abi_version);
  if (table->struct_size < QIAO_DRIVER_TABLE_REQUIRED_SIZE)
    return driverError("driver " + name + " table is " + std::to_string(table->struct_size) +
                       " bytes, the runtime needs " +
                       std::to_string(QIAO_DRIVER_TABLE_REQUIRED_SIZE));
  if (table->formats == 0)
    return driverError("driver " + name + " accepts no module format (its table's formats is 0)");
  const char *first = reinterpret_cast<const char *>(&table->init);
  const char *end = reinterpret_cast<const char *>(table) + QIAO_DRIVER_TABLE_REQUIRED_SIZE;
  for (const char *slot = first; slot + sizeof(void (*)()) <= end; slot += sizeof(void (*)())) {
    void (*fn)() = nullptr;
    std::memcpy(&fn, slot, sizeof fn);
    if (!fn)
      return driverError("driver " + name + " leaves entry point #" +
                         std::to_string((slot - first) / sizeof fn) + " empty");
  }
  return Status::ok();
}

Expected<const qiaoDriverTable *> openCheckedDriver(const std::string &name) {
  // Every driver, the emulated device (libqiao-driver-emu.so) included, is found and opened the
  // same way.
  auto opened = openDriverLibrary(name);
  if (!opened)
    return opened.error();
  const qiaoDriverTable *table = *opened;
  if (Status checked = checkTable(table, name); !checked)
    return checked.error();
  return table;
}

Expected<const qiaoDriverTable *> selectAndInit() {
  const char *selected = std::getenv("QIAO_DRIVER");
  std::string name = (selected && *selected) ? selected : "emu";
  auto opened = openDriver(name);
  if (!opened)
    return opened.error();
  const qiaoDriverTable *table = *opened;
  if (int32_t status = table->init(); status != 0) {
    std::fprintf(stderr, "qiao: driver %s failed to initialise (error %d)\n", name.c_str(), status);
    return Error{status, "driver init failed"};
  }
  return table;
}

} // namespace

Expected<const qiaoDriverTable *> openDriver(const std::string &spec) {
  auto chain = parseDriverChain(spec);
  if (!chain)
    return chain.error();
  auto driver = openCheckedDriver(chain->driver);
  if (!driver)
    return driver.error();
  return applyLayers(*chain, *driver);
}

Expected<const qiaoDriverTable *> loadDriver() {
  static const Expected<const qiaoDriverTable *> loaded = selectAndInit();
  return loaded;
}

} // namespace qiao::rt
