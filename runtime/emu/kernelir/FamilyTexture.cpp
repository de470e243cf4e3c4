// Texture fetches and surface accesses through texture and surface objects.
//
// tex.{1d,2d,3d,a1d,a2d}.v4.DTYPE.CTYPE is a call of
// qiao.tex.GEOMETRY.DTYPE.CTYPE(ptr texel, i64 texture, [i32 layer,] coordinates...), which
// writes the four result channels (32 bits each) to texel. The texture object is the 64-bit
// handle the kernel received (cudaTextureObject_t); sampling (address modes, filtering, reading
// integers as normalised floats) is the backend's, as on every GPU.
//
// suld.b / sust.b become ordinary loads and stores at the element address
// qiao.surf.address.BOUNDARY(i64 surface, i32 x, i32 y, i32 z, i32 bytes) gives (x in bytes, as
// PTX counts it); a null address (an access outside with .zero) loads zeros and stores nothing.
#include "FunctionLowering.h"

namespace qiao::kir {

using namespace llvm;
using ptx::Opcode;

bool FunctionLowering::lowerTexture(const Inst &inst) {
  if (inst.op != Opcode::Tex)
    return false;
  unsigned dims = inst.aux;
  bool intCoords = (inst.aux2 & 1) != 0, layered = (inst.aux2 & 2) != 0;
  if (dims < 1 || dims > 3 || (layered && dims > 2))
    return false;
  const char *dtype = inst.type == Type::F32   ? "f32"
                      : inst.type == Type::S32 ? "s32"
                      : inst.type == Type::U32 ? "u32"
                                               : nullptr;
  if (!dtype)
    return false;
  std::string geometry = (layered ? "a" : "") + std::to_string(dims) + "d";
  const Operand &coords = inst.ops[2], &dst = inst.ops[0];
  if (coords.kind != Operand::Kind::Vector || dst.kind != Operand::Kind::Vector)
    return false;
  if (!texel_) {
    // One result slot per function, in the entry block.
    IRBuilder<> entry(&out_->getEntryBlock(), out_->getEntryBlock().begin());
    texel_ = entry.CreateAlloca(ArrayType::get(i32_, 4), nullptr, "texel");
  }
  std::vector<llvm::Type *> params = {ptr_, i64_};
  std::vector<Value *> args = {texel_, readInt(inst.ops[1], 64)};
  unsigned first = 0;
  if (layered) {
    params.push_back(i32_);
    args.push_back(b_.CreateTrunc(cell(coords.elems[0]), i32_));
    first = 1;
  }
  for (unsigned e = 0; e < dims; ++e) {
    Value *bits = b_.CreateTrunc(cell(coords.elems[first + e]), i32_);
    params.push_back(intCoords ? i32_ : f32_);
    args.push_back(intCoords ? bits : b_.CreateBitCast(bits, f32_));
  }
  std::string name =
      "qiao.tex." + geometry + "." + dtype + "." + (intCoords ? std::string("s32") : "f32");
  b_.CreateCall(q(name, b_.getVoidTy(), params), args);
  for (unsigned c = 0; c < dst.count && c < 4; ++c) {
    if (dst.elems[c] == ptx::kNoReg)
      continue;
    Value *channel = b_.CreateLoad(i32_, b_.CreateConstInBoundsGEP1_64(i32_, texel_, c));
    setCell(dst.elems[c], b_.CreateZExt(channel, i64_));
  }
  return true;
}

bool FunctionLowering::lowerSurface(const Inst &inst) {
  if (inst.op != Opcode::Suld && inst.op != Opcode::Sust)
    return false;
  bool store = inst.op == Opcode::Sust;
  unsigned dims = inst.aux, bytes = ptx::typeBytes(inst.type), count = inst.vec;
  const char *boundary = inst.aux2 == 0 ? "trap" : inst.aux2 == 1 ? "clamp" : "zero";
  const Operand &values = inst.ops[0], &coords = inst.ops[2];
  if (dims < 1 || dims > 3 || bytes == 0 || bytes > 8 || values.kind != Operand::Kind::Vector ||
      coords.kind != Operand::Kind::Vector)
    return false;
  std::vector<Value *> args = {readInt(inst.ops[1], 64)};
  for (unsigned e = 0; e < 3; ++e)
    args.push_back(e < dims ? b_.CreateTrunc(cell(coords.elems[e]), i32_) : b_.getInt32(0));
  args.push_back(b_.getInt32(bytes * count));
  Value *p = b_.CreateCall(
      q(std::string("qiao.surf.address.") + boundary, ptr_, {i64_, i32_, i32_, i32_, i32_}), args);
  auto *type = b_.getIntNTy(bytes * 8);
  BasicBlock *before = b_.GetInsertBlock();
  BasicBlock *access = BasicBlock::Create(m_.context, "surf.access", out_);
  BasicBlock *done = BasicBlock::Create(m_.context, "surf.done", out_);
  b_.CreateCondBr(b_.CreateIsNull(p), done, access);
  b_.SetInsertPoint(access);
  std::vector<Value *> loaded;
  for (unsigned e = 0; e < count; ++e) {
    Value *at = b_.CreateConstInBoundsGEP1_64(i8_, p, e * bytes);
    if (store) {
      if (values.elems[e] != ptx::kNoReg)
        b_.CreateAlignedStore(b_.CreateTrunc(cell(values.elems[e]), type), at, Align(1));
    } else {
      loaded.push_back(b_.CreateAlignedLoad(type, at, Align(1)));
    }
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  for (unsigned e = 0; e < loaded.size(); ++e) {
    if (values.elems[e] == ptx::kNoReg)
      continue;
    PHINode *v = b_.CreatePHI(type, 2);
    v->addIncoming(ConstantInt::get(type, 0), before);
    v->addIncoming(loaded[e], access);
    setCell(values.elems[e], b_.CreateZExt(v, i64_));
  }
  return true;
}

} // namespace qiao::kir
