// The pre-Volta warp-synchronous idiom: lanes of a warp pass values through a volatile shared
// array with no __syncwarp(), relying on the warp executing each statement in lockstep (every
// lane reads before any lane writes):
//   if (tid < 32) { volatile int *s = sdata; s[tid] += s[tid + 16]; s[tid] += s[tid + 8]; ... }
// Host-compiled lanes run one after another between collectives, so such code gives wrong
// results as it stands. Each such store becomes qiaoWarpStore(element, value) (qiao/device.h):
// the lanes that execute the statement together all compute the value, then all store it,
// which is what lockstep execution did (and what CUDA's Volta migration advice writes by hand
// with __syncwarp()).
#pragma once

#include "FileRewrite.h"
#include "SourceMapping.h"

#include "clang/AST/ASTContext.h"

namespace qiao::translate {

// Rewrites the warp-synchronous stores in the device functions under decl that are written in
// the file being translated.
void rewriteWarpSynchronousStores(FileRewrite &file, const SourceMapping &map,
                                  clang::ASTContext &ctx, clang::Decl *decl);

} // namespace qiao::translate
