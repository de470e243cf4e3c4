// Builds the conformance programs for each mode, once, into a cache keyed by the sources' hash
// and the compilers' versions:
//   objects/<key>/      nvcc -c of each translation unit (shared by the two nvcc links)
//   shim/<key>/program  linked with -cudart shared       (mode shim)
//   shim-static/<key>/program  nvcc's default static runtime (modes shim-static, native)
//   translated/<key>/program   qiao-translate, then qiao-c++ -O1 (mode translated)
// A failed build is not cached: the next run tries again.
#pragma once

#include "Mode.h"
#include "Program.h"
#include "Progress.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace qiao::conform {

struct Toolchain {
  std::filesystem::path nvcc;         // empty: not found
  std::filesystem::path hostCompiler; // nvcc -ccbin
  std::filesystem::path qiaoTranslate;
  std::filesystem::path qiaoCxx;
  std::filesystem::path includeDir;     // conformance/include: the programs' shared header
  std::filesystem::path qiaoHeaders;    // headers/: translated programs compile against them
  std::filesystem::path translatorData; // translator/mappings: the translator reads them
  std::filesystem::path cacheDir;
  std::vector<std::string> nvccArch{"-arch=sm_80"};
  unsigned jobs = 1;
};

struct Build {
  bool ok = false;
  std::filesystem::path binary;
  std::string log; // the failing command and its output
};

class Builder {
public:
  explicit Builder(Toolchain toolchain);

  // Builds what `modes` need for every program that applies to them; one Build per program id
  // and mode. Native uses the shim-static binary.
  void buildAll(const std::vector<const Program *> &programs, const std::vector<Mode> &modes,
                Progress &progress);
  const Build &build(const Program &program, Mode mode) const;

private:
  std::string nvccKey(const Program &program) const;
  std::string translatedKey(const Program &program) const;
  void buildNvcc(const Program &program, bool shared, bool staticRuntime);
  void translateBatch(const std::vector<const Program *> &programs);
  void compileTranslated(const Program &program);

  Toolchain toolchain_;
  std::string nvccFingerprint_;       // nvcc and host compiler versions, arch flags, headers
  std::string translatedFingerprint_; // translator, qiao-c++, compiler, Qiao's headers
  std::filesystem::path stage_;       // this run's translation tree
  std::map<std::pair<std::string, Mode>, Build> builds_;
  std::map<std::string, std::string> translateLog_; // program id -> translator messages
};

} // namespace qiao::conform
