#include "Mode.h"

namespace qiao::conform {

std::string_view modeName(Mode mode) {
  switch (mode) {
  case Mode::Shim:
    return "shim";
  case Mode::ShimStatic:
    return "shim-static";
  case Mode::Translated:
    return "translated";
  case Mode::Native:
    return "native";
  }
  return "?";
}

std::optional<Mode> parseMode(std::string_view name) {
  for (Mode mode : kAllModes)
    if (modeName(mode) == name)
      return mode;
  return std::nullopt;
}

bool usesPtxEngine(Mode mode) { return mode == Mode::Shim || mode == Mode::ShimStatic; }

std::vector<std::string> splitList(std::string_view text, char separator) {
  std::vector<std::string> pieces;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(separator, begin);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view piece = text.substr(begin, end - begin);
    while (!piece.empty() && piece.front() == ' ')
      piece.remove_prefix(1);
    while (!piece.empty() && piece.back() == ' ')
      piece.remove_suffix(1);
    if (!piece.empty())
      pieces.emplace_back(piece);
    begin = end + 1;
  }
  return pieces;
}

} // namespace qiao::conform
