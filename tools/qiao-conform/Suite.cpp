#include "Suite.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace qiao::conform {

Suite loadSuite(const fs::path &root) {
  Suite suite;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    suite.errors.push_back(root.string() + ": not a directory");
    return suite;
  }
  for (const fs::directory_entry &area : fs::directory_iterator(root, ec)) {
    if (!area.is_directory())
      continue;
    for (const fs::directory_entry &file : fs::directory_iterator(area.path(), ec)) {
      if (!file.is_regular_file() || file.path().extension() != ".cu")
        continue;
      Program program;
      program.area = area.path().filename().string();
      program.name = file.path().stem().string();
      program.source = fs::absolute(file.path());
      std::ifstream in(file.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      const std::string error = parseSidecar(text.str(), program);
      if (!error.empty()) {
        suite.errors.push_back(program.id() + ".cu: " + error);
        continue;
      }
      for (const fs::path &part : program.parts)
        if (!fs::is_regular_file(part, ec))
          suite.errors.push_back(program.id() + ".cu: sources= names " + part.string() +
                                 ", which is not a file");
      suite.programs.push_back(std::move(program));
    }
  }
  std::sort(suite.programs.begin(), suite.programs.end(),
            [](const Program &a, const Program &b) { return a.id() < b.id(); });
  return suite;
}

} // namespace qiao::conform
