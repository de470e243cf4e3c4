// What a fuzz driver keeps of the case it is running, so that a case which kills the process
// still leaves a reproducer: on a crash signal, a sanitizer report or a case running past its time
// limit, the case's bytes are written to DIR/crash-N.EXT (or hang-N.EXT), one line on stderr
// names the file, and the process ends with a failure status. Deterministic drivers can also
// rebuild case N from their seed; this covers the runs nobody kept the command line of.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace qiao::fuzz {

struct CaseGuardOptions {
  std::string saveDir;      // empty: report the case number only
  std::string extension;    // of the saved file, e.g. "fatbin" or "calls"
  unsigned hangSeconds = 0; // a case running longer is a hang; 0: no limit
};

// Installs the signal handlers (crash signals only when no sanitizer is linked in: a sanitizer
// reports those better, and calls back here before it ends the process). Call once.
void installCaseGuard(const CaseGuardOptions &options);

// Case `number` starts; `bytes` must stay valid until endCase().
void beginCase(std::uint64_t number, const void *bytes, std::size_t size);
void endCase();

} // namespace qiao::fuzz
