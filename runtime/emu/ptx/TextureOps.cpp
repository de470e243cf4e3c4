// Texture instructions: tex (with .level and .grad, whose level of detail and gradients select
// level 0, the only one a texture without mipmaps has) on 1D, 2D and 3D texture objects
// (PTX ISA 9.0, section 9.7.10.3 "Texture Instructions: tex"). The texture operand is a register
// holding the cudaTextureObject_t; samplers and texture references are not supported.
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "TextureSampler.h"
#include "Warp.h"

#include "BlockRunner.h"

#include <bit>
#include <cstring>

namespace qiao::ptx {
namespace {

// aux: coordinate count (1 to 3); aux2: 1 when the coordinates are .s32.
void execTex(Warp &w, const Inst &inst, LaneMask exec) {
  const Operand &dst = inst.ops[0];
  const uint64_t *handles = w.row(inst.ops[1].reg);
  const Operand &coords = inst.ops[2];
  bool integerCoords = inst.aux2 != 0;
  bool asFloat = inst.type == Type::F32;
  DeviceMemory &memory = w.block().grid().memory;
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    const qiaoDrvTextureDesc *t = memory.texture(handles[lane]);
    if (t == nullptr) {
      w.fault(700, inst, lane, handles[lane], "not a texture object");
      return;
    }
    Texel texel;
    if (integerCoords) {
      int32_t c[3] = {0, 0, 0};
      for (unsigned e = 0; e < inst.aux && e < 3; ++e)
        c[e] = static_cast<int32_t>(w.row(coords.elems[e])[lane]);
      if (t->dimensions == 1) {
        texel = fetchTexel(*t, c, asFloat);
      } else {
        float f[3] = {c[0] + 0.5f, c[1] + 0.5f, c[2] + 0.5f};
        qiaoDrvTextureDesc unnormalised = *t;
        unnormalised.normalizedCoords = 0;
        unnormalised.filterLinear = 0;
        texel = sampleTexture(unnormalised, f, asFloat);
      }
    } else {
      float f[3] = {0, 0, 0};
      for (unsigned e = 0; e < inst.aux && e < 3; ++e) {
        uint32_t bits = static_cast<uint32_t>(w.row(coords.elems[e])[lane]);
        std::memcpy(&f[e], &bits, 4);
      }
      texel = sampleTexture(*t, f, asFloat);
    }
    for (unsigned c = 0; c < dst.count && c < 4; ++c) {
      if (dst.elems[c] == kNoReg)
        continue;
      uint32_t bits = texel.i[c];
      if (asFloat)
        std::memcpy(&bits, &texel.f[c], 4);
      w.row(dst.elems[c])[lane] = bits;
    }
  }
}

Status decodeTex(InstDecoder &d, Inst &inst) {
  unsigned dimensions = d.has("1d") ? 1 : d.has("2d") ? 2 : d.has("3d") ? 3 : 0;
  if (dimensions == 0)
    return d.unsupported("texture geometry (only .1d, .2d and .3d)");
  std::vector<Type> types = d.types();
  if (types.size() != 2 || !d.has("v4"))
    return d.error("tex takes .v4, a result type and a coordinate type");
  if (types[0] != Type::F32 && types[0] != Type::S32 && types[0] != Type::U32)
    return d.unsupported("texture result type (only .f32, .s32, .u32)");
  if (types[1] != Type::F32 && types[1] != Type::S32)
    return d.error("texture coordinates must be .f32 or .s32");
  if (d.operandCount() < 2)
    return d.error("tex takes a result and a texture address");
  const ast::Operand &address = d.ast().operands[1];
  if (address.kind != ast::Operand::Kind::Address || address.elements.size() != 1 ||
      address.elements[0].kind != ast::Operand::Kind::Vector)
    return d.unsupported("texture operand (only [texobj, {coordinates}])");
  uint32_t handle = kNoReg;
  ast::Operand handleOperand;
  handleOperand.kind = ast::Operand::Kind::Register;
  handleOperand.name = address.name;
  if (!d.isBareRegister(handleOperand, handle) && !d.function().findRegister(address.name, handle))
    return d.unsupported("texture reference '" + address.name + "' (only texture objects)");
  if (Status s = d.vector(0, inst.ops[0]); !s)
    return s;
  if (inst.ops[0].count != 4)
    return d.error("tex returns four values");
  inst.ops[1] = Operand{};
  inst.ops[1].kind = Operand::Kind::Reg;
  inst.ops[1].reg = handle;
  Operand &coords = inst.ops[2];
  coords = Operand{};
  coords.kind = Operand::Kind::Vector;
  const auto &elements = address.elements[0].elements;
  if (elements.size() < dimensions)
    return d.error("too few texture coordinates");
  coords.count = static_cast<uint8_t>(dimensions);
  for (unsigned e = 0; e < dimensions; ++e) {
    if (!d.function().findRegister(elements[e].name, coords.elems[e]))
      return d.error("texture coordinate '" + elements[e].name + "' is not a register");
  }
  inst.type = types[0];
  inst.aux = dimensions;
  inst.aux2 = types[1] == Type::S32 ? 1 : 0;
  inst.numOps = 3;
  inst.exec = execTex;
  return Status::ok();
}

} // namespace

void addTextureOpcodes(std::vector<OpcodeEntry> &table) { table.push_back({"tex", decodeTex}); }

} // namespace qiao::ptx
