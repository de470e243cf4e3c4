// Deterministic mutations of PTX text for the fuzz driver: the same seed and input give the same
// output on every platform (raw mt19937_64 draws, no std distributions, whose results the
// standard leaves to the library). Mutations are chosen to reach the validator and the decoder,
// not only the lexer: register and type swaps give type mismatches, line copies give duplicate
// definitions, number changes give odd sizes, counts and alignments.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::ptx::fuzz {

class PtxMutator {
public:
  // `donors` are other inputs whose lines may be spliced in.
  explicit PtxMutator(uint64_t seed, std::vector<std::string> donors = {})
      : rng_(seed), donors_(std::move(donors)) {}

  // One to four edits of the text.
  std::string mutate(std::string_view text);

private:
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }
  void edit(std::string &text);

  std::mt19937_64 rng_;
  std::vector<std::string> donors_;
};

} // namespace qiao::ptx::fuzz
