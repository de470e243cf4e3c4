#include "OutputPlan.h"

#include <fstream>
#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

fs::path translatedName(const fs::path &path) {
  fs::path renamed = path;
  if (path.extension() == ".cu")
    renamed.replace_extension(".cpp");
  return renamed;
}

fs::path outputFor(const OutputPlan &plan, const Input &input) {
  if (plan.inPlace)
    return input.path;
  if (plan.singleFile)
    return plan.out;
  std::error_code ec;
  fs::path relative = fs::relative(input.path, input.root, ec);
  if (ec || relative.empty() || *relative.begin() == "..")
    relative = input.path.filename();
  return plan.out / translatedName(relative);
}

std::optional<std::string> writeOutput(const fs::path &path, const std::string &text,
                                       bool keepBackup) {
  std::error_code ec;
  if (keepBackup) {
    fs::path backup = path;
    backup += ".orig";
    if (!fs::exists(backup, ec))
      fs::copy_file(path, backup, ec);
    if (ec)
      return "cannot keep a backup of " + path.string() + ": " + ec.message();
  }
  if (path.has_parent_path())
    fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    return "cannot write " + path.string();
  return std::nullopt;
}

} // namespace qiao::translate
