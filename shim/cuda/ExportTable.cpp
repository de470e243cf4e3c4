// cuGetExportTable: NVIDIA's private tables (used by its own runtime) are not provided yet.
#include "DriverApi.h"

#include <cstdio>
#include <mutex>
#include <set>
#include <string>

namespace {

// "f8cff951-2146-8b4e-b9e2-fb469e7c0dd9": the byte order NVIDIA's tools print.
std::string formatUuid(const CUuuid &id) {
  static constexpr int kDashAfter[] = {3, 5, 7, 9};
  std::string text;
  char hex[3];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(id.bytes[i]));
    text += hex;
    for (int dash : kDashAfter)
      if (i == dash)
        text += '-';
  }
  return text;
}

} // namespace

extern "C" CUresult cuGetExportTable(const void **ppExportTable, const CUuuid *pExportTableId) {
  if (ppExportTable == nullptr || pExportTableId == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *ppExportTable = nullptr;
  // One message per table, however often it is asked for.
  static std::mutex mutex;
  static std::set<std::string> reported;
  std::string uuid = formatUuid(*pExportTableId);
  std::lock_guard lock(mutex);
  if (reported.insert(uuid).second)
    std::fprintf(stderr, "qiao: cuGetExportTable: export table %s is not supported yet\n",
                 uuid.c_str());
  return CUDA_ERROR_NOT_SUPPORTED;
}
