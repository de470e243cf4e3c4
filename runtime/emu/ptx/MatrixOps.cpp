// Warp-level matrix instructions (PTX ISA 9.0, section 9.7.14): wmma.load, wmma.store and
// wmma.mma for the shapes and types nvcc emits from <mma.h> for sm_80 (m16n16k16, m32n8k16 and
// m8n32k16 with f16 or bf16, m16n16k8 with tf32), mma.sync m16n8k16 (f16, bf16) and m16n8k8
// (f16, bf16, tf32), and ldmatrix .m8n8 .b16. MatrixSemantics.h says which lane holds what and
// how the products are summed.
//
// Every lane of the warp executes these together (.sync.aligned): an exec function sees the
// whole warp's registers, gathers the matrices from every lane's fragment registers, and writes
// the fragments of the lanes in exec. A fragment of up to eight registers is kept as vector
// operands of at most four registers each, the form the kernel compiler reads to know which
// registers an instruction uses; a wmma.mma whose sources fill all six operands keeps its
// destination in Program::registerLists.
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "MatrixSemantics.h"
#include "Program.h"
#include "Warp.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx {
namespace {

constexpr unsigned kMaxFragmentRegisters = 8;
constexpr unsigned kMaxLaneElements = 16;    // elements a lane's fragment holds (f16 A and B)
constexpr unsigned kMaxMatrixElements = 512; // of A (32x16) or B (16x32); C and D have 256
constexpr unsigned kVectorWidth = 4;         // registers a vector operand holds

// --- the decoded form -------------------------------------------------------------------------

// --- qualifiers -------------------------------------------------------------------------------

// "m16n16k16" -> {16, 16, 16}, "m8n8" -> {8, 8, 0}; false when the modifier is not a shape.
bool parseShape(std::string_view text, MatrixShape &out) {
  unsigned values[3] = {0, 0, 0};
  const char letters[3] = {'m', 'n', 'k'};
  size_t at = 0;
  for (unsigned f = 0; f < 3 && at < text.size(); ++f) {
    if (text[at] != letters[f])
      return false;
    ++at;
    size_t digits = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9' && digits < 3; ++at, ++digits)
      values[f] = values[f] * 10 + static_cast<unsigned>(text[at] - '0');
    if (digits == 0)
      return false;
  }
  if (at != text.size() || values[1] == 0)
    return false;
  out = {values[0], values[1], values[2]};
  return true;
}

bool sameShape(MatrixShape a, MatrixShape b) { return a.m == b.m && a.n == b.n && a.k == b.k; }

bool parseElement(std::string_view text, MatrixElement &out) {
  if (text == "f16")
    out = MatrixElement::F16;
  else if (text == "bf16")
    out = MatrixElement::BF16;
  else if (text == "tf32")
    out = MatrixElement::TF32;
  else if (text == "f32")
    out = MatrixElement::F32;
  else
    return false;
  return true;
}

// Element types of the integer, binary, fp8 and f64 forms, which this engine does not run.
bool isOtherElementType(std::string_view m) {
  return m == "s8" || m == "u8" || m == "s4" || m == "u4" || m == "b1" || m == "f64" ||
         m == "s32" || m.starts_with("e4m3") || m.starts_with("e5m2") || m.starts_with("e2m") ||
         m.starts_with("e3m");
}

// The qualifiers of one instruction, sorted into what each kind of qualifier said.
struct Qualifiers {
  bool ok = true;
  std::string unknown;              // the first qualifier this family does not take
  std::vector<MatrixElement> types; // in the order written
  std::vector<bool> colLayouts;     // .row (false) / .col (true), in the order written
  MatrixShape shape;
  bool haveShape = false;
  std::string shapeText;
  Space space = Space::Generic;
  bool sync = false, aligned = false, satfinite = false;
};

// Reads the modifiers from `first` on; `extra` are family qualifiers the caller checks itself.
Qualifiers readQualifiers(const InstDecoder &d, size_t first,
                          std::initializer_list<std::string_view> extra) {
  Qualifiers q;
  const std::vector<std::string> &mods = d.modifiers();
  for (size_t i = first; i < mods.size(); ++i) {
    const std::string &m = mods[i];
    MatrixElement e;
    MatrixShape s;
    if (parseElement(m, e)) {
      q.types.push_back(e);
    } else if (m == "row" || m == "col") {
      q.colLayouts.push_back(m == "col");
    } else if (parseShape(m, s)) {
      q.shape = s;
      q.haveShape = true;
      q.shapeText = m;
    } else if (m == "global") {
      q.space = Space::Global;
    } else if (m == "shared" || m == "shared::cta") {
      q.space = Space::Shared;
    } else if (m == "sync") {
      q.sync = true;
    } else if (m == "aligned") {
      q.aligned = true;
    } else if (m == "satfinite") {
      q.satfinite = true;
    } else if (std::find(extra.begin(), extra.end(), m) == extra.end()) {
      if (q.ok)
        q.unknown = m;
      q.ok = false;
    }
  }
  return q;
}

Status checkCommon(const InstDecoder &d, const Qualifiers &q, std::string_view what) {
  if (!q.ok) {
    if (isOtherElementType(q.unknown))
      return d.unsupported(std::string(what) + " with ." + q.unknown + " elements");
    return d.unsupported("qualifier ." + q.unknown + " of " + std::string(what));
  }
  if (!q.sync || !q.aligned)
    return d.error(std::string(what) + " needs .sync.aligned");
  if (!q.haveShape)
    return d.error(std::string(what) + " needs a shape such as .m16n16k16");
  return Status::ok();
}

// The wmma shapes and the A/B element types they take on sm_80 (f16 and bf16 share the three
// 16-deep shapes; tf32 has m16n16k8).
bool wmmaShapeTakes(MatrixShape s, MatrixElement ab) {
  if (ab == MatrixElement::TF32)
    return sameShape(s, {16, 16, 8});
  return sameShape(s, {16, 16, 16}) || sameShape(s, {32, 8, 16}) || sameShape(s, {8, 32, 16});
}

bool wmmaShapeKnown(MatrixShape s) {
  return wmmaShapeTakes(s, MatrixElement::F16) || wmmaShapeTakes(s, MatrixElement::TF32);
}

// --- fragment operands ------------------------------------------------------------------------

// Resolves a fragment operand and checks its length.
Status fragmentSlots(InstDecoder &d, size_t index, unsigned expected, std::string_view what,
                     std::vector<uint32_t> &slots) {
  if (Status s = d.registerList(index, slots); !s)
    return s;
  if (slots.size() != expected)
    return d.error(std::string(what) + " takes " + std::to_string(expected) + " registers, found " +
                   std::to_string(slots.size()));
  return Status::ok();
}

// Stores a fragment's slots as vector operands from ops[first], four a vector. Returns how many
// operands it took.
unsigned putFragment(Inst &inst, unsigned first, const std::vector<uint32_t> &slots) {
  unsigned used = 0;
  for (size_t at = 0; at < slots.size(); at += kVectorWidth, ++used) {
    Operand &op = inst.ops[first + used];
    op = Operand{};
    op.kind = Operand::Kind::Vector;
    op.count = static_cast<uint8_t>(std::min<size_t>(kVectorWidth, slots.size() - at));
    for (unsigned e = 0; e < op.count; ++e)
      op.elems[e] = slots[at + e];
  }
  return used;
}

// The register rows of a fragment kept at ops[first]...
void fragmentRows(Warp &w, const Inst &inst, unsigned first, unsigned count, uint64_t **rows) {
  for (unsigned r = 0; r < count; ++r)
    rows[r] = w.row(inst.ops[first + r / kVectorWidth].elems[r % kVectorWidth]);
}

// Writes lane's fragment from the bits of its elements (bits[i] for element i).
void writeFragment(uint64_t *const *rows, const FragmentGeometry &g, int lane,
                   const uint32_t *bits) {
  for (unsigned r = 0; r < g.registers(); ++r) {
    uint32_t cell = 0;
    for (unsigned h = 0; h < g.perRegister; ++h)
      cell |= bits[r * g.perRegister + h] << (16 * h);
    rows[r][lane] = cell;
  }
}

// A whole matrix (row-major floats) from the fragments of all 32 lanes. Where lanes hold copies
// of an element (f16 wmma A and B), the highest lane's copy is the one read.
template <class Layout>
void gatherMatrix(const uint64_t *const *rows, const FragmentGeometry &g, MatrixElement e,
                  Layout &&layout, float *matrix) {
  for (unsigned lane = 0; lane < kWarpSize; ++lane)
    for (unsigned i = 0; i < g.perLane; ++i) {
      ElementPosition p = layout(lane, i);
      matrix[p.row * g.cols + p.col] = elementValue(fragmentBits(rows, g, i, lane), e);
    }
}

// --- memory -----------------------------------------------------------------------------------

uint64_t laneAddress(Warp &w, const Operand &a, int lane) {
  int64_t offset = a.offset + (a.frameRelative ? static_cast<int64_t>(w.frameLocalBase()) : 0);
  return (a.reg != kNoReg ? w.row(a.reg)[lane] : 0) + static_cast<uint64_t>(offset);
}

// Where element (row, col) of a matrix stored from `base` with `stride` elements between rows
// (.row) or columns (.col) lies.
uint64_t elementAddress(uint64_t base, uint64_t stride, bool colMajor, ElementPosition p,
                        unsigned bytes) {
  uint64_t index = colMajor ? uint64_t{p.col} * stride + p.row : uint64_t{p.row} * stride + p.col;
  return base + index * bytes;
}

// The host address of every element of one lane's wmma fragment, checked: one range check when
// the tile lies in one allocation of device memory, else one per element (which reports the
// exact element that faults). False after a fault.
bool tileAddresses(Warp &w, const Inst &inst, const MatrixInfo &info, const FragmentGeometry &g,
                   uint64_t base, uint64_t stride, int lane, uint8_t **out) {
  const unsigned bytes = elementBits(info.element) / 8;
  uint64_t lo = ~uint64_t{0}, hi = 0;
  for (unsigned i = 0; i < g.perLane; ++i) {
    uint64_t a = elementAddress(base, stride, info.colMajor, wmmaElement(g, lane, i), bytes);
    lo = std::min(lo, a);
    hi = std::max(hi, a + bytes);
  }
  if ((inst.space == Space::Global || inst.space == Space::Generic) && lo % bytes == 0 && hi > lo &&
      w.globalRange(lo, hi)) {
    for (unsigned i = 0; i < g.perLane; ++i)
      out[i] = reinterpret_cast<uint8_t *>(
          elementAddress(base, stride, info.colMajor, wmmaElement(g, lane, i), bytes));
    return true;
  }
  for (unsigned i = 0; i < g.perLane; ++i) {
    uint64_t a = elementAddress(base, stride, info.colMajor, wmmaElement(g, lane, i), bytes);
    out[i] = static_cast<uint8_t *>(w.access(inst.space, a, bytes, bytes, lane, inst));
    if (!out[i])
      return false;
  }
  return true;
}

// --- wmma.load / wmma.store -------------------------------------------------------------------

// Operands: 0-1 the fragment (vectors of four), 2 the address, 3 the stride in elements.
void execWmmaLoad(Warp &w, const Inst &inst, LaneMask exec) {
  const MatrixInfo info = unpackMatrixInfo(inst.aux);
  const FragmentGeometry g = wmmaGeometry(info.shape, info.role, info.element);
  uint64_t *rows[kMaxFragmentRegisters];
  fragmentRows(w, inst, 0, g.registers(), rows);
  const uint64_t *stride = w.row(inst.ops[3].reg);
  const unsigned bytes = elementBits(info.element) / 8;
  for (LaneMask m = exec; m; m &= m - 1) {
    const int lane = std::countr_zero(m);
    uint8_t *at[kMaxLaneElements];
    if (!tileAddresses(w, inst, info, g, laneAddress(w, inst.ops[2], lane),
                       static_cast<uint32_t>(stride[lane]), lane, at))
      return;
    uint32_t bits[kMaxLaneElements];
    for (unsigned i = 0; i < g.perLane; ++i) {
      bits[i] = 0;
      std::memcpy(&bits[i], at[i], bytes);
    }
    writeFragment(rows, g, lane, bits);
  }
}

// Operands: 0 none, 1 the address, 2 the stride, 3-4 the fragment.
void execWmmaStore(Warp &w, const Inst &inst, LaneMask exec) {
  const MatrixInfo info = unpackMatrixInfo(inst.aux);
  const FragmentGeometry g = wmmaGeometry(info.shape, info.role, info.element);
  uint64_t *rows[kMaxFragmentRegisters];
  fragmentRows(w, inst, 3, g.registers(), rows);
  const uint64_t *stride = w.row(inst.ops[2].reg);
  const unsigned bytes = elementBits(info.element) / 8;
  // Lane order, as st keeps it: where lanes store to one address the highest lane's value stays.
  for (LaneMask m = exec; m; m &= m - 1) {
    const int lane = std::countr_zero(m);
    uint8_t *at[kMaxLaneElements];
    if (!tileAddresses(w, inst, info, g, laneAddress(w, inst.ops[1], lane),
                       static_cast<uint32_t>(stride[lane]), lane, at))
      return;
    for (unsigned i = 0; i < g.perLane; ++i) {
      uint32_t bits = fragmentBits(rows, g, i, static_cast<unsigned>(lane));
      std::memcpy(at[i], &bits, bytes);
    }
  }
}

// wmma.load.{a,b,c}.sync.aligned.{row,col}.shape{.ss}.type r, [p]{, stride};
// wmma.store.d.sync.aligned.{row,col}.shape{.ss}.type [p], r{, stride};
Status decodeWmmaMemory(InstDecoder &d, Inst &inst, bool store) {
  const std::vector<std::string> &mods = d.modifiers();
  const std::string what = store ? "wmma.store" : "wmma.load";
  if (mods.size() < 2)
    return d.error(what + " needs the matrix (.a, .b, .c or .d)");
  MatrixInfo info;
  if (store && mods[1] == "d")
    info.role = MatrixRole::Accumulator;
  else if (!store && (mods[1] == "a" || mods[1] == "b" || mods[1] == "c"))
    info.role = mods[1] == "a"   ? MatrixRole::A
                : mods[1] == "b" ? MatrixRole::B
                                 : MatrixRole::Accumulator;
  else
    return d.error(what + (store ? " stores the matrix .d" : " loads the matrix .a, .b or .c"));
  Qualifiers q = readQualifiers(d, 2, {});
  if (Status s = checkCommon(d, q, what); !s)
    return s;
  if (q.satfinite)
    return d.error(what + " takes no .satfinite");
  if (q.colLayouts.size() != 1)
    return d.error(what + " needs one layout, .row or .col");
  if (q.types.size() != 1)
    return d.error(what + " needs one element type");
  info.shape = q.shape;
  info.element = q.types[0];
  info.colMajor = q.colLayouts[0];
  if (!wmmaShapeKnown(info.shape))
    return d.unsupported("wmma shape ." + q.shapeText);
  const bool accumulator = info.role == MatrixRole::Accumulator;
  if (accumulator && info.element != MatrixElement::F16 && info.element != MatrixElement::F32)
    return d.error("the wmma accumulator holds .f16 or .f32 elements");
  if (!accumulator &&
      (info.element == MatrixElement::F32 || !wmmaShapeTakes(info.shape, info.element)))
    return d.error("wmma ." + q.shapeText + " does not take this element type for matrix ." +
                   mods[1]);
  if (accumulator && sameShape(info.shape, {16, 16, 8}) && info.element != MatrixElement::F32)
    return d.error("the accumulator of wmma .m16n16k8 holds .f32 elements");
  if (d.operandCount() != 2 && d.operandCount() != 3)
    return d.error(what + " takes two or three operands");
  inst.aux = packMatrixInfo(info);
  inst.space = q.space;
  inst.type = Type::B32;
  inst.numOps = store ? 5 : 4;
  const FragmentGeometry g = wmmaGeometry(info.shape, info.role, info.element);
  std::vector<uint32_t> slots;
  const size_t fragmentIndex = store ? 1 : 0, addressIndex = store ? 0 : 1;
  if (Status s = fragmentSlots(d, fragmentIndex, g.registers(), what + "'s fragment", slots); !s)
    return s;
  putFragment(inst, store ? 3 : 0, slots);
  const unsigned addressOp = store ? 1 : 2, strideOp = store ? 2 : 3;
  if (Status s = d.address(addressIndex, inst.space, inst.ops[addressOp]); !s)
    return s;
  if (inst.space != Space::Global && inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error(what + " reads .global, .shared or generic addresses");
  // Without a stride, the matrix is stored densely: one row (.row) or column (.col) after another.
  if (d.operandCount() == 3) {
    if (Status s = d.source(2, Type::U32, inst.ops[strideOp]); !s)
      return s;
  } else {
    Operand &stride = inst.ops[strideOp];
    stride = Operand{};
    stride.kind = Operand::Kind::Imm;
    stride.imm = info.colMajor ? g.rows : g.cols;
    stride.reg = d.function().constantSlot(stride.imm);
  }
  inst.exec = store ? execWmmaStore : execWmmaLoad;
  return Status::ok();
}

// --- wmma.mma and mma.sync --------------------------------------------------------------------

template <class Layout>
void runMultiply(const MatrixInfo &info, uint64_t *const *a, uint64_t *const *b, uint64_t *const *c,
                 uint64_t *const *d, const FragmentGeometry (&g)[4], Layout &&layout,
                 LaneMask exec) {
  float ma[kMaxMatrixElements], mb[kMaxMatrixElements], mc[kMaxMatrixElements];
  gatherMatrix(
      a, g[0], info.element,
      [&](unsigned lane, unsigned i) { return layout(MatrixRole::A, g[0], lane, i); }, ma);
  gatherMatrix(
      b, g[1], info.element,
      [&](unsigned lane, unsigned i) { return layout(MatrixRole::B, g[1], lane, i); }, mb);
  gatherMatrix(
      c, g[2], info.c,
      [&](unsigned lane, unsigned i) { return layout(MatrixRole::Accumulator, g[2], lane, i); },
      mc);
  multiplyAccumulate(ma, mb, mc, mc, info.shape);
  forEachLane(exec, [&](int lane) {
    uint32_t bits[kMaxLaneElements];
    for (unsigned i = 0; i < g[3].perLane; ++i) {
      ElementPosition p = layout(MatrixRole::Accumulator, g[3], static_cast<unsigned>(lane), i);
      bits[i] = resultBits(mc[p.row * g[3].cols + p.col], info.d, info.satfinite);
    }
    writeFragment(d, g[3], lane, bits);
  });
}

// The four fragments' geometry: A, B, C, D.
template <class GeometryFn>
void geometries(const MatrixInfo &info, GeometryFn &&geometry, FragmentGeometry (&g)[4]) {
  g[0] = geometry(info.shape, MatrixRole::A, info.element);
  g[1] = geometry(info.shape, MatrixRole::B, info.element);
  g[2] = geometry(info.shape, MatrixRole::Accumulator, info.c);
  g[3] = geometry(info.shape, MatrixRole::Accumulator, info.d);
}

// Operands: A, B and C as vectors of four from ops[0] (their counts follow from the shape and
// types); D in Program::registerLists from Inst::aux2.
void execWmmaMma(Warp &w, const Inst &inst, LaneMask exec) {
  const MatrixInfo info = unpackMatrixInfo(inst.aux);
  FragmentGeometry g[4];
  geometries(info, wmmaGeometry, g);
  uint64_t *a[kMaxFragmentRegisters], *b[kMaxFragmentRegisters], *c[kMaxFragmentRegisters],
      *d[kMaxFragmentRegisters];
  unsigned op = 0;
  fragmentRows(w, inst, op, g[0].registers(), a);
  op += (g[0].registers() + kVectorWidth - 1) / kVectorWidth;
  fragmentRows(w, inst, op, g[1].registers(), b);
  op += (g[1].registers() + kVectorWidth - 1) / kVectorWidth;
  fragmentRows(w, inst, op, g[2].registers(), c);
  const uint32_t *dSlots = w.program().registerLists.data() + inst.aux2;
  for (unsigned r = 0; r < g[3].registers(); ++r)
    d[r] = w.row(dSlots[r]);
  runMultiply(
      info, a, b, c, d, g,
      [](MatrixRole, const FragmentGeometry &fg, unsigned lane, unsigned i) {
        return wmmaElement(fg, lane, i);
      },
      exec);
}

// Operands: 0 D, 1 A, 2 B, 3 C, each one vector.
void execMmaSync(Warp &w, const Inst &inst, LaneMask exec) {
  const MatrixInfo info = unpackMatrixInfo(inst.aux);
  FragmentGeometry g[4];
  geometries(info, mmaSyncGeometry, g);
  uint64_t *a[kMaxFragmentRegisters], *b[kMaxFragmentRegisters], *c[kMaxFragmentRegisters],
      *d[kMaxFragmentRegisters];
  fragmentRows(w, inst, 0, g[3].registers(), d);
  fragmentRows(w, inst, 1, g[0].registers(), a);
  fragmentRows(w, inst, 2, g[1].registers(), b);
  fragmentRows(w, inst, 3, g[2].registers(), c);
  runMultiply(
      info, a, b, c, d, g,
      [&](MatrixRole role, const FragmentGeometry &, unsigned lane, unsigned i) {
        MatrixElement e = role == MatrixRole::Accumulator ? MatrixElement::F32 : info.element;
        return mmaSyncElement(info.shape, role, e, lane, i);
      },
      exec);
}

// The element types of a multiply: .dtype.ctype (f16 inputs, as wmma writes them) or
// .dtype.atype.btype.ctype.
Status multiplyTypes(InstDecoder &d, const Qualifiers &q, MatrixInfo &info) {
  if (q.types.size() == 2) {
    info.element = MatrixElement::F16;
    info.d = q.types[0];
    info.c = q.types[1];
  } else if (q.types.size() == 4) {
    if (q.types[1] != q.types[2])
      return d.error("A and B must have the same element type");
    info.d = q.types[0];
    info.element = q.types[1];
    info.c = q.types[3];
  } else {
    return d.error("expected .dtype.ctype or .dtype.atype.btype.ctype");
  }
  auto accumulatorType = [](MatrixElement e) {
    return e == MatrixElement::F16 || e == MatrixElement::F32;
  };
  if (!accumulatorType(info.c) || !accumulatorType(info.d))
    return d.error("accumulators hold .f16 or .f32 elements");
  if (info.element == MatrixElement::F32)
    return d.error("A and B hold .f16, .bf16 or .tf32 elements");
  if (info.element != MatrixElement::F16 &&
      (info.c != MatrixElement::F32 || info.d != MatrixElement::F32))
    return d.error("a .bf16 or .tf32 multiply accumulates in .f32");
  return Status::ok();
}

// wmma.mma.sync.aligned.alayout.blayout.shape.dtype.ctype{.satfinite} d, a, b, c;
// wmma.mma.sync.aligned.alayout.blayout.shape.f32.atype.btype.f32 d, a, b, c;
Status decodeWmmaMma(InstDecoder &d, Inst &inst) {
  Qualifiers q = readQualifiers(d, 1, {});
  if (Status s = checkCommon(d, q, "wmma.mma"); !s)
    return s;
  if (q.colLayouts.size() != 2)
    return d.error("wmma.mma needs the layouts of A and B (.row or .col each)");
  MatrixInfo info;
  info.shape = q.shape;
  if (!wmmaShapeKnown(info.shape))
    return d.unsupported("wmma shape ." + q.shapeText);
  if (Status s = multiplyTypes(d, q, info); !s)
    return s;
  if (!wmmaShapeTakes(info.shape, info.element))
    return d.error("wmma ." + q.shapeText + " does not take these element types");
  if (q.satfinite && info.element != MatrixElement::F16)
    return d.error(".satfinite is for wmma.mma with .f16 inputs");
  info.satfinite = q.satfinite;
  if (d.operandCount() != 4)
    return d.error("wmma.mma takes four operands");
  // The fragments' layouts do not depend on the memory layout here (MatrixSemantics.h), so the
  // layouts written only have to be well formed.
  FragmentGeometry g[4];
  geometries(info, wmmaGeometry, g);
  std::vector<uint32_t> slots;
  unsigned op = 0;
  const char *names[3] = {"wmma.mma's A", "wmma.mma's B", "wmma.mma's C"};
  for (unsigned f = 0; f < 3; ++f) {
    if (Status s = fragmentSlots(d, f + 1, g[f].registers(), names[f], slots); !s)
      return s;
    op += putFragment(inst, op, slots);
  }
  if (Status s = fragmentSlots(d, 0, g[3].registers(), "wmma.mma's D", slots); !s)
    return s;
  std::vector<uint32_t> &lists = d.function().program().registerLists;
  inst.aux2 = static_cast<uint32_t>(lists.size());
  lists.insert(lists.end(), slots.begin(), slots.end());
  inst.numOps = static_cast<uint8_t>(op);
  inst.aux = packMatrixInfo(info);
  inst.type = Type::B32;
  inst.exec = execWmmaMma;
  return Status::ok();
}

Status decodeWmma(InstDecoder &d, Inst &inst) {
  const std::vector<std::string> &mods = d.modifiers();
  if (mods.empty())
    return d.error("wmma needs an operation: .load, .store or .mma");
  if (mods[0] == "load" || mods[0] == "store")
    return decodeWmmaMemory(d, inst, mods[0] == "store");
  if (mods[0] == "mma")
    return decodeWmmaMma(d, inst);
  return d.unsupported("wmma." + mods[0]);
}

// mma.sync.aligned.m16n8k16.row.col.dtype.{f16,bf16}.{f16,bf16}.ctype d, a, b, c;
// mma.sync.aligned.m16n8k8.row.col.dtype.{f16,bf16,tf32}.{...}.ctype d, a, b, c;
Status decodeMmaSync(InstDecoder &d, Inst &inst) {
  Qualifiers q = readQualifiers(d, 0, {});
  if (Status s = checkCommon(d, q, "mma"); !s)
    return s;
  MatrixInfo info;
  info.shape = q.shape;
  if (!sameShape(q.shape, {16, 8, 16}) && !sameShape(q.shape, {16, 8, 8}))
    return d.unsupported("mma shape ." + q.shapeText);
  if (q.types.size() != 4)
    return d.error("mma needs .dtype.atype.btype.ctype");
  if (Status s = multiplyTypes(d, q, info); !s)
    return s;
  if (info.element == MatrixElement::TF32 && q.shape.k != 8)
    return d.unsupported("mma ." + q.shapeText + " with .tf32");
  if (q.colLayouts.size() != 2 || q.colLayouts[0] || !q.colLayouts[1])
    return d.error("mma ." + q.shapeText + " takes the layouts .row.col");
  if (q.satfinite)
    return d.error("floating-point mma takes no .satfinite");
  if (d.operandCount() != 4)
    return d.error("mma takes four operands");
  FragmentGeometry g[4];
  geometries(info, mmaSyncGeometry, g);
  const unsigned fragmentOf[4] = {3, 0, 1, 2}; // operand order d, a, b, c
  const char *names[4] = {"mma's D", "mma's A", "mma's B", "mma's C"};
  std::vector<uint32_t> slots;
  for (unsigned op = 0; op < 4; ++op) {
    if (Status s = fragmentSlots(d, op, g[fragmentOf[op]].registers(), names[op], slots); !s)
      return s;
    putFragment(inst, op, slots);
  }
  inst.numOps = 4;
  inst.aux = packMatrixInfo(info);
  inst.type = Type::B32;
  inst.exec = execMmaSync;
  return Status::ok();
}

// --- ldmatrix ---------------------------------------------------------------------------------

// Operands: 0 the destination registers (one vector), 1 the address of each lane's row.
void execLdmatrix(Warp &w, const Inst &inst, LaneMask exec) {
  const MatrixInfo info = unpackMatrixInfo(inst.aux);
  // Lanes 8j..8j+7 give the addresses of the rows of matrix j.
  uint16_t rows[4][8][8];
  for (unsigned j = 0; j < info.matrices; ++j)
    for (unsigned r = 0; r < 8; ++r) {
      const int source = static_cast<int>(j * 8 + r);
      const void *p =
          w.access(inst.space, laneAddress(w, inst.ops[1], source), 16, 16, source, inst);
      if (!p)
        return;
      std::memcpy(rows[j][r], p, 16);
    }
  uint64_t *d[4];
  for (unsigned j = 0; j < info.matrices; ++j)
    d[j] = w.row(inst.ops[0].elems[j]);
  forEachLane(exec, [&](int lane) {
    for (unsigned j = 0; j < info.matrices; ++j) {
      uint32_t cell = 0;
      for (unsigned h = 0; h < 2; ++h) {
        ElementPosition p = ldmatrixElement(static_cast<unsigned>(lane), h, info.transposed);
        cell |= uint32_t{rows[j][p.row][p.col]} << (16 * h);
      }
      d[j][lane] = cell;
    }
  });
}

// ldmatrix.sync.aligned.m8n8.{x1,x2,x4}{.trans}{.shared{::cta}}.b16 r, [p];
Status decodeLdmatrix(InstDecoder &d, Inst &inst) {
  Qualifiers q = readQualifiers(d, 0, {"x1", "x2", "x4", "trans", "b16"});
  if (Status s = checkCommon(d, q, "ldmatrix"); !s)
    return s;
  if (!sameShape(q.shape, {8, 8, 0}))
    return d.unsupported("ldmatrix shape ." + q.shapeText);
  MatrixInfo info;
  info.transposed = d.has("trans");
  const int counts = d.has("x1") + d.has("x2") + d.has("x4");
  if (counts != 1)
    return d.error("ldmatrix needs one of .x1, .x2, .x4");
  info.matrices = d.has("x1") ? 1 : d.has("x2") ? 2 : 4;
  if (!d.has("b16") || !q.types.empty())
    return d.error("ldmatrix .m8n8 loads .b16 elements");
  if (q.space == Space::Global)
    return d.error("ldmatrix reads shared memory");
  if (d.operandCount() != 2)
    return d.error("ldmatrix takes two operands");
  std::vector<uint32_t> slots;
  if (d.ast().operands[0].kind == ast::Operand::Kind::Vector) {
    if (Status s = d.registerList(0, slots); !s)
      return s;
  } else {
    Operand single;
    if (Status s = d.reg(0, single); !s)
      return s;
    slots.push_back(single.reg);
  }
  if (slots.size() != info.matrices)
    return d.error("ldmatrix ." +
                   std::string(info.matrices == 1   ? "x1"
                               : info.matrices == 2 ? "x2"
                                                    : "x4") +
                   " takes " + std::to_string(info.matrices) + " destination registers");
  putFragment(inst, 0, slots);
  inst.space = q.space;
  if (Status s = d.address(1, inst.space, inst.ops[1]); !s)
    return s;
  if (inst.space != Space::Shared && inst.space != Space::Generic)
    return d.error("ldmatrix reads shared memory");
  inst.numOps = 2;
  inst.aux = packMatrixInfo(info);
  inst.type = Type::B16;
  inst.exec = execLdmatrix;
  return Status::ok();
}

} // namespace

void addMatrixOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"wmma", decodeWmma});
  table.push_back({"mma", decodeMmaSync});
  table.push_back({"ldmatrix", decodeLdmatrix});
}

} // namespace qiao::ptx
