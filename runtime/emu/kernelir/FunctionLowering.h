// Lowers one decoded PTX function to one per-thread LLVM function of Qiao kernel IR. Every PTX
// register slot is an i64 alloca holding the interpreter's cell (the value zero-extended from its
// type's width, ld of a signed type sign-extended), so that every instruction reads exactly the
// bits the interpreter reads; mem2reg turns the slots into SSA values afterwards.
#pragma once

#include "KernelIr.h"
#include "Program.h"

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include <functional>
#include <map>
#include <string>

namespace qiao::ptx {
struct MatrixInfo;
struct FragmentGeometry;
struct ElementPosition;
enum class MatrixRole : uint8_t;
} // namespace qiao::ptx

namespace qiao::kir {

using ptx::Inst;
using ptx::Operand;
using ptx::Type;

// Thrown inside lowering when an instruction cannot be expressed; caught per function.
struct Unsupported {
  std::string why;
};

// The module-wide state the functions share: declared functions and globals.
class ModuleLowering {
public:
  ModuleLowering(const ptx::Program &program, llvm::Module &module);
  const ptx::Program &program;
  llvm::Module &module;
  llvm::LLVMContext &context;

  llvm::Function *function(uint32_t index); // declared on first use
  llvm::FunctionType *functionType(uint32_t index);
  // A `qiao.*` function of the dialect, declared on first use with its attributes.
  llvm::FunctionCallee intrinsic(const std::string &name, llvm::FunctionType *type,
                                 bool convergent = false, bool pure = false);
  // The module global holding address addr (PTX symbols were resolved to host addresses by the
  // decoder), or null.
  llvm::Constant *globalAddress(uint64_t addr);
  // The same as a pointer: the variable (in its own address space) at the right offset, or null.
  llvm::Constant *globalPointer(uint64_t addr);
  // A PTX function "address" (ptx::Program::functionAddress) as the i64 of the LLVM function it
  // names (a device function, or a kernel: how device-side launches name a grid's kernel), or
  // null when addr names no function with a body.
  llvm::Constant *functionAddress(uint64_t addr);

private:
  std::map<uint32_t, llvm::Function *> functions_;
  std::vector<llvm::GlobalVariable *> globals_;
  void declareGlobals();
};

class FunctionLowering {
public:
  FunctionLowering(ModuleLowering &module, uint32_t index);
  // Fills the function's body; throws Unsupported.
  void lower();

private:
  ModuleLowering &m_;
  const ptx::Program &program_;
  const ptx::Function &fn_;
  llvm::Function *out_;
  llvm::IRBuilder<> b_;
  std::vector<llvm::AllocaInst *> regs_;
  llvm::Value *paramArea_ = nullptr;    // the frame's param area (.func params, call-site .param)
  llvm::Value *localDepot_ = nullptr;   // .local variables of the frame
  llvm::Value *kernelParams_ = nullptr; // kernel: the packed parameter buffer (addrspace 4)
  llvm::Value *carry_ = nullptr;        // CC.CF of the carry chain (an i64 0 or 1)
  llvm::Value *sharedBase_ = nullptr;   // qiao.shared.base(), called once in the entry block
  llvm::Value *texel_ = nullptr;        // [4 x i32] the qiao.tex.* calls write, on first use
  std::map<uint32_t, llvm::BasicBlock *> blocks_;
  const Inst *inst_ = nullptr; // the instruction being lowered, for messages

  llvm::Type *i1_, *i8_, *i16_, *i32_, *i64_, *f32_, *f64_, *ptr_;

  [[noreturn]] void unsupported(const std::string &why) const;
  std::string where() const;
  bool sourceHas(const char *modifier) const;       // the instruction's text names .modifier
  std::vector<std::string> sourceModifiers() const; // the opcode's .modifiers, in order

  // --- registers ---
  llvm::Value *cell(uint32_t slot);
  void setCell(uint32_t slot, llvm::Value *bits64);
  // The operand as an integer of `bits` bits (registers, immediates, vectors packed).
  llvm::Value *readInt(const Operand &op, unsigned bits);
  llvm::Value *readFloat(const Operand &op, Type t); // f32/f64
  llvm::Value *readPred(const Operand &op);          // i1, negation applied
  llvm::Value *readTyped(const Operand &op, Type t); // int of t's width, or float for f32/f64
  void write(const Operand &op, llvm::Value *value); // int (zero-extended), float, or i1
  void writeSigned(const Operand &op, llvm::Value *value);

  // --- control ---
  llvm::BasicBlock *blockAt(uint32_t pc);
  void lowerInst(uint32_t pc, const Inst &inst);
  void lowerCall(const Inst &inst);
  void lowerBuiltinCall(const ptx::Function &callee, const ptx::CallSite &site);
  // A device runtime entry point as its qiao.device.* call (FamilyDeviceRuntime.cpp); returns
  // the result as an i64.
  llvm::Value *lowerDeviceRuntimeCall(const ptx::Function &callee, const ptx::CallSite &site);
  void lowerIndirectCall(const ptx::CallSite &site);
  void storeResults(const ptx::CallSite &site, llvm::Value *result); // into the caller's places
  void lowerReturn();
  void lowerExit();

  // --- families (FamilyArithmetic.cpp, FamilyMemory.cpp, FamilyCollectives.cpp) ---
  bool lowerCarry(const Inst &inst); // the .cc carry chain
  bool lowerIntArith(const Inst &inst);
  // Float arithmetic or conversion rounded other than to nearest: qiao.<op>.<mode>.<type>.
  llvm::Value *directedRounding(const std::string &op, llvm::Type *ret,
                                llvm::ArrayRef<llvm::Value *> args, const std::string &suffix);
  bool lowerFloatArith(const Inst &inst);
  bool lowerBits(const Inst &inst);
  bool lowerCompare(const Inst &inst);
  bool lowerConvert(const Inst &inst);
  bool lowerMov(const Inst &inst);
  bool lowerMemory(const Inst &inst);
  bool lowerAtomic(const Inst &inst);
  bool lowerCvta(const Inst &inst);
  bool lowerIsspacep(const Inst &inst);
  bool lowerAsyncCopy(const Inst &inst); // cp.async and its groups
  // mbarrier, cp.async.mbarrier.arrive and cp.async.bulk (FamilyAsyncBarrier.cpp).
  bool lowerMbarrier(const Inst &inst);
  bool lowerAsyncBarrierCopy(const Inst &inst);
  llvm::Value *mbarrierObject(const Operand &address); // ptr addrspace(3)
  bool lowerCollective(const Inst &inst);
  llvm::Value *specialRegister(ptx::SpecialReg reg);
  // Half precision (FamilyHalf.cpp).
  bool lowerHalfArith(const Inst &inst);
  bool lowerHalfCompare(const Inst &inst);
  bool lowerHalfConvert(const Inst &inst);
  bool lowerHalfAtomic(const Inst &inst); // 16-bit and half forms of atom/red
  bool lowerVideo(const Inst &inst);      // FamilyVideo.cpp
  bool lowerDot(const Inst &inst);        // dp4a, dp2a (FamilyVideo.cpp)
  bool lowerTexture(const Inst &inst);    // tex (FamilyTexture.cpp)
  bool lowerSurface(const Inst &inst);    // suld.b, sust.b (FamilyTexture.cpp)
  // Matrix instructions (FamilyMatrix.cpp).
  bool lowerMmaSync(const Inst &inst);
  bool lowerLdmatrix(const Inst &inst);
  bool lowerTf32(const Inst &inst);
  llvm::Value *shuffleFrom(llvm::Value *value32, llvm::Value *lane); // every lane takes part
  llvm::Value *fragmentRegister(const Inst &inst, unsigned first, unsigned r);
  bool lowerWmma(const Inst &inst);
  void multiplyFragments(
      const ptx::MatrixInfo &info, const ptx::FragmentGeometry (&g)[4],
      const std::function<ptx::ElementPosition(ptx::MatrixRole, unsigned, unsigned)> &layout,
      const std::function<llvm::Value *(unsigned, unsigned)> &fragmentRegister,
      const std::function<std::pair<llvm::Value *, llvm::Value *>(unsigned)> &dPosition,
      const std::vector<uint32_t> &dSlots);
  std::pair<llvm::Value *, llvm::Value *> wmmaPosition(const ptx::FragmentGeometry &g, unsigned i);
  llvm::Value *halfElement(const Inst &inst, bool bf16, llvm::Value *a, llvm::Value *b,
                           llvm::Value *c);
  llvm::Value *halfValue(llvm::Value *bits16, bool bf16); // the exact f32 value
  // An f32 or f64 rounded to the nearest f16/bf16 (ties to even), as i16 bits; NaN gives the
  // canonical NaN.
  llvm::Value *roundToHalf(llvm::Value *f, bool bf16);
  llvm::Value *roundToOddFloat(llvm::Value *f64);
  // The same rounded in mode r (.rn, .rz, .rm, .rp) from a float, or from a double that is exact
  // or rounded to odd.
  llvm::Value *roundToHalfIn(llvm::Value *f, bool bf16, ptx::Rounding r);
  llvm::Value *sumToOdd(llvm::Value *x, llvm::Value *y, ptx::Rounding r); // doubles
  // An integer of `bits` bits as a double rounded to odd (exact up to 53 significant bits).
  llvm::Value *integerToOddDouble(llvm::Value *i, bool isSigned);
  llvm::Value *halfAdd(llvm::Value *a, llvm::Value *b, bool bf16); // i16 bits in and out

  // Helpers shared by the families.
  llvm::Value *flush(llvm::Value *f); // subnormal -> signed zero (.ftz)
  llvm::Value *saturate(llvm::Value *f);
  llvm::SyncScope::ID syncScope();            // the instruction's .cta/.gpu/.sys
  llvm::Value *memberMask(const Operand &op); // membermask operand, or qiao.activemask()
  llvm::Value *addressInt(const Operand &op); // base register + offset, as i64
  llvm::Value *pointerFor(ptx::Space space, const Operand &addr);
  llvm::Value *toGeneric(ptx::Space space, llvm::Value *addr);
  llvm::Value *fromGeneric(ptx::Space space, llvm::Value *generic);
  llvm::FunctionCallee q(const std::string &name, llvm::Type *ret,
                         llvm::ArrayRef<llvm::Type *> params, bool convergent = false,
                         bool pure = false);
};

} // namespace qiao::kir
