#include "Libdevice.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace qiao_cxx {

fs::path findLibdevice() {
  std::error_code ec;
  if (const char *chosen = std::getenv("QIAO_LIBDEVICE"))
    return fs::is_regular_file(chosen, ec) ? fs::path(chosen) : fs::path();
  std::vector<fs::path> roots;
  for (const char *variable : {"CUDA_PATH", "CUDA_HOME"})
    if (const char *root = std::getenv(variable); root && *root)
      roots.emplace_back(root);
  roots.insert(roots.end(), {"/usr/local/cuda", "/usr/lib/cuda", "/usr/lib/nvidia-cuda-toolkit"});
  for (const fs::path &root : roots)
    for (const char *relative : {"nvvm/libdevice/libdevice.10.bc", "libdevice/libdevice.10.bc"})
      if (fs::is_regular_file(root / relative, ec))
        return root / relative;
  return {};
}

} // namespace qiao_cxx
