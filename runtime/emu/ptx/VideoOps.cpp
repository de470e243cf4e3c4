// SIMD video instructions (PTX ISA 9.0, section 9.7.17): the per-byte and per-halfword forms
// nvcc emits for __vadd2, __vabsdiffu4, __vcmpgtu4 and friends.
#include "InstDecoder.h"

namespace qiao::ptx {

void addVideoOpcodes(std::vector<OpcodeEntry> &) {}

} // namespace qiao::ptx
