// The skeleton of a lowered function: its signature, frame (registers, param area, local depot),
// basic blocks at the PTX leaders, guards, branches, calls, ret and exit.
#include "FunctionLowering.h"

#include "support/ErrorCodes.h"

#include <llvm/IR/Verifier.h>

#include <cstring>

namespace qiao::kir {

using namespace llvm;
using ptx::Control;
using ptx::kNoReg;
using ptx::Opcode;

namespace {

const char *opcodeSpelling(Opcode op) {
  switch (op) {
#define QIAO_PTX_OPCODE(spelling, name)                                                            \
  case Opcode::name:                                                                               \
    return #spelling;
#include "Opcodes.def"
#undef QIAO_PTX_OPCODE
  case Opcode::Unknown:
    break;
  }
  return "?";
}

} // namespace

ModuleLowering::ModuleLowering(const ptx::Program &program, llvm::Module &module)
    : program(program), module(module), context(module.getContext()) {
  declareGlobals();
}

Constant *ModuleLowering::functionAddress(uint64_t addr) {
  uint32_t index;
  if (!ptx::Program::functionFromAddress(addr, static_cast<uint32_t>(program.functions.size()),
                                         index))
    return nullptr;
  const ptx::Function &fn = program.functions[index];
  if (!fn.hasBody || fn.builtin != ptx::Builtin::None)
    return nullptr;
  return ConstantExpr::getPtrToInt(function(index), llvm::Type::getInt64Ty(context));
}

// A variable's initial bytes: an [N x i8] array, or where the PTX initialiser names functions
// (virtual tables, tables of function pointers), a packed struct of byte arrays and the i64
// addresses of those functions.
static Constant *initialiser(ModuleLowering &m, const ptx::GlobalVariable &g) {
  LLVMContext &context = m.context;
  auto *i8 = llvm::Type::getInt8Ty(context);
  auto *bytesType = ArrayType::get(i8, g.bytes ? g.bytes : 1);
  if (!g.address || !g.bytes)
    return ConstantAggregateZero::get(bytesType);
  std::vector<Constant *> parts;
  uint64_t start = 0; // of the byte run not yet in parts
  auto flush = [&](uint64_t end) {
    if (end > start)
      parts.push_back(
          ConstantDataArray::get(context, ArrayRef<uint8_t>(g.address + start, g.address + end)));
    start = end;
  };
  for (uint64_t at = 0; at + 8 <= g.bytes; at += 8) {
    uint64_t word;
    std::memcpy(&word, g.address + at, 8);
    if (Constant *f = m.functionAddress(word)) {
      flush(at);
      parts.push_back(f);
      start = at + 8;
    }
  }
  if (parts.empty()) {
    bool zero = true;
    for (uint64_t i = 0; i < g.bytes && zero; ++i)
      zero = g.address[i] == 0;
    return zero ? ConstantAggregateZero::get(bytesType)
                : ConstantDataArray::get(context, ArrayRef<uint8_t>(g.address, g.bytes));
  }
  flush(g.bytes);
  return ConstantStruct::getAnon(context, parts, true);
}

void ModuleLowering::declareGlobals() {
  for (const ptx::GlobalVariable &g : program.globals) {
    unsigned space = g.space == ptx::Space::Const ? kConstant : kGlobal;
    Constant *init = initialiser(*this, g);
    auto *gv = new GlobalVariable(module, init->getType(), g.space == ptx::Space::Const,
                                  GlobalValue::ExternalLinkage, init, g.name, nullptr,
                                  GlobalValue::NotThreadLocal, space);
    gv->setAlignment(Align(16));
    globals_.push_back(gv);
  }
}

Constant *ModuleLowering::globalAddress(uint64_t addr) {
  for (size_t i = 0; i < program.globals.size(); ++i) {
    const ptx::GlobalVariable &g = program.globals[i];
    uint64_t base = reinterpret_cast<uint64_t>(g.address);
    if (!g.address || addr < base || addr > base + g.bytes)
      continue;
    auto *i64 = llvm::Type::getInt64Ty(context);
    Constant *generic = ConstantExpr::getAddrSpaceCast(globals_[i], PointerType::get(context, 0));
    Constant *bits = ConstantExpr::getPtrToInt(generic, i64);
    return addr == base ? bits : ConstantExpr::getAdd(bits, ConstantInt::get(i64, addr - base));
  }
  return nullptr;
}

Constant *ModuleLowering::globalPointer(uint64_t addr) {
  for (size_t i = 0; i < program.globals.size(); ++i) {
    const ptx::GlobalVariable &g = program.globals[i];
    uint64_t base = reinterpret_cast<uint64_t>(g.address);
    if (!g.address || addr < base || addr >= base + g.bytes)
      continue;
    auto *i8 = llvm::Type::getInt8Ty(context);
    return ConstantExpr::getInBoundsGetElementPtr(
        i8, globals_[i], ConstantInt::get(llvm::Type::getInt64Ty(context), addr - base));
  }
  return nullptr;
}

FunctionType *ModuleLowering::functionType(uint32_t index) {
  const ptx::Function &fn = program.functions[index];
  auto *voidTy = llvm::Type::getVoidTy(context);
  if (fn.isEntry)
    return FunctionType::get(voidTy, {PointerType::get(context, kConstant)}, false);
  std::vector<llvm::Type *> params;
  for (uint32_t size : fn.paramSizes)
    params.push_back(IntegerType::get(context, size * 8));
  std::vector<llvm::Type *> results;
  for (uint32_t size : fn.returnSizes)
    results.push_back(IntegerType::get(context, size * 8));
  llvm::Type *ret = results.empty()       ? voidTy
                    : results.size() == 1 ? results[0]
                                          : StructType::get(context, results);
  return FunctionType::get(ret, params, false);
}

llvm::Function *ModuleLowering::function(uint32_t index) {
  if (auto it = functions_.find(index); it != functions_.end())
    return it->second;
  const ptx::Function &fn = program.functions[index];
  auto *f =
      llvm::Function::Create(functionType(index), GlobalValue::ExternalLinkage, fn.name, module);
  // Any function may reach a barrier or warp collective: none may be made control-dependent on
  // more values than the PTX says (LLVM's convergent).
  f->addFnAttr(Attribute::Convergent);
  if (fn.isEntry) {
    f->addFnAttr("qiao-kernel");
    f->getArg(0)->setName("params");
    f->addParamAttr(0, Attribute::NoAlias);
    f->addParamAttr(0, Attribute::ReadOnly);
  }
  functions_[index] = f;
  return f;
}

FunctionCallee ModuleLowering::intrinsic(const std::string &name, FunctionType *type,
                                         bool convergent, bool pure) {
  FunctionCallee callee = module.getOrInsertFunction(name, type);
  if (auto *f = dyn_cast<llvm::Function>(callee.getCallee())) {
    f->addFnAttr(Attribute::NoUnwind);
    if (convergent)
      f->addFnAttr(Attribute::Convergent);
    if (pure)
      f->setDoesNotAccessMemory();
  }
  return callee;
}

FunctionLowering::FunctionLowering(ModuleLowering &module, uint32_t index)
    : m_(module), program_(module.program), fn_(module.program.functions[index]),
      out_(module.function(index)), b_(module.context) {
  i1_ = b_.getInt1Ty();
  i8_ = b_.getInt8Ty();
  i16_ = b_.getInt16Ty();
  i32_ = b_.getInt32Ty();
  i64_ = b_.getInt64Ty();
  f32_ = b_.getFloatTy();
  f64_ = b_.getDoubleTy();
  ptr_ = b_.getPtrTy();
}

std::string FunctionLowering::where() const {
  if (!inst_)
    return "function " + fn_.name;
  std::string text;
  uint32_t line = 0;
  if (inst_->source < program_.sources.size()) {
    line = program_.sources[inst_->source].line;
    text = program_.sources[inst_->source].text;
  }
  return "line " + std::to_string(line) + ": '" + text + "' in " + fn_.name;
}

void FunctionLowering::unsupported(const std::string &why) const {
  throw Unsupported{where() + ": " + why};
}

std::vector<std::string> FunctionLowering::sourceModifiers() const {
  std::vector<std::string> out;
  if (!inst_ || inst_->source >= program_.sources.size())
    return out;
  const std::string &text = program_.sources[inst_->source].text;
  // The opcode and its modifiers: the first word that is not a guard.
  size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t'))
    ++start;
  if (start < text.size() && text[start] == '@') {
    start = text.find_first_of(" \t", start);
    start = start == std::string::npos ? text.size() : text.find_first_not_of(" \t", start);
  }
  size_t end = text.find_first_of(" \t;", start);
  std::string word = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
  for (size_t dot = word.find('.'); dot != std::string::npos;) {
    size_t next = word.find('.', dot + 1);
    out.push_back(
        word.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1));
    dot = next;
  }
  return out;
}

bool FunctionLowering::sourceHas(const char *modifier) const {
  for (const std::string &written : sourceModifiers())
    if (written == modifier)
      return true;
  return false;
}

// --- registers ---------------------------------------------------------------------------------

Value *FunctionLowering::cell(uint32_t slot) {
  if (slot >= regs_.size())
    unsupported("register slot out of range");
  return b_.CreateLoad(i64_, regs_[slot]);
}

void FunctionLowering::setCell(uint32_t slot, Value *bits64) {
  if (slot >= regs_.size())
    unsupported("register slot out of range");
  b_.CreateStore(bits64, regs_[slot]);
}

Value *FunctionLowering::readInt(const Operand &op, unsigned bits) {
  auto *type = b_.getIntNTy(bits);
  switch (op.kind) {
  case Operand::Kind::Reg: {
    Value *v = cell(op.reg);
    if (op.negated)
      v = b_.CreateXor(v, 1);
    return bits == 64 ? v : bits < 64 ? b_.CreateTrunc(v, type) : b_.CreateZExt(v, type);
  }
  case Operand::Kind::Imm: {
    if (bits == 64) {
      if (Constant *g = m_.globalAddress(op.imm))
        return g;
      if (Constant *f = m_.functionAddress(op.imm))
        return f;
    }
    return ConstantInt::get(type, bits >= 64 ? op.imm : op.imm & ((uint64_t{1} << bits) - 1));
  }
  case Operand::Kind::Special:
    return b_.CreateZExtOrTrunc(specialRegister(op.special), type);
  case Operand::Kind::Vector: {
    // {a, b, ...} packs elements, the first in the low bits.
    unsigned each = bits / op.count;
    Value *v = ConstantInt::get(type, 0);
    for (unsigned e = 0; e < op.count; ++e) {
      if (op.elems[e] == kNoReg)
        continue;
      Value *part = b_.CreateZExt(b_.CreateTrunc(cell(op.elems[e]), b_.getIntNTy(each)), type);
      v = b_.CreateOr(v, b_.CreateShl(part, e * each));
    }
    return v;
  }
  case Operand::Kind::Address:
    return b_.CreateZExtOrTrunc(addressInt(op), type);
  default:
    unsupported("an operand of an unexpected kind");
  }
}

Value *FunctionLowering::readFloat(const Operand &op, Type t) {
  if (t == Type::F32)
    return b_.CreateBitCast(readInt(op, 32), f32_);
  if (t == Type::F64)
    return b_.CreateBitCast(readInt(op, 64), f64_);
  unsupported("a " + std::string(ptx::typeName(t)) + " operand");
}

Value *FunctionLowering::readPred(const Operand &op) {
  if (op.kind == Operand::Kind::Imm)
    return ConstantInt::get(i1_, (op.imm & 1) != 0);
  if (op.kind == Operand::Kind::Special) // %is_explicit_cluster: 0 or 1
    return b_.CreateTrunc(specialRegister(op.special), i1_);
  Value *v = b_.CreateTrunc(cell(op.reg), i1_);
  return op.negated ? b_.CreateNot(v) : v;
}

Value *FunctionLowering::readTyped(const Operand &op, Type t) {
  if (t == Type::F32 || t == Type::F64)
    return readFloat(op, t);
  if (t == Type::Pred)
    return readPred(op);
  return readInt(op, ptx::typeBytes(t) * 8);
}

void FunctionLowering::write(const Operand &op, Value *value) {
  if (op.kind == Operand::Kind::None || op.kind == Operand::Kind::Sink)
    return;
  llvm::Type *t = value->getType();
  if (t->isFloatTy())
    value = b_.CreateBitCast(value, i32_);
  else if (t->isDoubleTy())
    value = b_.CreateBitCast(value, i64_);
  if (op.kind == Operand::Kind::Vector) {
    // Unpacking: element e takes bits [e * w, (e + 1) * w).
    unsigned total = value->getType()->getIntegerBitWidth(), each = total / op.count;
    for (unsigned e = 0; e < op.count; ++e) {
      if (op.elems[e] == kNoReg)
        continue;
      Value *part = b_.CreateTrunc(b_.CreateLShr(value, e * each), b_.getIntNTy(each));
      setCell(op.elems[e], b_.CreateZExt(part, i64_));
    }
    return;
  }
  if (op.kind != Operand::Kind::Reg)
    unsupported("a destination that is not a register");
  setCell(op.reg, b_.CreateZExtOrTrunc(value, i64_));
}

void FunctionLowering::writeSigned(const Operand &op, Value *value) {
  if (op.kind != Operand::Kind::Reg)
    return write(op, value);
  setCell(op.reg, b_.CreateSExtOrTrunc(value, i64_));
}

// --- control -----------------------------------------------------------------------------------

BasicBlock *FunctionLowering::blockAt(uint32_t pc) {
  auto [it, added] = blocks_.try_emplace(pc, nullptr);
  if (added)
    it->second = BasicBlock::Create(m_.context, "pc" + std::to_string(pc), out_);
  return it->second;
}

FunctionCallee FunctionLowering::q(const std::string &name, llvm::Type *ret,
                                   ArrayRef<llvm::Type *> params, bool convergent, bool pure) {
  return m_.intrinsic(name, FunctionType::get(ret, params, false), convergent, pure);
}

void FunctionLowering::lower() {
  BasicBlock *entry = BasicBlock::Create(m_.context, "entry", out_);
  b_.SetInsertPoint(entry);
  regs_.resize(fn_.numRegs);
  for (uint32_t slot = 0; slot < fn_.numRegs; ++slot) {
    regs_[slot] = b_.CreateAlloca(i64_, nullptr, "r" + std::to_string(slot));
    b_.CreateStore(b_.getInt64(0), regs_[slot]);
  }
  carry_ = b_.CreateAlloca(i64_, nullptr, "carry");
  b_.CreateStore(b_.getInt64(0), carry_);
  for (auto [slot, bits] : fn_.constants)
    if (slot < regs_.size())
      b_.CreateStore(b_.getInt64(bits), regs_[slot]);
  paramArea_ = b_.CreateAlloca(ArrayType::get(i8_, fn_.frameParamBytes ? fn_.frameParamBytes : 8),
                               nullptr, "param.area");
  cast<AllocaInst>(paramArea_)->setAlignment(Align(16));
  localDepot_ = b_.CreateAlloca(ArrayType::get(i8_, fn_.localBytes ? fn_.localBytes : 8), nullptr,
                                "local.depot");
  cast<AllocaInst>(localDepot_)->setAlignment(Align(16));
  sharedBase_ =
      b_.CreateCall(q("qiao.shared.base", b_.getPtrTy(kShared), {}, false, true), {}, "shared");
  if (fn_.isEntry) {
    kernelParams_ = out_->getArg(0);
  } else {
    for (size_t i = 0; i < fn_.paramOffsets.size(); ++i)
      b_.CreateStore(out_->getArg(i),
                     b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, fn_.paramOffsets[i]));
  }

  // Leaders: the first instruction, branch targets, and what follows a control transfer.
  std::vector<uint8_t> leader(fn_.code.size() + 1, 0);
  leader[0] = 1;
  for (uint32_t pc = 0; pc < fn_.code.size(); ++pc) {
    const Inst &inst = fn_.code[pc];
    if (inst.control == Control::Branch && inst.target <= fn_.code.size())
      leader[inst.target] = 1;
    if (inst.control == Control::Branch || inst.control == Control::Ret ||
        inst.control == Control::Exit || inst.op == Opcode::Trap)
      leader[pc + 1] = 1;
  }
  if (fn_.code.empty()) {
    lowerReturn();
    return;
  }
  b_.CreateBr(blockAt(0));
  b_.SetInsertPoint(blockAt(0));
  for (uint32_t pc = 0; pc < fn_.code.size(); ++pc) {
    if (pc > 0 && leader[pc]) {
      BasicBlock *next = blockAt(pc);
      if (b_.GetInsertBlock() != next && !b_.GetInsertBlock()->getTerminator())
        b_.CreateBr(next);
      b_.SetInsertPoint(next);
    }
    inst_ = &fn_.code[pc];
    lowerInst(pc, fn_.code[pc]);
  }
  inst_ = nullptr;
  // Falling off the end is a return.
  if (!b_.GetInsertBlock()->getTerminator())
    lowerReturn();
  if (auto it = blocks_.find(static_cast<uint32_t>(fn_.code.size())); it != blocks_.end()) {
    b_.SetInsertPoint(it->second);
    if (!it->second->getTerminator())
      lowerReturn();
  }
}

void FunctionLowering::lowerReturn() {
  if (fn_.isEntry || fn_.returnSizes.empty()) {
    b_.CreateRetVoid();
    return;
  }
  std::vector<Value *> values;
  for (size_t i = 0; i < fn_.returnSizes.size(); ++i)
    values.push_back(
        b_.CreateLoad(b_.getIntNTy(fn_.returnSizes[i] * 8),
                      b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, fn_.returnOffsets[i])));
  if (values.size() == 1) {
    b_.CreateRet(values[0]);
    return;
  }
  Value *agg = UndefValue::get(out_->getReturnType());
  for (unsigned i = 0; i < values.size(); ++i)
    agg = b_.CreateInsertValue(agg, values[i], i);
  b_.CreateRet(agg);
}

void FunctionLowering::lowerExit() {
  if (fn_.isEntry) {
    b_.CreateRetVoid();
    return;
  }
  auto exitFn = q("qiao.exit", b_.getVoidTy(), {});
  cast<llvm::Function>(exitFn.getCallee())->setDoesNotReturn();
  b_.CreateCall(exitFn);
  b_.CreateUnreachable();
}

void FunctionLowering::lowerInst(uint32_t pc, const Inst &inst) {
  BasicBlock *after = nullptr;
  if (inst.guard != kNoReg) {
    Value *p = b_.CreateTrunc(cell(inst.guard), i1_);
    if (inst.guardNegated)
      p = b_.CreateNot(p);
    if (inst.control == Control::Branch) {
      b_.CreateCondBr(p, blockAt(inst.target), blockAt(pc + 1));
      return;
    }
    BasicBlock *then = BasicBlock::Create(m_.context, "pc" + std::to_string(pc) + ".guarded", out_);
    after = BasicBlock::Create(m_.context, "pc" + std::to_string(pc) + ".after", out_);
    b_.CreateCondBr(p, then, after);
    b_.SetInsertPoint(then);
  }
  bool done = true;
  switch (inst.control) {
  case Control::Branch:
    b_.CreateBr(blockAt(inst.target));
    break;
  case Control::Ret:
    lowerReturn();
    break;
  case Control::Exit:
    lowerExit();
    break;
  case Control::Call:
    lowerCall(inst);
    break;
  case Control::Barrier:
  case Control::BarrierArrive:
  case Control::WarpSync:
    done = lowerCollective(inst);
    break;
  case Control::None:
    switch (inst.op) {
    case Opcode::Trap:
    case Opcode::Brkpt: {
      auto trap = q("qiao.trap", b_.getVoidTy(), {});
      cast<llvm::Function>(trap.getCallee())->setDoesNotReturn();
      b_.CreateCall(trap);
      b_.CreateUnreachable();
      break;
    }
    case Opcode::Membar:
    case Opcode::Fence:
      b_.CreateFence(AtomicOrdering::SequentiallyConsistent, syncScope());
      break;
    case Opcode::Barrier:
      // barrier.cluster.arrive: a cluster is one CTA, whose barrier.cluster.wait is the block
      // barrier (lowered as one); the arrive has nothing to do.
      done = sourceHas("cluster") && sourceHas("arrive");
      break;
    case Opcode::Createpolicy:
      write(inst.ops[0], b_.getInt64(0)); // an opaque policy only cache hints read
      break;
    case Opcode::Nanosleep:
    case Opcode::Pmevent:
    case Opcode::Prefetch:
    case Opcode::Prefetchu:
    case Opcode::Applypriority:
    case Opcode::Discard:
      break; // no effect a thread can observe
    default:
      done = lowerCarry(inst) || lowerTf32(inst) || lowerMmaSync(inst) || lowerWmma(inst) ||
             lowerLdmatrix(inst) || lowerHalfArith(inst) || lowerHalfCompare(inst) ||
             lowerHalfConvert(inst) || lowerVideo(inst) || lowerDot(inst) || lowerTexture(inst) ||
             lowerSurface(inst) || lowerIntArith(inst) || lowerFloatArith(inst) ||
             lowerBits(inst) || lowerCompare(inst) || lowerConvert(inst) || lowerMov(inst) ||
             lowerMemory(inst) || lowerAtomic(inst) || lowerCvta(inst) || lowerIsspacep(inst) ||
             lowerAsyncCopy(inst) || lowerMbarrier(inst) || lowerAsyncBarrierCopy(inst) ||
             lowerCollective(inst);
    }
    break;
  }
  if (!done)
    unsupported(std::string("'") + opcodeSpelling(inst.op) +
                "' in this form is not expressed in Qiao kernel IR yet");
  if (after) {
    if (!b_.GetInsertBlock()->getTerminator())
      b_.CreateBr(after);
    b_.SetInsertPoint(after);
  } else if (b_.GetInsertBlock()->getTerminator() && pc + 1 < fn_.code.size()) {
    // Code after an unconditional transfer that no branch reaches still needs a block.
    b_.SetInsertPoint(blockAt(pc + 1));
  }
}

void FunctionLowering::lowerCall(const Inst &inst) {
  const ptx::CallSite &site = fn_.calls[inst.aux];
  if (site.indirect) {
    lowerIndirectCall(site);
    return;
  }
  const ptx::Function &callee = program_.functions[site.callee];
  if (callee.builtin != ptx::Builtin::None) {
    lowerBuiltinCall(callee, site);
    return;
  }
  if (!callee.hasBody)
    unsupported("a call of '" + callee.name + "', which has no body");
  auto argument = [&](const ptx::CallValue &v) -> Value * {
    auto *type = b_.getIntNTy(v.size * 8);
    if (v.inRegister)
      return b_.CreateZExtOrTrunc(cell(v.callerLocation), type);
    return b_.CreateLoad(type, b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, v.callerLocation));
  };
  std::vector<Value *> args;
  for (const ptx::CallValue &v : site.args)
    args.push_back(argument(v));
  llvm::Function *target = m_.function(site.callee);
  storeResults(site, b_.CreateCall(target, args));
}

// call through a register: the register holds the i64 of an LLVM function (a function's
// address is ptrtoint of it, in code and in initialisers), called with the type the call site's
// prototype gives: each parameter an integer of its size, the results as for direct calls.
void FunctionLowering::lowerIndirectCall(const ptx::CallSite &site) {
  std::vector<llvm::Type *> params;
  std::vector<Value *> args;
  for (const ptx::CallValue &v : site.args) {
    auto *type = b_.getIntNTy(v.size * 8);
    params.push_back(type);
    args.push_back(v.inRegister
                       ? static_cast<Value *>(b_.CreateZExtOrTrunc(cell(v.callerLocation), type))
                       : b_.CreateLoad(type, b_.CreateConstInBoundsGEP1_64(i8_, paramArea_,
                                                                           v.callerLocation)));
  }
  std::vector<llvm::Type *> results;
  for (const ptx::CallValue &v : site.results)
    results.push_back(b_.getIntNTy(v.size * 8));
  llvm::Type *ret = results.empty()       ? b_.getVoidTy()
                    : results.size() == 1 ? results[0]
                                          : StructType::get(m_.context, results);
  auto *type = FunctionType::get(ret, params, false);
  Value *target = b_.CreateIntToPtr(cell(site.targetSlot), ptr_);
  CallInst *result = b_.CreateCall(type, target, args);
  result->addFnAttr(Attribute::Convergent);
  storeResults(site, result);
}

void FunctionLowering::storeResults(const ptx::CallSite &site, Value *result) {
  for (size_t i = 0; i < site.results.size(); ++i) {
    const ptx::CallValue &v = site.results[i];
    Value *r = site.results.size() == 1 ? result : b_.CreateExtractValue(result, i);
    r = b_.CreateZExtOrTrunc(r, b_.getIntNTy(v.size * 8));
    if (v.inRegister)
      setCell(v.callerLocation, b_.CreateZExtOrTrunc(r, i64_));
    else
      b_.CreateStore(r, b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, v.callerLocation));
  }
}

void FunctionLowering::lowerBuiltinCall(const ptx::Function &callee, const ptx::CallSite &site) {
  auto arg64 = [&](size_t i) -> Value * {
    if (i >= site.args.size())
      unsupported("a call of '" + callee.name + "' with too few arguments");
    const ptx::CallValue &v = site.args[i];
    Value *raw =
        v.inRegister
            ? cell(v.callerLocation)
            : b_.CreateLoad(b_.getIntNTy(v.size * 8),
                            b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, v.callerLocation));
    return b_.CreateZExtOrTrunc(raw, i64_);
  };
  auto pointer = [&](size_t i) { return b_.CreateIntToPtr(arg64(i), ptr_); };
  Value *result = nullptr;
  switch (callee.builtin) {
  case ptx::Builtin::Vprintf:
    result = b_.CreateCall(q("qiao.printf", i32_, {ptr_, ptr_}), {pointer(0), pointer(1)});
    break;
  case ptx::Builtin::AssertFail: {
    auto fail = q("qiao.assertfail", b_.getVoidTy(), {ptr_, ptr_, i32_, ptr_, i64_});
    b_.CreateCall(fail,
                  {pointer(0), pointer(1), b_.CreateTrunc(arg64(2), i32_), pointer(3), arg64(4)});
    break;
  }
  case ptx::Builtin::Malloc:
    result = b_.CreatePtrToInt(b_.CreateCall(q("qiao.malloc", ptr_, {i64_}), {arg64(0)}), i64_);
    break;
  case ptx::Builtin::Free:
    b_.CreateCall(q("qiao.free", b_.getVoidTy(), {ptr_}), {pointer(0)});
    break;
  case ptx::Builtin::None:
    break;
  default:
    result = lowerDeviceRuntimeCall(callee, site);
  }
  if (result && !site.results.empty()) {
    const ptx::CallValue &v = site.results[0];
    Value *r = b_.CreateZExtOrTrunc(result, b_.getIntNTy(v.size * 8));
    if (v.inRegister)
      setCell(v.callerLocation, b_.CreateZExtOrTrunc(r, i64_));
    else
      b_.CreateStore(r, b_.CreateConstInBoundsGEP1_64(i8_, paramArea_, v.callerLocation));
  }
}

} // namespace qiao::kir
