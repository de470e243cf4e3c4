// Runs one command as its own process group with a time limit: what the conformance runner needs
// to survive programs that hang (the whole group is killed at the limit, children included) or
// crash (the signal is reported by name).
#pragma once

#include <string>
#include <vector>

namespace qiao::conform {

struct ProcessRequest {
  std::vector<std::string> argv;        // argv[0] is looked up on PATH when it has no slash
  std::vector<std::string> environment; // NAME=value entries set on top of this process's own
  double timeoutSeconds = 60;
  size_t outputLimit = 1 << 20; // bytes kept of each stream; the rest is read and dropped
};

struct ProcessResult {
  bool started = false;  // false: the command could not be run (startError says why)
  bool timedOut = false; // killed at the limit
  int exitCode = -1;     // when it exited
  int signal = 0;        // when a signal ended it (SIGKILL after a timeout included)
  double seconds = 0;
  std::string out;
  std::string err;
  std::string startError;
};

ProcessResult runProcess(const ProcessRequest &request);

// "SIGSEGV" for SIGSEGV, "signal 42" for a number without a name.
std::string signalName(int signal);

} // namespace qiao::conform
