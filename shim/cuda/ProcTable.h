// The tables cuGetProcAddress searches, generated from exports.txt and proc_versions.txt
// (GenerateDriverExports.cmake). Plain types only: the generated file includes no CUDA header,
// whose declarations would clash with its parameterless stubs.
#pragma once

#include <cstddef>

namespace qiao::cuda {

struct ExportedFunction {
  const char *name;
  void *address;
};

// One flavour of a versioned name: from CUDA `version` on, `name` is answered by `symbol`.
struct VersionedName {
  const char *name;
  int version;
  const char *symbol;
};

// Sorted by name (strcmp order).
extern const ExportedFunction kExportedFunctions[];
extern const std::size_t kExportedFunctionCount;
// Grouped by name, versions ascending within a name.
extern const VersionedName kVersionedNames[];
extern const std::size_t kVersionedNameCount;

} // namespace qiao::cuda
