#include "KernelIrImages.h"

#include <qiao/qiao_runtime.h>

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <string>

namespace qiao::rt {
namespace {

using FromPtx = int (*)(const char *const *units, uint32_t count, void **bitcode, size_t *bytes,
                        char *log, size_t logBytes);

struct Library {
  FromPtx fromPtx = nullptr;
  std::string why; // when fromPtx is null
};

const Library &library() {
  static const Library loaded = [] {
    Library lib;
    std::string file = "libqiao-kernelir.so";
    Dl_info info{};
    void *handle = nullptr;
    if (dladdr(reinterpret_cast<void *>(&qiaoGetDeviceCount), &info) != 0 && info.dli_fname) {
      std::string path = info.dli_fname;
      size_t slash = path.rfind('/');
      if (slash != std::string::npos)
        handle = dlopen((path.substr(0, slash + 1) + file).c_str(), RTLD_NOW | RTLD_LOCAL);
    }
    if (!handle)
      handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char *why = dlerror();
      lib.why = "cannot load " + file + ": " + (why ? why : "unknown reason");
      return lib;
    }
    lib.fromPtx = reinterpret_cast<FromPtx>(dlsym(handle, "qiaoKernelIrFromPtx"));
    if (!lib.fromPtx)
      lib.why = file + " has no qiaoKernelIrFromPtx";
    return lib;
  }();
  return loaded;
}

} // namespace

Expected<std::vector<char>> kernelIrFromPtx(const std::vector<const char *> &texts) {
  const Library &lib = library();
  if (!lib.fromPtx)
    return Error{qiaoErrorNoKernelImageForDevice, lib.why};
  void *bitcode = nullptr;
  size_t bytes = 0;
  char log[1024] = {0};
  int code = lib.fromPtx(texts.data(), static_cast<uint32_t>(texts.size()), &bitcode, &bytes, log,
                         sizeof log);
  if (code != 0) {
    // A kernel the dialect cannot express fails as PTX a JIT cannot compile does.
    int reported = code == qiaoErrorNotSupported ? qiaoErrorInvalidPtx : code;
    return Error{reported, std::string("Qiao kernel IR: ") + log};
  }
  std::vector<char> out(static_cast<char *>(bitcode), static_cast<char *>(bitcode) + bytes);
  std::free(bitcode);
  return out;
}

} // namespace qiao::rt
