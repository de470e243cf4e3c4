// A unified diff of two texts, as `diff -u` prints it (3 lines of context), for --dry-run.
#pragma once

#include <string>

namespace qiao::translate {

// Empty when the texts are equal. Labels are printed after --- and +++.
std::string unifiedDiff(const std::string &before, const std::string &after,
                        const std::string &beforeLabel, const std::string &afterLabel);

} // namespace qiao::translate
