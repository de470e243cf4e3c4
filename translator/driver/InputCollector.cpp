#include "InputCollector.h"

#include "Json.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

namespace {

fs::path absoluteNormal(const fs::path &path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  return (ec ? path : absolute).lexically_normal();
}

// True when `path` is `dir` or below it (both absolute and normal).
bool within(const fs::path &path, const fs::path &dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) // the empty element after a trailing separator
      continue;
    if (p == path.end() || *p != *d)
      return false;
  }
  return true;
}

fs::path commonDirectory(const fs::path &a, const fs::path &b) {
  fs::path common;
  for (auto x = a.begin(), y = b.begin(); x != a.end() && y != b.end() && *x == *y; ++x, ++y)
    common /= *x;
  return common;
}

bool hidden(const fs::path &name) {
  const std::string text = name.string();
  return text.size() > 1 && text[0] == '.' && text != "..";
}

// Fills root and relative once every input is known.
void placeUnderRoot(InputSet &set, const std::vector<fs::path> &anchors) {
  std::optional<fs::path> root;
  for (const fs::path &anchor : anchors)
    root = root ? commonDirectory(*root, anchor) : anchor;
  set.root = root.value_or(fs::path());
  for (Input &input : set.inputs)
    input.relative = absoluteNormal(input.path).lexically_relative(set.root);
}

} // namespace

std::optional<InputKind> inputKind(const fs::path &path) {
  const std::string name = path.filename().string();
  const std::string ext = path.extension().string();
  if (name == "CMakeLists.txt" || ext == ".cmake")
    return InputKind::CMake;
  if (name == "Makefile" || name == "makefile" || name == "GNUmakefile" || ext == ".mk")
    return InputKind::Makefile;
  for (const char *source : {".cu", ".cuh", ".h", ".hpp", ".cpp", ".cc", ".cxx"})
    if (ext == source)
      return InputKind::Source;
  return std::nullopt;
}

Expected<InputSet> collectInputs(const std::vector<fs::path> &paths,
                                 const std::vector<fs::path> &exclude) {
  InputSet set;
  std::vector<Error> errors;
  std::vector<fs::path> anchors;
  std::set<fs::path> seen;
  std::vector<fs::path> excluded;
  for (const fs::path &path : exclude)
    excluded.push_back(absoluteNormal(path));
  auto isExcluded = [&](const fs::path &absolute) {
    return std::any_of(excluded.begin(), excluded.end(),
                       [&](const fs::path &dir) { return within(absolute, dir); });
  };
  auto add = [&](const fs::path &path, InputKind kind, bool givenAsFile) {
    if (seen.insert(absoluteNormal(path)).second)
      set.inputs.push_back({path, {}, kind, givenAsFile, {}});
  };

  for (const fs::path &given : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(given, ec);
    if (fs::is_regular_file(status)) {
      // A file named on the command line is translated whatever its name says; C++ is the
      // language it is most likely to be.
      add(given, inputKind(given).value_or(InputKind::Source), true);
      anchors.push_back(absoluteNormal(given).parent_path());
      continue;
    }
    if (!fs::is_directory(status)) {
      errors.push_back(errorAt(given.string(), "no such file or directory"));
      continue;
    }
    anchors.push_back(absoluteNormal(given));
    std::vector<std::pair<fs::path, InputKind>> found;
    fs::recursive_directory_iterator it(given, ec), end;
    if (ec)
      errors.push_back(errorAt(given.string(), "cannot read directory: " + ec.message()));
    for (; !ec && it != end; it.increment(ec)) {
      const fs::path &entry = it->path();
      if (hidden(entry.filename()) || isExcluded(absoluteNormal(entry))) {
        if (it->is_directory(ec))
          it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec))
        continue;
      if (const auto kind = inputKind(entry))
        found.emplace_back(entry, *kind);
    }
    if (ec)
      errors.push_back(errorAt(given.string(), "cannot read directory: " + ec.message()));
    // Directory iteration order is the file system's; path order is the same everywhere.
    std::sort(found.begin(), found.end());
    for (const auto &[path, kind] : found)
      add(path, kind, false);
  }
  if (!errors.empty())
    return errors;
  placeUnderRoot(set, anchors);
  return set;
}

std::vector<std::string> splitCommandLine(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool inWord = false;
  for (std::size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (inWord)
        words.push_back(std::move(word));
      word.clear();
      inWord = false;
      continue;
    }
    inWord = true;
    if (c == '\'') {
      const std::size_t close = command.find('\'', i + 1);
      const std::size_t stop = close == std::string_view::npos ? command.size() : close;
      word.append(command.substr(i + 1, stop - i - 1));
      i = stop;
    } else if (c == '"') {
      for (++i; i < command.size() && command[i] != '"'; ++i) {
        // Inside double quotes a backslash escapes only these, as in the shell.
        if (command[i] == '\\' && i + 1 < command.size() &&
            std::string_view("\"\\$`").find(command[i + 1]) != std::string_view::npos)
          ++i;
        word += command[i];
      }
    } else if (c == '\\' && i + 1 < command.size()) {
      word += command[++i];
    } else {
      word += c;
    }
  }
  if (inWord)
    words.push_back(std::move(word));
  return words;
}

std::vector<std::string> compileArguments(const std::vector<std::string> &argv,
                                          const fs::path &file, const fs::path &directory) {
  auto absolute = [&](const std::string &path) {
    const fs::path p(path);
    return p.is_absolute() ? path : (directory / p).lexically_normal().string();
  };
  auto namesFile = [&](const std::string &arg) {
    return !arg.empty() && arg[0] != '-' &&
           (directory / fs::path(arg)).lexically_normal() == file.lexically_normal();
  };
  static const std::string kPathOptions[] = {"-I",        "-isystem", "-iquote",
                                             "-idirafter", "-include", "-imacros"};
  std::vector<std::string> args;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string &arg = argv[i];
    if (arg == "-c" || arg == "--compile" || namesFile(arg))
      continue;
    if (arg == "-o" || arg == "--output-file") {
      ++i;
      continue;
    }
    if ((arg.starts_with("-o") && arg.size() > 2) || arg.starts_with("--output-file="))
      continue;
    bool taken = false;
    for (const std::string &option : kPathOptions) {
      if (arg == option && i + 1 < argv.size()) {
        args.push_back(arg);
        args.push_back(absolute(argv[++i]));
        taken = true;
      } else if (arg.size() > option.size() && arg.starts_with(option) &&
                 (option == "-I" || option == "-isystem" || option == "-iquote" ||
                  option == "-idirafter")) {
        args.push_back(option + absolute(arg.substr(option.size())));
        taken = true;
      }
      if (taken)
        break;
    }
    if (!taken)
      args.push_back(arg);
  }
  return args;
}

Expected<InputSet> collectCompileCommands(const fs::path &buildDir) {
  const fs::path databasePath = buildDir / "compile_commands.json";
  const std::string source = databasePath.string();
  std::ifstream in(databasePath, std::ios::binary);
  if (!in)
    return std::vector<Error>{errorAt(source, "cannot read the compilation database")};
  std::ostringstream text;
  text << in.rdbuf();
  auto document = json::parse(text.str(), source);
  if (!document)
    return document.errors();
  if (document->type != json::Value::Type::Array)
    return std::vector<Error>{errorAt(source, "the compilation database is not a JSON array")};

  std::vector<Error> errors;
  InputSet set;
  std::set<fs::path> seen;
  for (std::size_t index = 0; index < document->items.size(); ++index) {
    const json::Value &entry = document->items[index];
    const json::Value *directory = entry.member("directory");
    const json::Value *file = entry.member("file");
    const json::Value *command = entry.member("command");
    const json::Value *arguments = entry.member("arguments");
    const std::string where = "entry " + std::to_string(index + 1);
    if (!directory || !directory->isString() || !file || !file->isString()) {
      errors.push_back(errorAt(source, where + ": needs \"directory\" and \"file\" strings"));
      continue;
    }
    std::vector<std::string> argv;
    if (arguments && arguments->type == json::Value::Type::Array) {
      for (const json::Value &argument : arguments->items)
        argv.push_back(argument.text);
    } else if (command && command->isString()) {
      argv = splitCommandLine(command->text);
    } else {
      errors.push_back(errorAt(source, where + ": needs \"arguments\" or \"command\""));
      continue;
    }
    const fs::path dir = absoluteNormal(buildDir / directory->text);
    const fs::path path = (dir / file->text).lexically_normal();
    // Only what the translator reads; a database also lists C, assembly, generated files.
    if (inputKind(path) != InputKind::Source || !seen.insert(path).second)
      continue;
    set.inputs.push_back({path, {}, InputKind::Source, false, compileArguments(argv, path, dir)});
  }
  if (!errors.empty())
    return errors;
  std::sort(set.inputs.begin(), set.inputs.end(),
            [](const Input &a, const Input &b) { return a.path < b.path; });
  std::vector<fs::path> anchors;
  for (const Input &input : set.inputs)
    anchors.push_back(input.path.parent_path());
  placeUnderRoot(set, anchors);
  return set;
}

} // namespace qiao::translate
