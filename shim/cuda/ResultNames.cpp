// cuGetErrorName / cuGetErrorString and the lookups behind them: CuResults.def as a table.
#include "DriverApi.h"

#include <algorithm>
#include <iterator>

namespace qiao::cuda {

namespace {

struct ResultText {
  int value;
  const char *name;
  const char *description;
};

constexpr ResultText kResults[] = {
#define CU_RESULT(name, value, description) {value, #name, description},
#include "CuResults.def"
#undef CU_RESULT
};

const ResultText *find(int code) {
  auto found = std::find_if(std::begin(kResults), std::end(kResults),
                            [code](const ResultText &entry) { return entry.value == code; });
  return found == std::end(kResults) ? nullptr : found;
}

} // namespace

const char *cuResultName(int code) {
  const ResultText *entry = find(code);
  return entry ? entry->name : nullptr;
}

const char *cuResultDescription(int code) {
  const ResultText *entry = find(code);
  return entry ? entry->description : nullptr;
}

} // namespace qiao::cuda

using namespace qiao::cuda;

// Both answer for any code without cuInit; an unknown code is CUDA_ERROR_INVALID_VALUE with
// *pStr set to NULL, as the driver does.
extern "C" CUresult cuGetErrorName(CUresult error, const char **pStr) {
  if (pStr == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *pStr = cuResultName(error);
  return *pStr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

extern "C" CUresult cuGetErrorString(CUresult error, const char **pStr) {
  if (pStr == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  *pStr = cuResultDescription(error);
  return *pStr ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
