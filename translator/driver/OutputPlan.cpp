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

fs::path outputFor(const OutputPlan &plan, const fs::path &path, const fs::path &root,
                   const fs::path &prefix) {
  if (plan.inPlace)
    return path;
  if (plan.singleFile)
    return plan.out;
  // Lexically first: a link's own place, not where it leads.
  fs::path relative = path.lexically_normal().lexically_relative(root.lexically_normal());
  if (relative.empty() || *relative.begin() == "..") {
    std::error_code ec;
    relative = fs::relative(path, root, ec);
    if (ec || relative.empty() || *relative.begin() == "..")
      relative = path.filename();
  }
  return plan.out / prefix / translatedName(relative);
}

fs::path outputFor(const OutputPlan &plan, const Input &input) {
  return outputFor(plan, input.path, input.root, input.prefix);
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
  // A link an earlier run left at this place is replaced, never written through.
  if (!keepBackup && fs::is_symlink(path, ec))
    fs::remove(path, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out)
    return "cannot write " + path.string();
  return std::nullopt;
}

} // namespace qiao::translate
