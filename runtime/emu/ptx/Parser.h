// Reads PTX text (the dialect nvcc 13 and NVRTC emit, ISA 9.0 and older) into a syntax tree.
#pragma once

#include "Ast.h"
#include "support/Expected.h"

#include <string_view>
#include <vector>

namespace qiao::ptx {

// Parses a whole module. Never crashes or hangs on malformed input: the error carries
// qiaoErrorInvalidPtx (218) and a message "line L:C: what was expected, what was seen".
// Input may contain NUL bytes and need not be NUL-terminated.
Expected<ast::Module> parseModule(std::string_view text);

// Parses the texts of several modules placed one after another (one image that a program made by
// concatenating translation units): a `.version` directive after the first begins the next
// module. One module's text gives one element.
Expected<std::vector<ast::Module>> parseModules(std::string_view text);

} // namespace qiao::ptx
