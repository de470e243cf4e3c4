// cuGetExportTable: NVIDIA's private tables, which its own runtime (linked statically into most
// CUDA programs) asks for, served by shim/dark.
#include "DriverApi.h"

#include "DarkApi.h"

extern "C" CUresult cuGetExportTable(const void **ppExportTable, const CUuuid *pExportTableId) {
  if (ppExportTable == nullptr || pExportTableId == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  // Null for a table Qiao does not know; qiaoDarkExportTable has then printed the one message
  // naming it.
  *ppExportTable =
      qiaoDarkExportTable(reinterpret_cast<const unsigned char *>(pExportTableId->bytes));
  return *ppExportTable ? CUDA_SUCCESS : CUDA_ERROR_NOT_SUPPORTED;
}
