#include "OutputSafety.h"

#include <fstream>
#include <system_error>

namespace qiao::translate {

namespace fs = std::filesystem;

bool samePath(const fs::path &a, const fs::path &b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec))
    return fs::equivalent(a, b, ec); // hard links and symbolic links too
  auto normal = [&](const fs::path &p) {
    fs::path n = fs::weakly_canonical(p, ec).lexically_normal();
    return n.has_filename() || !n.has_relative_path() ? n : n.parent_path(); // "dir/" is "dir"
  };
  return normal(a) == normal(b);
}

std::optional<std::string> findOverwrite(const OutputPlan &plan, const std::vector<Input> &inputs,
                                         const std::vector<std::string> &given) {
  if (plan.inPlace || plan.out.empty())
    return std::nullopt;
  const std::string remedy =
      ": give another -o, or --in-place to rewrite the inputs (each kept as FILE.orig)";
  std::error_code ec;
  // `DIR -o DIR` writes k.cpp beside k.cu even where no name collides: the input tree would hold
  // both, and the next run translate its own output.
  for (const std::string &path : given)
    if (fs::is_directory(path, ec) && samePath(path, plan.out))
      return "the output directory " + plan.out.string() + " is the input directory" + remedy;
  for (const Input &input : inputs) {
    // With several inputs, each lands in OUT/NAME: `a b -o .` would write into a and b.
    if (!plan.singleFile && !input.prefix.empty() && fs::is_directory(input.root, ec) &&
        samePath(input.root, plan.out / input.prefix))
      return "the output directory " + (plan.out / input.prefix).string() +
             " is the input directory " + input.root.string() + remedy;
    const fs::path out = outputFor(plan, input);
    if (samePath(out, input.path))
      return "the output " + out.string() + " is the input " + input.path.string() + remedy;
  }
  return std::nullopt;
}

std::optional<std::string> markOutputTree(const fs::path &root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  std::ofstream marker(root / kOutputMarker, std::ios::binary | std::ios::trunc);
  marker << "This tree was written by qiao-translate; a run over a tree that holds it skips it.\n";
  marker.close();
  if (!marker)
    return "cannot write " + (root / kOutputMarker).string();
  return std::nullopt;
}

bool isOutputTree(const fs::path &dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kOutputMarker, ec);
}

} // namespace qiao::translate
