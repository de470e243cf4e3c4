// Deterministic mutations of fatbinary images for the fuzz driver: the same seed and inputs give
// the same bytes on every platform (raw mt19937_64 draws, no std distributions). Most mutations
// aim at what the reader trusts: the size, offset and count fields of wrappers, containers,
// entries and ELF headers (found by walking the unmutated input), and the compressed payloads.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace qiao::fatbin::fuzz {

using Bytes = std::vector<std::uint8_t>;

// A field the reader trusts: `width` bytes at `offset`.
struct Field {
  std::size_t offset = 0;
  std::size_t width = 0;
};

// The structure of one corpus input, found once.
struct InputMap {
  std::vector<Field> fields;                                 // sizes, offsets, counts, kinds
  std::vector<std::pair<std::size_t, std::size_t>> payloads; // [begin, end) of entry payloads
};

// Walks the containers (a bare fatbin, or those in an ELF file's .nv_fatbin section) and the ELF
// header and section table of `bytes`; unknown forms give an empty map.
InputMap mapInput(const Bytes &bytes);

class FatbinMutator {
public:
  // `corpus` are the seed inputs (mutations splice from them).
  FatbinMutator(std::uint64_t seed, std::vector<Bytes> corpus);

  // One to three edits of corpus input `index`.
  Bytes mutate(std::size_t index);

private:
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }
  std::uint64_t interestingValue(std::uint64_t original);
  void edit(Bytes &bytes, const InputMap &map);

  std::mt19937_64 rng_;
  std::vector<Bytes> corpus_;
  std::vector<InputMap> maps_;
};

} // namespace qiao::fatbin::fuzz
