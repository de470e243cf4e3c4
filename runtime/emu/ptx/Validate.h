// Validation of a parsed module as ptxas does it, before linking and decoding: what ptxas
// rejects must not load here either (it would run with meanings PTX does not give it), and
// what ptxas accepts must load. The passes run in this order, each stopping at its first error:
//   1. header:       .version and .target present, .address_size 64 (the device is 64-bit)
//   2. module names: no two definitions of a variable or function, no variable and function
//                    sharing a name
//   3. functions:    per scope, no duplicate parameter, variable, register or label; a call never
//                    names an .entry; barrier numbers 0..15; operand types as OperandTypes.h
//                    checks them (a negated operand is a predicate)
// (.align being a power of two, and the header's order, are checked by the parser, which sees
// every .align and the order of directives.)
#pragma once

#include "Ast.h"
#include "support/Expected.h"

namespace qiao::ptx {

// Errors carry qiaoErrorInvalidPtx and "line L:C: what".
Status validateModule(const ast::Module &module);

} // namespace qiao::ptx
