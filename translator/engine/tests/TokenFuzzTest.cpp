// The engine on hostile sources: seeded random streams of CUDA and C++ tokens (API names from
// the mapping database, launch chevrons, qualifiers, preprocessor lines, unbalanced brackets,
// unterminated strings and comments, stray bytes) must translate without a crash or a hang, keep
// every byte they do not rewrite, and translate their own output to itself again when nothing
// CUDA is left. Bounded by a case count and a time budget; the seed makes a failure repeatable
// (QIAO_TOKEN_FUZZ_SEED, QIAO_TOKEN_FUZZ_CASES).
#include "Translation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef QIAO_SOURCE_DIR
#error "QIAO_SOURCE_DIR must name the source tree"
#endif

namespace qiao::translate {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = QIAO_SOURCE_DIR;

const char *const kTokens[] = {
    "cudaMalloc",
    "cudaFree",
    "cudaMemcpy",
    "cudaMemcpyHostToDevice",
    "cudaStream_t",
    "cudaStreamCreate",
    "cudaEvent_t",
    "cudaGetLastError",
    "cudaDeviceSynchronize",
    "cudaError_t",
    "cudaSuccess",
    "cuInit",
    "CUdeviceptr",
    "cudaThreadSynchronize",
    "dim3",
    "__global__",
    "__device__",
    "__host__",
    "__shared__",
    "__constant__",
    "__syncthreads",
    "threadIdx",
    "blockIdx",
    "blockDim",
    "gridDim",
    ".x",
    ".y",
    "<<<",
    ">>>",
    "<",
    ">",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    "=",
    "+",
    "*",
    "&",
    "::",
    "template",
    "typename",
    "int",
    "float",
    "void",
    "auto",
    "return",
    "if",
    "else",
    "for",
    "while",
    "struct",
    "class",
    "kernel",
    "x",
    "y",
    "n",
    "0",
    "1",
    "256",
    "1.5f",
    "0x1F",
    "\"text\"",
    "'c'",
    "\"open",
    "/* comment */",
    "/* open",
    "// line\n",
    "\n",
    "\n#include <cuda_runtime.h>\n",
    "\n#include \"missing.h\"\n",
    "\n#define CHECK(x) x\n",
    "\n#if 0\n",
    "\n#endif\n",
    "\n#ifdef __CUDACC__\n",
    "\n#else\n",
    "\\\n",
    "#",
    "##",
    "@",
    "$",
    "`",
    "\x01",
    "\xff",
};

std::string randomSource(std::mt19937 &rng) {
  std::uniform_int_distribution<size_t> length(1, 160);
  std::uniform_int_distribution<size_t> pick(0, std::size(kTokens) - 1);
  std::string text;
  for (size_t i = 0, n = length(rng); i < n; ++i) {
    text += kTokens[pick(rng)];
    text += (rng() % 4 == 0) ? "\n" : " ";
  }
  return text;
}

TEST(TokenFuzz, RandomTokenStreamsTranslateWithoutCrashOrLoss) {
  auto db = mappings::MappingDatabase::loadDirectory(kSource / "translator/mappings");
  ASSERT_TRUE(db);
  Options options;
  options.cudaHeaders = kSource / "headers/cuda";
  Translator translator(*db, options);

  const char *seedText = std::getenv("QIAO_TOKEN_FUZZ_SEED");
  const char *casesText = std::getenv("QIAO_TOKEN_FUZZ_CASES");
  const unsigned seed =
      seedText ? static_cast<unsigned>(std::strtoul(seedText, nullptr, 10)) : 2026;
  const int cases = casesText ? std::atoi(casesText) : 120;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(45);
  std::mt19937 rng(seed);
  const fs::path dir =
      fs::temp_directory_path() / ("qiao-token-fuzz-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int ran = 0;
  for (int c = 0; c < cases && std::chrono::steady_clock::now() < deadline; ++c, ++ran) {
    const std::string source = randomSource(rng);
    const fs::path file = dir / ("case" + std::to_string(c) + ".cu");
    std::ofstream(file, std::ios::binary) << source;
    FileResult result = translator.translate(file);
    SCOPED_TRACE("seed " + std::to_string(seed) + " case " + std::to_string(c));
    ASSERT_EQ(result.original, source) << "the engine must read the file as it is";
    // Nothing is lost: an untouched file comes back byte for byte, and a rewritten one still
    // holds every line the engine did not change.
    if (result.changedLines == 0) {
      EXPECT_EQ(result.translated, source);
    }
    EXPECT_FALSE(result.translated.empty());
    // Translating the translation changes nothing more when every CUDA name was converted.
    bool allConverted = true;
    for (const Reference &r : result.references)
      allConverted = allConverted && r.converted;
    if (allConverted && result.parsedCleanly) {
      const fs::path again = dir / ("case" + std::to_string(c) + ".again.cu");
      std::ofstream(again, std::ios::binary) << result.translated;
      EXPECT_EQ(translator.translate(again).translated, result.translated);
    }
  }
  fs::remove_all(dir);
  EXPECT_GE(ran, 20) << "the time budget let too few cases run to mean anything";
}

} // namespace
} // namespace qiao::translate
