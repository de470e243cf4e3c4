// cuGetProcAddress: any exported name, at the flavour the caller's CUDA version expects, per-
// thread-stream flavours on request. Answers before cuInit: NVIDIA's static runtime resolves
// everything through it, starting before it calls cuInit.
#include "DriverApi.h"
#include "ProcTable.h"

#include <cstring>
#include <string>

using namespace qiao::cuda;

namespace {

void *exported(const std::string &name) {
  const ExportedFunction *begin = kExportedFunctions;
  const ExportedFunction *end = kExportedFunctions + kExportedFunctionCount;
  // Binary search over the sorted table.
  while (begin < end) {
    const ExportedFunction *middle = begin + (end - begin) / 2;
    int order = std::strcmp(middle->name, name.c_str());
    if (order == 0)
      return middle->address;
    if (order < 0)
      begin = middle + 1;
    else
      end = middle;
  }
  return nullptr;
}

CUresult resolve(const char *symbol, void **pfn, int cudaVersion, cuuint64_t flags,
                 CUdriverProcAddressQueryResult *status) {
  auto answer = [&](CUdriverProcAddressQueryResult found, void *address) {
    *pfn = address;
    if (status)
      *status = found;
    return found == CU_GET_PROC_ADDRESS_SUCCESS ? CUDA_SUCCESS : CUDA_ERROR_NOT_FOUND;
  };
  if (symbol == nullptr || pfn == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (flags > (CU_GET_PROC_ADDRESS_LEGACY_STREAM | CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM))
    return CUDA_ERROR_INVALID_VALUE;

  // A versioned name: the newest flavour not newer than the caller's CUDA version.
  std::string chosen;
  bool versioned = false;
  for (size_t i = 0; i < kVersionedNameCount; ++i) {
    const VersionedName &row = kVersionedNames[i];
    if (std::strcmp(row.name, symbol) != 0)
      continue;
    versioned = true;
    if (row.version <= cudaVersion)
      chosen = row.symbol;
  }
  if (versioned && chosen.empty())
    return answer(CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT, nullptr);
  if (!versioned)
    chosen = symbol;
  void *address = exported(chosen);
  if (address == nullptr)
    return answer(CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND, nullptr);

  if ((flags & CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM) != 0) {
    for (const char *suffix : {"_ptds", "_ptsz"})
      if (void *perThread = exported(chosen + suffix))
        return answer(CU_GET_PROC_ADDRESS_SUCCESS, perThread);
  }
  return answer(CU_GET_PROC_ADDRESS_SUCCESS, address);
}

} // namespace

extern "C" CUresult cuGetProcAddress(const char *symbol, void **pfn, int cudaVersion,
                                     cuuint64_t flags, CUdriverProcAddressQueryResult *status) {
  return resolve(symbol, pfn, cudaVersion, flags, status);
}

// The CUDA 11.3 flavour, without the status argument.
#undef cuGetProcAddress
extern "C" CUresult cuGetProcAddress(const char *symbol, void **pfn, int cudaVersion,
                                     cuuint64_t flags) {
  return resolve(symbol, pfn, cudaVersion, flags, nullptr);
}
