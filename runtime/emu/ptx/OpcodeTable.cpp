// The opcode -> decode function table, joined from the instruction families.
#include "InstDecoder.h"

#include <algorithm>

namespace qiao::ptx {

const std::vector<OpcodeEntry> &opcodeTable() {
  static const std::vector<OpcodeEntry> table = [] {
    std::vector<OpcodeEntry> t;
    addArithmeticOpcodes(t);
    addLogicOpcodes(t);
    addCompareOpcodes(t);
    addConvertOpcodes(t);
    addMemoryOpcodes(t);
    addAtomicOpcodes(t);
    addTextureOpcodes(t);
    addWarpOpcodes(t);
    addControlOpcodes(t);
    addVideoOpcodes(t);
    addMatrixOpcodes(t);
    addMbarrierOpcodes(t);
    addAsyncCopyOpcodes(t);
    addClusterOpcodes(t);
    std::stable_sort(t.begin(), t.end(),
                     [](const OpcodeEntry &a, const OpcodeEntry &b) { return a.name < b.name; });
    return t;
  }();
  return table;
}

DecodeFn findDecoder(std::string_view opcode) {
  const std::vector<OpcodeEntry> &table = opcodeTable();
  auto it =
      std::lower_bound(table.begin(), table.end(), opcode,
                       [](const OpcodeEntry &e, std::string_view name) { return e.name < name; });
  return it != table.end() && it->name == opcode ? it->decode : nullptr;
}

} // namespace qiao::ptx
