// Loads a translated column (TranslatedEngine.cpp, built twice: libqiao-bench-translated.so by
// qiao-c++ with its kernels' device code, libqiao-bench-translated-host.so with host-compiled
// kernels) with its own symbol scope: it links libqiao, and libqiao's PTX engine must not bind to
// the benchmark's.
#include "KernelEngine.h"

#include <dlfcn.h>

namespace qiao::bench {

std::unique_ptr<KernelEngine> makeTranslatedEngine(bool hostCompiled, std::string &why) {
  const char *path =
      hostCompiled ? QIAO_BENCH_TRANSLATED_HOST_LIBRARY : QIAO_BENCH_TRANSLATED_LIBRARY;
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL); // once per path: dlopen counts
  if (!library) {
    const char *error = dlerror();
    why = error ? error : std::string("cannot load ") + path;
    return nullptr;
  }
  using Make = KernelEngine *(*)();
  auto make = reinterpret_cast<Make>(dlsym(library, "qiaoBenchMakeTranslatedEngine"));
  if (!make) {
    why = std::string(path) + " has no qiaoBenchMakeTranslatedEngine";
    return nullptr;
  }
  return std::unique_ptr<KernelEngine>(make());
}

} // namespace qiao::bench
