// Recognises PTX text handed over as a bare pointer (cuModuleLoadData) and reads the version and
// target directives from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace qiao::fatbin {

// The length of the PTX text at `text` when it starts, after whitespace and comments, with
// `.version`; nothing otherwise. Reads no byte past `limit` nor past the first NUL.
std::optional<std::size_t> measurePtxText(const std::uint8_t *text, std::size_t limit);

struct PtxDirectives {
  unsigned isaMajor = 0;
  unsigned isaMinor = 0;
  unsigned smArch = 0; // from `.target sm_XX[a|f]`; 0 when absent
  // 'a' for arch-specific PTX (sm_90a: only that architecture runs it), 'f' for family-specific
  // PTX (sm_100f), 0 for portable PTX.
  char variant = 0;
};

// Reads `.version X.Y` and the first `.target sm_XX` of PTX text.
PtxDirectives readPtxDirectives(std::string_view text);

} // namespace qiao::fatbin
