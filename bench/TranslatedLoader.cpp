// Loads the translated column (TranslatedEngine.cpp, libqiao-bench-translated.so) with its own
// symbol scope: it links libqiao, and libqiao's PTX engine must not bind to the benchmark's.
#include "KernelEngine.h"

#include <dlfcn.h>

namespace qiao::bench {

std::unique_ptr<KernelEngine> makeTranslatedEngine(std::string &why) {
  static void *library = dlopen(QIAO_BENCH_TRANSLATED_LIBRARY, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *error = dlerror();
    why = error ? error : "cannot load " QIAO_BENCH_TRANSLATED_LIBRARY;
    return nullptr;
  }
  using Make = KernelEngine *(*)();
  auto make = reinterpret_cast<Make>(dlsym(library, "qiaoBenchMakeTranslatedEngine"));
  if (!make) {
    why = QIAO_BENCH_TRANSLATED_LIBRARY " has no qiaoBenchMakeTranslatedEngine";
    return nullptr;
  }
  return std::unique_ptr<KernelEngine>(make());
}

} // namespace qiao::bench
