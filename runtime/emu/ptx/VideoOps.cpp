// SIMD video instructions (PTX ISA 9.0, section 9.7.17.2): vadd2/4, vsub2/4, vavrg2/4,
// vabsdiff2/4, vmin2/4, vmax2/4 and vset2/4, as nvcc emits them for __vabsdiffu4, __vsadu2 and
// friends, with .sat, the .add accumulate, and the operand selectors %r.b3210 / %r.h10. The
// per-element rule is in VideoSemantics.h; the selectors are decoded once into Inst's aux fields.
#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "Lanes.h"
#include "VideoSemantics.h"
#include "Warp.h"

#include <string>

namespace qiao::ptx {
namespace {

void execVideoSimd(Warp &w, const Inst &inst, LaneMask exec) {
  const VideoSimd v = unpackVideoSimd(inst.aux, inst.aux2);
  uint64_t *d = w.row(inst.ops[0].reg);
  const uint64_t *a = w.row(inst.ops[1].reg);
  const uint64_t *b = w.row(inst.ops[2].reg);
  const uint64_t *c = w.row(inst.ops[3].reg);
  forEachLane(exec, [&](int l) {
    d[l] = videoSimd(v, static_cast<uint32_t>(a[l]), static_cast<uint32_t>(b[l]),
                     static_cast<uint32_t>(c[l]));
  });
}

// Splits `%r1.b3210` into the register and its selector text ("b3210"); no selector gives "".
struct Selected {
  std::string reg;
  std::string selector;
};

Selected splitSelector(const std::string &name) {
  size_t dot = name.find('.');
  if (dot == std::string::npos)
    return {name, ""};
  return {name.substr(0, dot), name.substr(dot + 1)};
}

// An element selector: `b` + four digits 0..7 for the four-way forms, `h` + two digits 0..3 for
// the two-way ones; digits are written from the highest element down.
bool parseSelector(const std::string &text, unsigned elements, uint8_t out[4]) {
  const char letter = elements == 4 ? 'b' : 'h';
  const char highest = elements == 4 ? '7' : '3';
  if (text.size() != elements + 1 || text[0] != letter)
    return false;
  for (unsigned i = 0; i < elements; ++i) {
    char digit = text[elements - i];
    if (digit < '0' || digit > highest)
      return false;
    out[i] = static_cast<uint8_t>(digit - '0');
  }
  return true;
}

// A destination mask: `b` or `h` followed by distinct element numbers in descending order.
bool parseMask(const std::string &text, unsigned elements, uint8_t &mask) {
  const char letter = elements == 4 ? 'b' : 'h';
  if (text.size() < 2 || text.size() > elements + 1 || text[0] != letter)
    return false;
  mask = 0;
  int previous = static_cast<int>(elements);
  for (size_t i = 1; i < text.size(); ++i) {
    int element = text[i] - '0';
    if (element < 0 || element >= previous)
      return false;
    mask |= static_cast<uint8_t>(1u << element);
    previous = element;
  }
  return true;
}

// A register operand that may carry a selector; immediates are accepted where no selector is.
Status selectedSource(InstDecoder &d, size_t index, Operand &out, std::string &selector) {
  selector.clear();
  if (index >= d.operandCount())
    return d.error("missing operand " + std::to_string(index + 1));
  const ast::Operand &op = d.ast().operands[index];
  if (op.kind != ast::Operand::Kind::Register || op.name.find('.') == std::string::npos)
    return index == 0 ? d.reg(index, out) : d.source(index, Type::U32, out);
  Selected s = splitSelector(op.name);
  uint32_t slot;
  if (!d.function().findRegister(s.reg, slot))
    return d.error("undeclared register '" + s.reg + "'");
  out = Operand{};
  out.kind = Operand::Kind::Reg;
  out.reg = slot;
  selector = s.selector;
  return Status::ok();
}

Status decodeSimd(InstDecoder &d, Inst &inst, VideoOp op, unsigned elements) {
  VideoSimd v;
  v.op = op;
  v.elements = static_cast<uint8_t>(elements);
  if (elements == 2) {
    v.asel[0] = 0, v.asel[1] = 1;
    v.bsel[0] = 2, v.bsel[1] = 3;
    v.mask = 0x3;
  }
  std::vector<Type> types = d.types();
  const size_t wanted = op == VideoOp::Set ? 2 : 3;
  if (types.size() != wanted)
    return d.error("expected " + std::to_string(wanted) + " types (.u32 or .s32)");
  for (Type t : types)
    if (t != Type::U32 && t != Type::S32)
      return d.unsupported("video operand type ." + std::string(typeName(t)));
  if (op == VideoOp::Set) {
    v.aSigned = types[0] == Type::S32;
    v.bSigned = types[1] == Type::S32;
    static constexpr std::pair<std::string_view, VideoCmp> kCmps[] = {
        {"eq", VideoCmp::Eq}, {"ne", VideoCmp::Ne}, {"lt", VideoCmp::Lt},
        {"le", VideoCmp::Le}, {"gt", VideoCmp::Gt}, {"ge", VideoCmp::Ge}};
    bool found = false;
    for (const auto &[name, cmp] : kCmps)
      if (d.has(name))
        v.cmp = cmp, found = true;
    if (!found)
      return d.error("vset needs a comparison (.eq, .ne, .lt, .le, .gt, .ge)");
  } else {
    v.dSigned = types[0] == Type::S32;
    v.aSigned = types[1] == Type::S32;
    v.bSigned = types[2] == Type::S32;
  }
  v.sat = d.has("sat");
  v.accumulate = d.has("add");
  if (v.sat && (v.accumulate || op == VideoOp::Set))
    return d.error(".sat cannot be combined with .add or vset");
  if (d.operandCount() != 4)
    return d.error("expected 4 operands: d, a, b, c");

  inst.type = Type::U32;
  inst.numOps = 4;
  std::string selector;
  if (Status s = selectedSource(d, 0, inst.ops[0], selector); !s)
    return s;
  if (!selector.empty() && !parseMask(selector, elements, v.mask))
    return d.error("bad destination mask ." + selector);
  if (Status s = selectedSource(d, 1, inst.ops[1], selector); !s)
    return s;
  if (!selector.empty() && !parseSelector(selector, elements, v.asel))
    return d.error("bad selector ." + selector + " on operand a");
  if (Status s = selectedSource(d, 2, inst.ops[2], selector); !s)
    return s;
  if (!selector.empty() && !parseSelector(selector, elements, v.bsel))
    return d.error("bad selector ." + selector + " on operand b");
  if (Status s = selectedSource(d, 3, inst.ops[3], selector); !s)
    return s;
  if (!selector.empty())
    return d.error("operand c takes no selector");
  inst.aux = packVideoAux(v);
  inst.aux2 = packVideoSelectors(v);
  inst.exec = execVideoSimd;
  return Status::ok();
}

template <VideoOp Op, unsigned Elements> Status decode(InstDecoder &d, Inst &inst) {
  return decodeSimd(d, inst, Op, Elements);
}

} // namespace

void addVideoOpcodes(std::vector<OpcodeEntry> &table) {
  table.push_back({"vadd2", decode<VideoOp::Add, 2>});
  table.push_back({"vadd4", decode<VideoOp::Add, 4>});
  table.push_back({"vsub2", decode<VideoOp::Sub, 2>});
  table.push_back({"vsub4", decode<VideoOp::Sub, 4>});
  table.push_back({"vavrg2", decode<VideoOp::Avrg, 2>});
  table.push_back({"vavrg4", decode<VideoOp::Avrg, 4>});
  table.push_back({"vabsdiff2", decode<VideoOp::Absdiff, 2>});
  table.push_back({"vabsdiff4", decode<VideoOp::Absdiff, 4>});
  table.push_back({"vmin2", decode<VideoOp::Min, 2>});
  table.push_back({"vmin4", decode<VideoOp::Min, 4>});
  table.push_back({"vmax2", decode<VideoOp::Max, 2>});
  table.push_back({"vmax4", decode<VideoOp::Max, 4>});
  table.push_back({"vset2", decode<VideoOp::Set, 2>});
  table.push_back({"vset4", decode<VideoOp::Set, 4>});
}

} // namespace qiao::ptx
