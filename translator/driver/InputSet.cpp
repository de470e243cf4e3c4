#include "InputSet.h"

#include "OutputSafety.h"

#include "clang/Tooling/CompilationDatabase.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <regex>
#include <sstream>
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

namespace {

Diagnostic treeDiagnostic(const fs::path &path, const char *id, Severity severity,
                          std::string message) {
  return {id, severity, Location{path.string(), 0, 0}, std::move(message)};
}

bool isInside(const fs::path &path, const fs::path &dir) {
  const fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

fs::path canonicalOrAbsolute(const fs::path &path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec)
    canonical = fs::absolute(path, ec).lexically_normal();
  return canonical;
}

// With several inputs, the directory under OUT each one's files go to: its name, or as many of
// its last path components as tell it apart from the others.
std::vector<fs::path> outputNames(const std::vector<fs::path> &paths) {
  std::vector<std::vector<fs::path>> parts;
  for (const fs::path &path : paths) {
    std::vector<fs::path> components;
    for (const fs::path &part : canonicalOrAbsolute(path).relative_path())
      if (!part.empty())
        components.push_back(part);
    if (components.empty())
      components.push_back("root");
    parts.push_back(components);
  }
  std::vector<std::size_t> depth(paths.size(), 1);
  auto name = [&](std::size_t i) {
    fs::path n;
    const std::size_t take = std::min(depth[i], parts[i].size());
    for (std::size_t k = parts[i].size() - take; k < parts[i].size(); ++k)
      n /= parts[i][k];
    return n;
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < paths.size(); ++i)
      for (std::size_t j = i + 1; j < paths.size(); ++j)
        if (name(i) == name(j))
          for (std::size_t k : {i, j})
            if (depth[k] < parts[k].size()) {
              ++depth[k];
              grew = true;
            }
  }
  std::vector<fs::path> names;
  for (std::size_t i = 0; i < paths.size(); ++i)
    names.push_back(name(i));
  return names;
}

bool isVersionControl(const fs::path &path) {
  const std::string name = path.filename().string();
  return name == ".git" || name == ".svn" || name == ".hg";
}

class TreeWalk {
public:
  TreeWalk(InputSet &set, const fs::path &output) : set_(set) {
    std::error_code ec;
    excludeOutput_ = !output.empty() && fs::is_directory(output, ec);
    output_ = output;
  }

  void walk(const fs::path &dir, const fs::path &prefix) {
    std::error_code ec;
    const fs::path canonicalRoot = fs::canonical(dir, ec);
    std::vector<fs::path> found;
    std::vector<Carried> links;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const fs::path &path = it->path();
      std::error_code entry; // an unreadable entry is reported, not the end of the walk
      if (isVersionControl(path)) {
        if (it->is_directory(entry))
          it.disable_recursion_pending();
        set_.skipped.push_back(path.string() + ": version control, not part of the build");
        continue;
      }
      if (it->is_symlink(entry)) {
        link(path, dir, canonicalRoot, prefix, found, links);
        continue;
      }
      if (it->is_directory(entry)) {
        const bool isOutput = excludeOutput_ && samePath(path, output_);
        if (isOutput || isOutputTree(path)) {
          it.disable_recursion_pending();
          set_.skipped.push_back(
              path.string() +
              (isOutput ? ": the output directory" : ": written by an earlier qiao-translate run"));
        } else if (access(path.c_str(), R_OK | X_OK) != 0) {
          it.disable_recursion_pending();
          leftOut(path, "a directory that cannot be read (" +
                            std::error_code(errno, std::generic_category()).message() + ")");
        }
        continue;
      }
      if (it->is_regular_file(entry))
        found.push_back(path);
      else
        leftOut(path, notReadable(path));
    }
    if (ec)
      leftOut(dir, "the walk stopped: " + ec.message());
    std::sort(found.begin(), found.end());
    for (const fs::path &file : found)
      add(file, dir, prefix);
    std::sort(links.begin(), links.end(),
              [](const Carried &a, const Carried &b) { return a.path < b.path; });
    set_.carried.insert(set_.carried.end(), links.begin(), links.end());
  }

  void add(const fs::path &file, const fs::path &root, const fs::path &prefix) {
    bool isInput = false;
    const InputKind kind = classify(file, &isInput);
    if (isInput)
      set_.inputs.push_back({file, root, kind, {}, prefix, {}});
    else
      set_.carried.push_back({file, root, prefix, CarryKind::Copy, {}, false});
  }

private:
  // A link is carried as a link, except one to a file outside the tree: the build needs that
  // file's content at the link's place, translated when it is a source.
  void link(const fs::path &path, const fs::path &root, const fs::path &canonicalRoot,
            const fs::path &prefix, std::vector<fs::path> &found, std::vector<Carried> &links) {
    std::error_code ec;
    const fs::path says = fs::read_symlink(path, ec);
    const fs::path resolved = fs::canonical(path, ec);
    if (ec) {
      links.push_back({path, root, prefix, CarryKind::Link, says, false});
      set_.diagnostics.push_back(treeDiagnostic(path, "QT1005", Severity::Warning,
                                                "a dangling symbolic link (to " + says.string() +
                                                    "): recreated as it is"));
      return;
    }
    if (isInside(resolved, canonicalRoot)) {
      links.push_back({path, root, prefix, CarryKind::Link, resolved, true});
      set_.diagnostics.push_back(treeDiagnostic(
          path, "QT1006", Severity::Note,
          "a symbolic link inside the tree: recreated, leading to " +
              resolved.lexically_relative(canonicalRoot).string() + " in the output"));
      return;
    }
    if (fs::is_directory(resolved, ec)) {
      links.push_back({path, root, prefix, CarryKind::Link, resolved, false});
      set_.diagnostics.push_back(treeDiagnostic(
          path, "QT1005", Severity::Warning,
          "a symbolic link to a directory outside the tree (" + resolved.string() +
              "): recreated leading there; its files are not translated (give that directory "
              "as an input too)"));
      return;
    }
    if (fs::is_regular_file(resolved, ec)) {
      found.push_back(path);
      set_.diagnostics.push_back(treeDiagnostic(path, "QT1006", Severity::Note,
                                                "a symbolic link to a file outside the tree (" +
                                                    resolved.string() +
                                                    "): that file is written at the link's place"));
      return;
    }
    leftOut(path, "a symbolic link to " + notReadable(resolved));
  }

  void leftOut(const fs::path &path, const std::string &what) {
    ++set_.leftOut;
    set_.diagnostics.push_back(
        treeDiagnostic(path, "QT1005", Severity::Warning, what + ": left out of the output"));
  }

  InputSet &set_;
  bool excludeOutput_ = false;
  fs::path output_;
};

// A Makefile's `include FILE` lines (also -include, sinclude): FILE resolved against the
// Makefile's directory, where `make -C` runs it. Names built from variables are not resolved.
std::vector<fs::path> makefileIncludes(const fs::path &makefile) {
  std::vector<fs::path> included;
  std::ifstream in(makefile, std::ios::binary);
  static const std::regex directive(R"(^\s*-?s?include\s+(.*)$)");
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, directive))
      continue;
    std::istringstream words(match.str(1));
    for (std::string word; words >> word;) {
      if (word[0] == '#')
        break;
      if (word.find('$') == std::string::npos)
        included.push_back(canonicalOrAbsolute(makefile.parent_path() / word));
    }
  }
  return included;
}

// Files the tree's Makefiles include (a project's make.config) are Makefiles too: the compiler
// variable they set is what the migration rewrites.
void classifyMakefileFragments(InputSet &set) {
  std::vector<fs::path> fragments;
  for (const Input &input : set.inputs)
    if (input.kind == InputKind::Makefile)
      for (const fs::path &file : makefileIncludes(input.path))
        fragments.push_back(file);
  for (auto it = set.carried.begin(); it != set.carried.end();) {
    if (it->kind == CarryKind::Copy &&
        std::find(fragments.begin(), fragments.end(), canonicalOrAbsolute(it->path)) !=
            fragments.end()) {
      set.inputs.push_back({it->path, it->root, InputKind::Makefile, {}, it->prefix, {}});
      it = set.carried.erase(it);
    } else {
      ++it;
    }
  }
}

} // namespace

InputSet collectInputs(const std::vector<std::string> &paths, const fs::path &output) {
  InputSet set;
  std::error_code ec;
  // A path given twice, or inside a directory also given, is read once (with that directory).
  std::vector<fs::path> given;
  for (const std::string &path : paths) {
    if (!fs::is_directory(path, ec) && !fs::is_regular_file(path, ec)) {
      set.errors.push_back(path + ": " + notReadable(path));
      continue;
    }
    const fs::path canonical = canonicalOrAbsolute(path);
    bool covered = false;
    for (const std::string &other : paths) {
      if (&other == &path || !fs::is_directory(other, ec))
        continue;
      const fs::path dir = canonicalOrAbsolute(other);
      const bool same = dir == canonical;
      if ((same && &other < &path) || (!same && isInside(canonical, dir))) {
        set.skipped.push_back(path + (same ? ": given twice" : ": inside " + other) +
                              ", read once");
        covered = true;
        break;
      }
    }
    if (!covered)
      given.push_back(path);
  }
  const std::vector<fs::path> names = outputNames(given);
  TreeWalk walk(set, output);
  for (std::size_t i = 0; i < given.size(); ++i) {
    const fs::path &path = given[i];
    const bool several = given.size() > 1;
    if (fs::is_directory(path, ec)) {
      walk.walk(path, several ? names[i] : fs::path());
    } else {
      bool isInput = false;
      const InputKind kind = classify(path, &isInput);
      set.inputs.push_back(
          {path, path.parent_path(), kind, {}, several ? names[i].parent_path() : fs::path(), {}});
    }
  }
  classifyMakefileFragments(set);
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
    Input input{file, root, InputKind::Source, {}, {}, {}};
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
