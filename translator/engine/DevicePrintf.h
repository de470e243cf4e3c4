// printf in device code returns the number of arguments it parsed (CUDA's device printf), not
// the number of characters C's printf returns. Host-compiled kernels call the C library's
// printf, which the host's own calls share, so each call written in a __device__ or __global__
// function becomes qiaoDevicePrintf (qiao/device.h), which prints the same text and returns
// CUDA's value. A __host__ __device__ function's call is left alone: it is host code too.
#pragma once

#include "FileRewrite.h"
#include "SourceMapping.h"

#include "clang/AST/ASTContext.h"

namespace qiao::translate {

void rewriteDevicePrintf(FileRewrite &file, const SourceMapping &map, clang::Decl *decl);

} // namespace qiao::translate
