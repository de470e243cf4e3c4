// The semantic pass: walks the AST of the file being translated and rewrites what Clang resolved
// to CUDA's declarations (functions, types, enumerators, variables), kernel launches, and
// dynamic shared memory declarations. Template definitions are walked once, as written, never
// their instantiations, so each spelling is decided once.
#pragma once

#include "FileRewrite.h"
#include "SourceMapping.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/LangOptions.h"

#include <memory>

namespace qiao::translate {

std::unique_ptr<clang::ASTConsumer> makeAstRewriter(FileRewrite &file, const SourceMapping &map,
                                                    const clang::LangOptions &lang);

} // namespace qiao::translate
