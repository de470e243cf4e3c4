// The token sweep: the last pass over a file, on its raw tokens (clang's lexer in raw mode, so
// comments and string literals are never touched). It translates what the Clang passes did not
// reach: inactive #if branches, macro bodies never expanded, code Clang could not parse, and
// launches written inside macros. Names the AST pass decided, or protected as the user's, are
// skipped, so in a file that parsed cleanly it only finishes the job.
#pragma once

#include "FileRewrite.h"

namespace qiao::translate {

void sweepTokens(FileRewrite &file);

// Adds the Qiao header the file needs (qiao/device.h when it has device code, else the
// runtime header when it uses the runtime) when no include provides it yet.
void ensureTargetInclude(FileRewrite &file);

} // namespace qiao::translate
