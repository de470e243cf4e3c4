// Which inputs other inputs #include, found by scanning the include directives of every source
// before anything is translated. A .cu file shared by inclusion (`#include "kernels.cu"`) is
// part of its includer's translation unit and rarely parses on its own; it is translated in the
// includer's place (Translator's includer). A header that does not parse alone gets the same
// second chance.
#pragma once

#include "InputSet.h"

#include <string>
#include <vector>

namespace qiao::translate {

// Sets Input::includer for every source input that another source input includes, directly or
// through others: the first file of the chain that no input includes (a translation unit), in
// input order. Quoted names are looked up beside the including file, then, as <...> names are,
// in includeDirs and the tree's header directories.
void findIncluders(InputSet &set, const std::vector<std::string> &includeDirs);

} // namespace qiao::translate
