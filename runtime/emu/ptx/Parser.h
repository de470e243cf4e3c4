// Reads PTX text (the dialect nvcc 13 and NVRTC emit, ISA 9.0 and older) into a syntax tree.
#pragma once

#include "Ast.h"
#include "support/Expected.h"

#include <string_view>

namespace qiao::ptx {

// Parses a whole module. Never crashes or hangs on malformed input: the error carries
// qiaoErrorInvalidPtx (218) and a message "line L:C: what was expected, what was seen".
// Input may contain NUL bytes and need not be NUL-terminated.
Expected<ast::Module> parseModule(std::string_view text);

} // namespace qiao::ptx
