// PTX operand type checking as ptxas does it (ISA 9.0 section 6.4, "Operand Type Information"):
// each operand's declared type must be compatible with the type the instruction gives it. A
// bit-size type (.b32) is compatible with every type of its size, integer types of one size with
// each other, a float type only with itself; ld, st and cvt relax this so that a register may be
// wider than the instruction type (section 6.4.1). ptxas calls a violation "Arguments mismatch".
#pragma once

#include "Ast.h"
#include "ScopedNames.h"
#include "support/Expected.h"

namespace qiao::ptx {

// Checks the operands of one instruction against the registers in scope. Instructions whose
// operand types this check does not know (tex, mma, video...) pass: the decoder has its own say.
// Errors carry qiaoErrorInvalidPtx and "line L:C: ... in 'TEXT'".
Status checkOperandTypes(const ast::Instruction &inst, const ScopedNames &names,
                         uint32_t addressSize);

} // namespace qiao::ptx
