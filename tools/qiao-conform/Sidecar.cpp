// The sidecar grammar (conformance/README.md):
//   // conform: key=value key=value ...   (tags modes timeout exit nvcc libs sources env)
//   // expect: TEXT                        one line of standard output, in order
//   // expect-sorted: TEXT                 one line of an unordered group
//   // expect-stderr: TEXT                 some line of standard error contains TEXT
// The block ends at the first line that is not a `//` comment.
#include "Program.h"

#include <cstdlib>
#include <sstream>

namespace qiao::conform {
namespace {

bool startsWith(const std::string &s, const std::string &prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// The text after "// KEY:" with one separating space removed; false if the line is not KEY.
bool directive(const std::string &line, const std::string &key, std::string &value) {
  const std::string prefix = "// " + key + ":";
  if (!startsWith(line, prefix))
    return false;
  value = line.substr(prefix.size());
  if (!value.empty() && value.front() == ' ')
    value.erase(0, 1);
  return true;
}

bool parseNumber(const std::string &text, double &value) {
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && end && *end == '\0';
}

std::string applyPair(const std::string &key, const std::string &value, Program &program) {
  if (key == "tags") {
    program.tags = splitList(value);
  } else if (key == "modes") {
    program.modes.clear();
    for (const std::string &name : splitList(value)) {
      const std::optional<Mode> mode = parseMode(name);
      if (!mode)
        return "unknown mode '" + name + "' (shim, shim-static, translated, native)";
      program.modes.insert(*mode);
    }
    if (program.modes.empty())
      return "modes= names no mode";
  } else if (key == "timeout") {
    if (!parseNumber(value, program.timeoutSeconds) || program.timeoutSeconds <= 0)
      return "timeout= must be a positive number of seconds, not '" + value + "'";
  } else if (key == "exit") {
    double code = 0;
    if (!parseNumber(value, code) || code < 0 || code > 255 || code != static_cast<int>(code))
      return "exit= must be an exit code 0-255, not '" + value + "'";
    program.exitCode = static_cast<int>(code);
  } else if (key == "nvcc") {
    program.nvccFlags = splitList(value);
  } else if (key == "libs") {
    program.libraries = splitList(value);
  } else if (key == "env") {
    for (const std::string &setting : splitList(value)) {
      const size_t equals = setting.find('=');
      if (equals == 0 || equals == std::string::npos)
        return "env= takes NAME=VALUE settings, not '" + setting + "'";
      program.environment.push_back(setting);
    }
  } else if (key == "sources") {
    for (const std::string &part : splitList(value))
      program.parts.push_back(program.source.parent_path() / part);
  } else {
    return "unknown key '" + key + "' (tags, modes, timeout, exit, nvcc, libs, sources, env)";
  }
  return "";
}

} // namespace

std::string parseSidecar(const std::string &text, Program &program) {
  program.modes = {std::begin(kAllModes), std::end(kAllModes)};
  std::istringstream lines(text);
  std::string line;
  bool sawConform = false;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (!startsWith(line, "//"))
      break;
    const std::string where = "line " + std::to_string(number) + ": ";
    std::string value;
    if (directive(line, "conform", value)) {
      sawConform = true;
      for (const std::string &pair : splitList(value, ' ')) {
        const size_t equals = pair.find('=');
        if (equals == std::string::npos)
          return where + "'" + pair + "' is not key=value";
        const std::string error =
            applyPair(pair.substr(0, equals), pair.substr(equals + 1), program);
        if (!error.empty())
          return where + error;
      }
    } else if (directive(line, "expect", value)) {
      program.stdoutLines.push_back({value, false});
    } else if (directive(line, "expect-sorted", value)) {
      program.stdoutLines.push_back({value, true});
    } else if (directive(line, "expect-stderr", value)) {
      if (value.empty())
        return where + "expect-stderr: needs a text";
      program.stderrTexts.push_back(value);
    }
  }
  if (!sawConform)
    return "no '// conform:' line in the comment block at the top";
  return "";
}

} // namespace qiao::conform
