// Qiao codes to CUresult: the table of differences (QiaoToCuResult.def), else the same number.
#include "DriverApi.h"

namespace qiao::cuda {

namespace {

struct Mapping {
  int qiao;
  CUresult cu;
};

constexpr Mapping kDifferences[] = {
#define QIAO_TO_CU(qiaoCode, cuResult) {qiaoCode, cuResult},
#include "QiaoToCuResult.def"
#undef QIAO_TO_CU
};

} // namespace

CUresult toCuResult(int code) {
  for (const Mapping &mapping : kDifferences)
    if (mapping.qiao == code)
      return mapping.cu;
  // A code of no CUresult would make a program print "unrecognized error code": say unknown.
  return cuResultName(code) ? static_cast<CUresult>(code) : CUDA_ERROR_UNKNOWN;
}

} // namespace qiao::cuda
