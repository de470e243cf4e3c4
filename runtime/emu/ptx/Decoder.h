// Turns a parsed module into a Program: lays out globals, shared memory, frames and registers,
// resolves symbols and labels, and decodes every instruction through the opcode table.
#pragma once

#include "Ast.h"
#include "Program.h"
#include "support/Expected.h"

#include <memory>

namespace qiao::ptx {

// Allocates and initialises the module's globals through memory. Errors carry
// qiaoErrorInvalidPtx and "line L:C: ..." naming the instruction or declaration.
Expected<std::unique_ptr<Program>> decodeProgram(const ast::Module &module, DeviceMemory &memory);

} // namespace qiao::ptx
