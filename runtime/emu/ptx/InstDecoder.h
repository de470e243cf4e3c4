// What an instruction family's decode function sees: the parsed instruction plus helpers that
// resolve its modifiers and operands against the enclosing function (registers, symbols,
// constants). One decode function per opcode fills an Inst; OpcodeTable.cpp lists them all.
#pragma once

#include "Ast.h"
#include "Ir.h"
#include "support/Expected.h"

#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {

class FunctionBuilder; // Decoder.cpp: the function being decoded

class InstDecoder {
public:
  InstDecoder(const ast::Instruction &inst, FunctionBuilder &fn) : inst_(inst), fn_(fn) {}

  const ast::Instruction &ast() const { return inst_; }
  const std::vector<std::string> &modifiers() const { return inst_.modifiers; }
  size_t operandCount() const { return inst_.operands.size(); }

  // True when the modifier (without its dot) is present.
  bool has(std::string_view modifier) const;
  // The type modifiers in the order written (ld.global.v2.f32 -> {F32}; cvt.rn.f32.s32 ->
  // {F32, S32}; setp.lt.and.s32 -> {S32}).
  std::vector<Type> types() const;
  // The rounding modifier (.rn, .rz, .rni...), Rounding::None when absent.
  Rounding rounding() const;
  // The state space modifier (.global, .shared, .local, .const, .param), Generic when absent.
  // .param resolves to KernelParam or FrameParam once the address operand is known: use
  // address() for that.
  Space space() const;
  // .v2 / .v4 -> 2 / 4; 1 when absent.
  uint8_t vectorWidth() const;

  // Operand resolution. Each fails with a diagnostic naming the operand when its form is wrong.
  // A register (destination or source). Pred type accepts a predicate register.
  Status reg(size_t index, Operand &out) const;
  // The second destination written `%a|%b` (setp's complement predicate, shfl's valid
  // predicate): out.kind is None when the operand has no partner.
  Status partner(size_t index, Operand &out) const;
  // A register or an immediate; an immediate is converted to type t (float literals to float bits,
  // integers truncated) and given a constant slot.
  Status source(size_t index, Type t, Operand &out) const;
  // A predicate source, possibly negated (!%p), or an immediate 0/1.
  Status predicate(size_t index, Operand &out) const;
  // [reg], [reg+imm], [sym], [sym+imm], [imm]. `space` is the instruction's space and is updated
  // for param symbols (kernel or frame param) and for symbols of a known space accessed
  // generically.
  Status address(size_t index, Space &space, Operand &out) const;
  // {a, b, c, d}: registers or `_` (kNoReg); count from the operand.
  Status vector(size_t index, Operand &out) const;
  // {r0, ..., rN}: the registers of a vector of any length (the matrix fragments of wmma and
  // mma hold up to eight), in order. Sinks and immediates are refused.
  Status registerList(size_t index, std::vector<uint32_t> &slots) const;
  // A register or a vector (ld/st/mov with .v2/.v4 or packed moves).
  Status regOrVector(size_t index, Operand &out) const;
  // The value of a symbol used as an operand of mov/cvta (`mov.u64 %rd1, smem;`): an immediate
  // holding its address in its own space. Fails when the name is not a variable.
  Status symbolAddress(size_t index, Operand &out) const;
  // A special register (%tid.x, %laneid, %clock64...).
  Status special(size_t index, Operand &out) const;
  // Integer immediate operand (shf amounts given as immediates, bar ids...).
  Expected<int64_t> immediate(size_t index) const;

  // True when op is a plain name (no %) that a .reg declaration in scope made a register.
  bool isBareRegister(const ast::Operand &op, uint32_t &slot) const;

  // An error at this instruction: "line L:C: MESSAGE in 'TEXT'". Code qiaoErrorInvalidPtx.
  Error error(std::string_view message) const;
  // Unsupported but well-formed PTX. Code qiaoErrorInvalidPtx as well, message says so.
  Error unsupported(std::string_view what) const;

  FunctionBuilder &function() const { return fn_; }

private:
  const ast::Instruction &inst_;
  FunctionBuilder &fn_;
};

using DecodeFn = Status (*)(InstDecoder &decoder, Inst &inst);

struct OpcodeEntry {
  std::string_view name; // "add", "ld", "shfl"...
  DecodeFn decode;
};

// Each family file contributes its opcodes through one of these (OpcodeTable.cpp joins them).
void addArithmeticOpcodes(std::vector<OpcodeEntry> &table); // integer and float arithmetic
void addLogicOpcodes(std::vector<OpcodeEntry> &table);      // bit operations, shifts
void addCompareOpcodes(std::vector<OpcodeEntry> &table);    // setp, selp, slct, set
void addConvertOpcodes(std::vector<OpcodeEntry> &table);    // cvt, cvt.pack
void addMemoryOpcodes(std::vector<OpcodeEntry> &table);     // ld, st, mov, cvta, prefetch...
void addAtomicOpcodes(std::vector<OpcodeEntry> &table);     // atom, red, fences
void addTextureOpcodes(std::vector<OpcodeEntry> &table);    // tex on texture objects
void addWarpOpcodes(std::vector<OpcodeEntry> &table);       // shfl, vote, match, redux, activemask
void addControlOpcodes(std::vector<OpcodeEntry> &table);    // bra, call, ret, exit, bar, trap
void addVideoOpcodes(std::vector<OpcodeEntry> &table);      // SIMD video: vadd2, vabsdiff4...
void addMatrixOpcodes(std::vector<OpcodeEntry> &table);     // wmma, mma, ldmatrix
void addMbarrierOpcodes(std::vector<OpcodeEntry> &table);   // mbarrier.*
void addAsyncCopyOpcodes(std::vector<OpcodeEntry> &table);  // cp.async, cp.async.bulk
void addClusterOpcodes(std::vector<OpcodeEntry> &table);    // mapa, getctarank

// The opcode -> decode function table, built once.
const std::vector<OpcodeEntry> &opcodeTable();
DecodeFn findDecoder(std::string_view opcode);

} // namespace qiao::ptx
