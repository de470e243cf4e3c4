#include "BuildMigration.h"

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string_view>
#include <vector>

namespace qiao::translate {

namespace {

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line))
    lines.push_back(line);
  return lines;
}

std::string joinLines(const std::vector<std::string> &lines, bool finalNewline) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || finalNewline)
      out += '\n';
  }
  return out;
}

struct Migration {
  FileResult result;
  std::vector<std::string> lines;
  bool finalNewline = true;

  explicit Migration(const std::filesystem::path &file) {
    result.input = file;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    result.original = text.str();
    if (!in && !in.eof())
      result.diagnostics.push_back(
          {"QT1001", Severity::Error, {file.string(), 0, 0}, "cannot read " + file.string()});
    lines = splitLines(result.original);
    finalNewline = result.original.empty() || result.original.back() == '\n';
  }

  void note(std::size_t line, std::string id, Severity severity, std::string message,
            bool converted, std::string what) {
    Location where{result.input.string(), static_cast<unsigned>(line + 1), 1};
    result.diagnostics.push_back({std::move(id), severity, where, std::move(message)});
    result.references.push_back({std::move(what), "build", where, converted, Method::Token});
  }

  FileResult finish(std::chrono::steady_clock::time_point started) {
    result.translated = joinLines(lines, finalNewline);
    result.changedLines = countChangedLines(result.original, result.translated);
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(result);
  }
};

// `x.cu` as a CMake or make word (not `x.cuh`, not `.cuda`).
const std::regex kCuSource(R"(([A-Za-z0-9_./${}%*-]+)\.cu\b(?![A-Za-z0-9_]))");

} // namespace

FileResult migrateCMake(const std::filesystem::path &file) {
  const auto started = std::chrono::steady_clock::now();
  Migration m(file);
  static const std::regex languages(R"(^(\s*project\s*\(.*)\bCUDA\b\s*)", std::regex::icase);
  static const std::regex enableCuda(R"(^\s*enable_language\s*\(\s*CUDA\s*\))", std::regex::icase);
  static const std::regex findToolkit(R"(^\s*find_package\s*\(\s*(CUDAToolkit|CUDA)\b[^)]*\))",
                                      std::regex::icase);
  static const std::regex cudaTargets(R"(\bCUDA::(cudart_static|cudart|cuda_driver|cudadevrt)\b)");
  static const std::regex cudaVariable(
      R"(^\s*set\s*\(\s*CMAKE_CUDA_(ARCHITECTURES|FLAGS|FLAGS_[A-Z]+|STANDARD|STANDARD_REQUIRED|SEPARABLE_COMPILATION|COMPILER|HOST_COMPILER|EXTENSIONS)\b)",
      std::regex::icase);
  static const std::regex cudaProperty(
      R"(\s+(CUDA_ARCHITECTURES|CUDA_SEPARABLE_COMPILATION|CUDA_RESOLVE_DEVICE_SYMBOLS|CUDA_STANDARD|CUDA_RUNTIME_LIBRARY)\s+("[^"]*"|[^\s)]+))");
  static const std::regex languageCuda(R"(\bLANGUAGE\s+CUDA\b)");
  bool hasQiaoPackage = false;
  std::size_t projectLine = std::string::npos;
  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    std::string &line = m.lines[i];
    if (line.find("find_package(Qiao") != std::string::npos)
      hasQiaoPackage = true;
    const std::string trimmed = line.substr(line.find_first_not_of(" \t") == std::string::npos
                                                ? line.size()
                                                : line.find_first_not_of(" \t"));
    if (trimmed.starts_with("#"))
      continue;
    std::smatch match;
    if (std::regex_search(line, match, languages) &&
        std::regex_search(line, std::regex(R"(^\s*project\s*\()", std::regex::icase))) {
      line = std::regex_replace(line, std::regex(R"(\s+CUDA\b)"), "");
      m.note(i, "QT3001", Severity::Note, "CUDA removed from the project's languages", true,
             "LANGUAGES CUDA");
    }
    if (std::regex_search(line, std::regex(R"(^\s*project\s*\()", std::regex::icase)) &&
        projectLine == std::string::npos)
      projectLine = i;
    if (std::regex_search(line, enableCuda)) {
      line = "# qiao-translate: removed " + trimmed;
      m.note(i, "QT3001", Severity::Note, "enable_language(CUDA) removed", true,
             "enable_language(CUDA)");
      continue;
    }
    if (std::regex_search(line, findToolkit)) {
      line = std::regex_replace(line, findToolkit, "find_package(Qiao REQUIRED CONFIG)");
      hasQiaoPackage = true;
      m.note(i, "QT3001", Severity::Note, "find_package(CUDAToolkit) becomes find_package(Qiao)",
             true, "find_package(CUDAToolkit)");
    }
    if (std::regex_search(line, cudaVariable)) {
      line = "# qiao-translate: removed " + trimmed;
      m.note(i, "QT3001", Severity::Note, "CMAKE_CUDA_* setting removed", true, "CMAKE_CUDA_*");
      continue;
    }
    if (std::regex_search(line, cudaTargets)) {
      line = std::regex_replace(line, cudaTargets, "Qiao::qiao");
      m.note(i, "QT3001", Severity::Note, "CUDA:: link target becomes Qiao::qiao", true,
             "CUDA::cudart");
    }
    if (std::regex_search(line, cudaProperty)) {
      line = std::regex_replace(line, cudaProperty, "");
      m.note(i, "QT3001", Severity::Note, "CUDA target property removed", true,
             "CUDA_ARCHITECTURES");
      // A property command left with nothing to set is an error to CMake.
      static const std::regex emptyProperties(
          R"(^\s*(set_target_properties|set_property)\s*\([^)]*PROPERTIES\s*\)\s*$)",
          std::regex::icase);
      if (std::regex_search(line, emptyProperties))
        line = "# qiao-translate: removed " + trimmed;
    }
    if (std::regex_search(line, languageCuda)) {
      line = std::regex_replace(line, languageCuda, "LANGUAGE CXX");
      m.note(i, "QT3001", Severity::Note, "LANGUAGE CUDA becomes LANGUAGE CXX", true,
             "LANGUAGE CUDA");
    }
    if (std::regex_search(line, kCuSource)) {
      line = std::regex_replace(line, kCuSource, "$1.cpp");
      m.note(i, "QT3001", Severity::Note, ".cu sources become the translated .cpp files", true,
             ".cu");
    }
  }
  if (!hasQiaoPackage && projectLine != std::string::npos && m.result.diagnostics.size() > 0) {
    // Without CUDAToolkit, CMake's CUDA language linked the runtime by itself; Qiao's must be
    // asked for, for every target.
    m.lines.insert(m.lines.begin() + static_cast<long>(projectLine) + 1,
                   {"find_package(Qiao REQUIRED CONFIG) # qiao-translate",
                    "link_libraries(Qiao::qiao) # qiao-translate"});
  }
  return m.finish(started);
}

FileResult migrateMakefile(const std::filesystem::path &file) {
  const auto started = std::chrono::steady_clock::now();
  Migration m(file);
  static const std::regex nvccAssign(R"(^(\s*[A-Za-z_]+\s*[:?+]?=\s*)(\S*/)?nvcc\b)");
  // nvcc run by a recipe itself: `\tnvcc -c $< -o $@`, `\t@/usr/local/cuda/bin/nvcc ...`.
  static const std::regex nvccInRecipe(R"(^(\t[@+-]*|.*\s)(\S*/)?nvcc(?=\s|$))");
  static const std::regex nvccWord(R"(\bnvcc\b)");
  // nvcc's flags that qiao-c++ takes (tools/qiao-c++/NvccFlags.cpp): nothing to change.
  static const std::regex nvccFlags(
      R"((-arch[= ]\S+|-gencode[= ]\S+|--expt-\S+|-Xcompiler|-rdc[= ]\S+|--use_fast_math|)"
      R"(-lineinfo|-lcudart\S*|-cudart\s+\S+|-x cu\b))");
  for (std::size_t i = 0; i < m.lines.size(); ++i) {
    std::string &line = m.lines[i];
    if (line.find_first_not_of(" \t") != std::string::npos &&
        line[line.find_first_not_of(" \t")] == '#')
      continue;
    if (std::regex_search(line, nvccAssign)) {
      line = std::regex_replace(line, nvccAssign, "$1qiao-c++");
      m.note(i, "QT3001", Severity::Note, "nvcc becomes qiao-c++ (put build/bin on PATH)", true,
             "nvcc");
    } else if (!line.empty() && line[0] == '\t' && std::regex_search(line, nvccInRecipe)) {
      line = std::regex_replace(line, nvccInRecipe, "$1qiao-c++",
                                std::regex_constants::format_first_only);
      m.note(i, "QT3001", Severity::Note, "the recipe's nvcc becomes qiao-c++", true, "nvcc");
    }
    if (std::regex_search(line, kCuSource)) {
      line = std::regex_replace(line, kCuSource, "$1.cpp");
      m.note(i, "QT3001", Severity::Note, ".cu sources become the translated .cpp files", true,
             ".cu");
    }
    std::smatch match;
    if (std::regex_search(line, match, nvccFlags))
      m.note(i, "QT3001", Severity::Note,
             "nvcc's `" + match.str(1) +
                 "` stays: qiao-c++ takes nvcc's common flags (device code generation flags "
                 "are ignored)",
             true, match.str(1));
    else if (std::regex_search(line, nvccWord))
      m.note(i, "QT3002", Severity::Warning,
             "nvcc named where the migration does not rewrite it; review the line", false, "nvcc");
  }
  return m.finish(started);
}

} // namespace qiao::translate
