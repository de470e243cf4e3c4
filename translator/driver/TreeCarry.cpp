#include "TreeCarry.h"

#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

namespace {

// The text of a link at `output` that leads where `file` leads in the input tree.
fs::path linkText(const Carried &file, const OutputPlan &plan, const fs::path &output) {
  if (!file.linkIntoTree)
    return file.linkTarget;
  std::error_code ec;
  const fs::path root = fs::canonical(file.root, ec);
  const fs::path target = outputFor(plan, file.linkTarget, root, file.prefix);
  const fs::path from = fs::absolute(output.parent_path(), ec).lexically_normal();
  return fs::absolute(target, ec).lexically_normal().lexically_relative(from);
}

} // namespace

CarryResult carryFiles(const std::vector<Carried> &carried, const OutputPlan &plan) {
  CarryResult result;
  for (const Carried &file : carried) {
    CarryRecord record{file.path, outputFor(plan, file.path, file.root, file.prefix), file.kind,
                       false};
    std::error_code ec;
    fs::create_directories(record.output.parent_path(), ec);
    // What an earlier run left at this place is replaced, never written through (a link).
    if (fs::is_symlink(record.output, ec) ||
        (file.kind == CarryKind::Link && fs::exists(record.output, ec)))
      fs::remove(record.output, ec);
    ec.clear();
    if (file.kind == CarryKind::Copy) {
      fs::copy_file(file.path, record.output, fs::copy_options::overwrite_existing, ec);
      if (!ec)
        fs::permissions(record.output, fs::status(file.path, ec).permissions(), ec);
    } else {
      fs::create_symlink(linkText(file, plan, record.output), record.output, ec);
    }
    record.written = !ec;
    if (ec) {
      ++result.failed;
      result.diagnostics.push_back({"QT1005", Severity::Warning, Location{file.path.string(), 0, 0},
                                    std::string("cannot ") +
                                        (file.kind == CarryKind::Copy ? "copy" : "recreate") +
                                        " it as " + record.output.string() + ": " + ec.message()});
    } else {
      ++(file.kind == CarryKind::Copy ? result.copied : result.links);
    }
    result.records.push_back(std::move(record));
  }
  return result;
}

} // namespace qiao::translate
