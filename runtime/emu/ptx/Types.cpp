// Facts about PTX fundamental types.
#include "Ir.h"

#include <array>
#include <utility>

namespace qiao::ptx {
namespace {

constexpr std::array<std::pair<std::string_view, Type>, 20> kTypeNames = {{
    {"pred", Type::Pred}, {"b8", Type::B8},         {"b16", Type::B16}, {"b32", Type::B32},
    {"b64", Type::B64},   {"b128", Type::B128},     {"u8", Type::U8},   {"u16", Type::U16},
    {"u32", Type::U32},   {"u64", Type::U64},       {"s8", Type::S8},   {"s16", Type::S16},
    {"s32", Type::S32},   {"s64", Type::S64},       {"f16", Type::F16}, {"f16x2", Type::F16x2},
    {"bf16", Type::BF16}, {"bf16x2", Type::BF16x2}, {"f32", Type::F32}, {"f64", Type::F64},
}};

} // namespace

Type parseType(std::string_view text) {
  for (const auto &[name, type] : kTypeNames)
    if (name == text)
      return type;
  return Type::None;
}

std::string_view typeName(Type t) {
  for (const auto &[name, type] : kTypeNames)
    if (type == t)
      return name;
  return "none";
}

} // namespace qiao::ptx
