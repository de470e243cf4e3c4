// Texture and surface instructions: tex (with .level and .grad, whose level of detail and
// gradients select level 0, the only one a texture without mipmaps has) on 1D, 2D and 3D texture
// objects, and suld.b / sust.b on surface objects (PTX ISA 9.0, sections 9.7.10.3 and 9.7.11).
// The texture or surface operand is a register holding the object; samplers, texture and surface
// references are not supported. Surfaces are texture objects the driver made over an array; their
// x coordinate counts bytes.
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

// aux: coordinate count (1 to 3); aux2: bit 0 when the coordinates are .s32, bit 1 for the
// layered geometries, whose first coordinate is the layer.
void execTex(Warp &w, const Inst &inst, LaneMask exec) {
  const Operand &dst = inst.ops[0];
  const uint64_t *handles = w.row(inst.ops[1].reg);
  const Operand &coords = inst.ops[2];
  bool integerCoords = (inst.aux2 & 1) != 0;
  const unsigned layerOffset =
      (inst.aux2 >> 1) & 1; // tex.a1d / tex.a2d: coordinates follow the layer
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
    qiaoDrvTextureDesc layer;
    if ((inst.aux2 & 2) != 0) { // tex.a1d / tex.a2d: the first coordinate picks the layer
      if (!t->layered) {
        w.fault(700, inst, lane, handles[lane], "not a layered texture object");
        return;
      }
      auto index = static_cast<int32_t>(w.row(coords.elems[0])[lane]);
      uint64_t clamped = index < 0 ? 0 : std::min<uint64_t>(uint64_t(index), t->depth - 1);
      layer = *t;
      layer.data = static_cast<const uint8_t *>(t->data) + clamped * t->slicePitch;
      layer.depth = 1;
      t = &layer;
    }
    if (integerCoords) {
      int32_t c[3] = {0, 0, 0};
      for (unsigned e = 0; e < inst.aux && e < 3; ++e)
        c[e] = static_cast<int32_t>(w.row(coords.elems[e + layerOffset])[lane]);
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
        uint32_t bits = static_cast<uint32_t>(w.row(coords.elems[e + layerOffset])[lane]);
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

// `[object, {coordinates}]`: the register holding the texture or surface object, and the first
// `dimensions` coordinates (registers), into handle and coords.
Status objectAddress(InstDecoder &d, size_t index, unsigned dimensions, const std::string &what,
                     Operand &handle, Operand &coords) {
  const ast::Operand &address = d.ast().operands[index];
  if (address.kind != ast::Operand::Kind::Address || address.elements.size() != 1 ||
      address.elements[0].kind != ast::Operand::Kind::Vector)
    return d.unsupported(what + " operand (only [object, {coordinates}])");
  handle = Operand{};
  handle.kind = Operand::Kind::Reg;
  if (!d.function().findRegister(address.name, handle.reg))
    return d.unsupported(what + " reference '" + address.name + "' (only " + what + " objects)");
  coords = Operand{};
  coords.kind = Operand::Kind::Vector;
  const auto &elements = address.elements[0].elements;
  if (elements.size() < dimensions)
    return d.error("too few " + what + " coordinates");
  coords.count = static_cast<uint8_t>(dimensions);
  for (unsigned e = 0; e < dimensions; ++e)
    if (!d.function().findRegister(elements[e].name, coords.elems[e]))
      return d.error(what + " coordinate '" + elements[e].name + "' is not a register");
  return Status::ok();
}

Status decodeTex(InstDecoder &d, Inst &inst) {
  unsigned dimensions = d.has("1d") || d.has("a1d")   ? 1
                        : d.has("2d") || d.has("a2d") ? 2
                        : d.has("3d")                 ? 3
                                                      : 0;
  if (dimensions == 0)
    return d.unsupported("texture geometry (only .1d, .2d, .3d, .a1d and .a2d)");
  unsigned layerCoordinates = d.has("a1d") || d.has("a2d") ? 1 : 0;
  std::vector<Type> types = d.types();
  if (types.size() != 2 || !d.has("v4"))
    return d.error("tex takes .v4, a result type and a coordinate type");
  if (types[0] != Type::F32 && types[0] != Type::S32 && types[0] != Type::U32)
    return d.unsupported("texture result type (only .f32, .s32, .u32)");
  if (types[1] != Type::F32 && types[1] != Type::S32)
    return d.error("texture coordinates must be .f32 or .s32");
  if (d.operandCount() < 2)
    return d.error("tex takes a result and a texture address");
  if (Status s = d.vector(0, inst.ops[0]); !s)
    return s;
  if (inst.ops[0].count != 4)
    return d.error("tex returns four values");
  if (Status s =
          objectAddress(d, 1, dimensions + layerCoordinates, "texture", inst.ops[1], inst.ops[2]);
      !s)
    return s;
  inst.aux2 |= layerCoordinates << 1;
  inst.type = types[0];
  inst.aux = dimensions;
  inst.aux2 |= types[1] == Type::S32 ? 1u : 0u;
  inst.numOps = 3;
  inst.exec = execTex;
  return Status::ok();
}

// --- suld.b / sust.b --------------------------------------------------------------------------

enum class Boundary : uint32_t { Trap, Clamp, Zero };

// The host address of a surface element of `bytes` at (x bytes, y, z); nullptr when the access
// lies outside and the boundary mode says to drop it (zero) or after a fault (trap).
uint8_t *surfaceElement(Warp &w, const Inst &inst, int lane, const qiaoDrvTextureDesc &t, int64_t x,
                        int64_t y, int64_t z, uint32_t bytes) {
  int64_t rowBytes = int64_t(t.width * t.channels * t.channelBits / 8);
  int64_t limits[3] = {rowBytes - int64_t(bytes), int64_t(t.height) - 1, int64_t(t.depth) - 1};
  int64_t at[3] = {x, y, z};
  bool outside = false;
  for (int axis = 0; axis < 3; ++axis)
    outside = outside || at[axis] < 0 || at[axis] > limits[axis];
  if (outside) {
    switch (static_cast<Boundary>(inst.aux2)) {
    case Boundary::Trap:
      w.fault(700, inst, lane, uint64_t(x), "surface access out of range");
      return nullptr;
    case Boundary::Zero:
      return nullptr;
    case Boundary::Clamp:
      for (int axis = 0; axis < 3; ++axis)
        at[axis] = at[axis] < 0 ? 0 : at[axis] > limits[axis] ? limits[axis] : at[axis];
      break;
    }
  }
  return const_cast<uint8_t *>(static_cast<const uint8_t *>(t.data)) + at[2] * t.slicePitch +
         at[1] * t.pitch + at[0];
}

// ops[0]: the values (a vector), ops[1]: the surface register, ops[2]: the coordinates. aux: the
// coordinate count; aux2: the boundary mode; inst.vec: elements of typeBytes(inst.type) each.
template <bool Store> void execSurface(Warp &w, const Inst &inst, LaneMask exec) {
  const Operand &values = inst.ops[0];
  const uint64_t *handles = w.row(inst.ops[1].reg);
  const Operand &coords = inst.ops[2];
  uint32_t elementBytes = typeBytes(inst.type);
  DeviceMemory &memory = w.block().grid().memory;
  for (LaneMask m = exec; m; m &= m - 1) {
    int lane = std::countr_zero(m);
    const qiaoDrvTextureDesc *t = memory.texture(handles[lane]);
    if (t == nullptr) {
      w.fault(700, inst, lane, handles[lane], "not a surface object");
      return;
    }
    int64_t c[3] = {0, 0, 0};
    for (unsigned e = 0; e < inst.aux && e < 3; ++e)
      c[e] = static_cast<int32_t>(w.row(coords.elems[e])[lane]);
    uint8_t *p = surfaceElement(w, inst, lane, *t, c[0], c[1], c[2], elementBytes * inst.vec);
    if (w.faulted())
      return;
    for (unsigned e = 0; e < inst.vec; ++e) {
      if (values.elems[e] == kNoReg)
        continue;
      uint64_t &reg = w.row(values.elems[e])[lane];
      if constexpr (Store) {
        if (p)
          std::memcpy(p + e * elementBytes, &reg, elementBytes);
      } else {
        uint64_t bits = 0;
        if (p)
          std::memcpy(&bits, p + e * elementBytes, elementBytes);
        reg = bits;
      }
    }
  }
}

Status decodeSurface(InstDecoder &d, Inst &inst, bool store) {
  if (!d.has("b"))
    return d.unsupported("formatted surface access (only .b)");
  unsigned dimensions = d.has("1d") ? 1 : d.has("2d") ? 2 : d.has("3d") ? 3 : 0;
  if (dimensions == 0)
    return d.unsupported("surface geometry (only .1d, .2d and .3d)");
  std::vector<Type> types = d.types();
  if (types.size() != 1)
    return d.error("surface access takes one element type");
  inst.type = types[0];
  inst.vec = d.vectorWidth();
  inst.aux = dimensions;
  inst.aux2 = uint32_t(d.has("clamp")  ? Boundary::Clamp
                       : d.has("zero") ? Boundary::Zero
                                       : Boundary::Trap);
  size_t addressIndex = store ? 0 : 1, valueIndex = store ? 1 : 0;
  if (d.operandCount() != 2)
    return d.error("surface access takes an address and values");
  Operand values;
  if (Status s = d.regOrVector(valueIndex, values); !s)
    return s;
  if (values.kind != Operand::Kind::Vector) { // a single register
    values.elems[0] = values.reg;
    values.count = 1;
  }
  if (values.count != inst.vec)
    return d.error("value operand does not match the vector width");
  values.kind = Operand::Kind::Vector;
  inst.ops[0] = values;
  if (Status s = objectAddress(d, addressIndex, dimensions, "surface", inst.ops[1], inst.ops[2]);
      !s)
    return s;
  inst.numOps = 3;
  inst.exec = store ? execSurface<true> : execSurface<false>;
  return Status::ok();
}

Status decodeSuld(InstDecoder &d, Inst &inst) { return decodeSurface(d, inst, false); }
Status decodeSust(InstDecoder &d, Inst &inst) { return decodeSurface(d, inst, true); }

} // namespace

void addTextureOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"tex", decodeTex});
  table.push_back({"suld", decodeSuld});
  table.push_back({"sust", decodeSust});
}

} // namespace qiao::ptx
