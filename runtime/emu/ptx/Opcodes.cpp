// Opcode and modifier spellings to their enumerators (Opcodes.def, Modifiers.def).
#include "Ir.h"

#include <algorithm>
#include <array>
#include <utility>

namespace qiao::ptx {
namespace {

constexpr std::pair<std::string_view, Opcode> kOpcodes[] = {
#define QIAO_PTX_OPCODE(spelling, name) {#spelling, Opcode::name},
#include "Opcodes.def"
#undef QIAO_PTX_OPCODE
};

constexpr std::pair<std::string_view, Mod> kModifiers[] = {
#define QIAO_PTX_MODIFIER(spelling, name) {#spelling, Mod::name},
#include "Modifiers.def"
#undef QIAO_PTX_MODIFIER
};

static_assert(std::size(kModifiers) <= 32, "Inst::mods holds 32 modifier bits");

} // namespace

Opcode opcodeFromName(std::string_view spelling) {
  using Entry = std::pair<std::string_view, Opcode>;
  // Opcodes.def appends new opcodes at its end: the lookup sorts a copy once.
  static const std::array<Entry, std::size(kOpcodes)> sorted = [] {
    std::array<Entry, std::size(kOpcodes)> copy;
    std::copy(std::begin(kOpcodes), std::end(kOpcodes), copy.begin());
    std::sort(copy.begin(), copy.end(),
              [](const Entry &a, const Entry &b) { return a.first < b.first; });
    return copy;
  }();
  const auto *it = std::lower_bound(sorted.begin(), sorted.end(), spelling,
                                    [](const Entry &e, std::string_view s) { return e.first < s; });
  return it != sorted.end() && it->first == spelling ? it->second : Opcode::Unknown;
}

uint32_t modifierBits(const std::vector<std::string> &modifiers) {
  uint32_t bits = 0;
  for (const std::string &m : modifiers)
    for (const auto &[spelling, mod] : kModifiers)
      if (m == spelling)
        bits |= uint32_t{1} << static_cast<uint32_t>(mod);
  return bits;
}

} // namespace qiao::ptx
