#include "InputSet.h"

#include "OutputSafety.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <algorithm>
#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

InputKind classify(const fs::path &path, bool *isInput) {
  const std::string name = path.filename().string();
  const std::string ext = path.extension().string();
  *isInput = true;
  if (name == "CMakeLists.txt" || ext == ".cmake")
    return InputKind::CMake;
  if (name == "Makefile" || name == "makefile" || name == "GNUmakefile" || ext == ".mk")
    return InputKind::Makefile;
  static const char *const kSources[] = {".cu", ".cuh", ".h", ".hpp", ".cpp", ".cc", ".cxx"};
  *isInput = std::find(std::begin(kSources), std::end(kSources), ext) != std::end(kSources);
  return InputKind::Source;
}

namespace {
// Why a path given on the command line is neither a file nor a directory we read, in words a
// user recognises ("no such file" for a FIFO sends them looking in the wrong place).
std::string notReadable(const fs::path &path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    return ec.message();
  switch (status.type()) {
  case fs::file_type::not_found:
    return "no such file or directory";
  case fs::file_type::fifo:
    return "a FIFO (named pipe), not a file: qiao-translate reads regular files and directories";
  case fs::file_type::character:
  case fs::file_type::block:
    return "a device file, not a file: qiao-translate reads regular files and directories";
  case fs::file_type::socket:
    return "a socket, not a file: qiao-translate reads regular files and directories";
  default:
    return "not a regular file or directory";
  }
}
} // namespace

InputSet collectInputs(const std::vector<std::string> &paths, const fs::path &output) {
  InputSet set;
  std::error_code ec;
  const bool excludeOutput = !output.empty() && fs::is_directory(output, ec);
  for (const std::string &given : paths) {
    const fs::path path(given);
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code entry; // an unreadable entry is skipped, not the end of the walk
        if (it->is_directory(entry)) {
          const bool isOutput = excludeOutput && samePath(it->path(), output);
          if (isOutput || isOutputTree(it->path())) {
            it.disable_recursion_pending();
            set.skipped.push_back(it->path().string() +
                                  (isOutput ? ": the output directory"
                                            : ": written by an earlier qiao-translate run"));
          }
          continue;
        }
        if (it->is_regular_file(entry))
          found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      for (const fs::path &file : found) {
        bool isInput = false;
        const InputKind kind = classify(file, &isInput);
        if (isInput)
          set.inputs.push_back({file, path, kind, {}});
      }
    } else if (fs::is_regular_file(path, ec)) {
      bool isInput = false;
      const InputKind kind = classify(path, &isInput);
      set.inputs.push_back({path, path.parent_path(), kind, {}});
    } else {
      set.errors.push_back(given + ": " + notReadable(path));
    }
  }
  return set;
}

std::vector<std::string> headerDirectories(const InputSet &set) {
  std::vector<std::string> dirs;
  for (const Input &input : set.inputs) {
    const std::string ext = input.path.extension().string();
    if (input.kind != InputKind::Source || (ext != ".h" && ext != ".cuh" && ext != ".hpp"))
      continue;
    std::error_code ec;
    dirs.push_back(fs::absolute(input.path.parent_path(), ec).string());
  }
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
  return dirs;
}

InputSet collectCompileCommands(const fs::path &buildDir) {
  InputSet set;
  std::string error;
  auto database = clang::tooling::CompilationDatabase::loadFromDirectory(buildDir.string(), error);
  if (!database) {
    set.errors.push_back(buildDir.string() + ": " + error);
    return set;
  }
  std::vector<std::string> files = database->getAllFiles();
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  // Paths are absolute; the tree's root is their common directory.
  fs::path root;
  for (const std::string &file : files) {
    const fs::path dir = fs::path(file).parent_path();
    if (root.empty()) {
      root = dir;
      continue;
    }
    fs::path common;
    for (auto a = root.begin(), b = dir.begin(); a != root.end() && b != dir.end() && *a == *b;
         ++a, ++b)
      common /= *a;
    root = common;
  }
  for (const std::string &file : files) {
    Input input{file, root, InputKind::Source, {}};
    for (const auto &command : database->getCompileCommands(file)) {
      // The compiler, the file itself and output options say nothing about parsing.
      const auto &line = command.CommandLine;
      for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == "-o" || line[i] == "-c") {
          i += line[i] == "-o";
          continue;
        }
        if (line[i] == file || fs::path(command.Directory) / line[i] == fs::path(file) ||
            line[i].starts_with("--driver-mode="))
          continue;
        input.compileArgs.push_back(line[i]);
      }
      break;
    }
    set.inputs.push_back(std::move(input));
  }
  return set;
}

} // namespace qiao::translate
