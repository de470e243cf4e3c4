// Running the compilers qiao-c++ drives.
#pragma once

#include <string>
#include <vector>

namespace qiao_cxx {

// Runs command (argv[0] looked up on PATH) and returns its exit status: 127 when it cannot be
// run, 128 + signal when a signal ended it. stderrPath, when not empty, receives its standard
// error instead of ours.
int run(const std::vector<std::string> &command, const std::string &stderrPath = {});

// The command as a shell would read it back, for --qiao-verbose.
std::string shellLine(const std::vector<std::string> &command);

} // namespace qiao_cxx
