// Links the syntax trees of several PTX modules into one, as nvlink links the translation units
// of a program built with relocatable device code (nvcc -rdc=true): each module's `.extern`
// functions and variables are resolved by the definitions another module makes visible.
#pragma once

#include "Ast.h"
#include "support/Expected.h"

#include <vector>

namespace qiao::ptx {

// One module that the decoder can take as it takes a single module's tree:
// - `.extern .global/.const` declarations are dropped where a module defines the variable (one
//   left undefined stays, and the decoder names it); `.extern .shared` arrays are kept once;
// - a function's prototypes (`.extern .func`) stay beside its definition, which the decoder
//   already merges;
// - names a module keeps to itself (no `.visible`, `.weak` or `.extern`: `$str` of device printf,
//   for instance) are renamed where another module uses the same name, so each keeps its own;
// - two visible definitions of one name are an error naming both places; a `.weak` definition
//   gives way to a strong one, and the first of several weak ones is kept.
// - functions no kernel can reach (through calls, symbol operands or variable initialisers) are
//   dropped, so that a unit linked in for a few functions cannot fail the load with the rest.
// Header: the highest `.version`, the targets of the module with the highest sm_ target; address
// sizes must agree. Errors carry qiaoErrorInvalidPtx. Module numbers in messages count from 1.
Expected<ast::Module> linkModules(std::vector<ast::Module> modules);

} // namespace qiao::ptx
