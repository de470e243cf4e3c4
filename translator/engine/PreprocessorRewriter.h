// The preprocessor pass: include directives, CUDA macros used in the file (CUDART_VERSION,
// cudaStreamNonBlocking, ...), macro names tested by #ifdef/#ifndef/defined(), and the ranges
// of inactive branches, which the token sweep then translates.
#pragma once

#include "FileRewrite.h"
#include "SourceMapping.h"

#include "clang/Basic/LangOptions.h"
#include "clang/Lex/PPCallbacks.h"

#include <memory>

namespace qiao::translate {

std::unique_ptr<clang::PPCallbacks> makePreprocessorRewriter(FileRewrite &file,
                                                             const SourceMapping &map,
                                                             const clang::LangOptions &lang);

} // namespace qiao::translate
