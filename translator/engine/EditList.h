// The edits made to one file, as byte offsets into its original text. Every rewrite (semantic,
// preprocessor, token) lands here, so that two passes meeting the same token agree on one edit
// and the output is built in a single pass over the original.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qiao::translate {

class EditList {
public:
  // Replaces [offset, offset + length) with text; length 0 inserts. Returns false, changing
  // nothing, when the range overlaps an earlier replacement (the earlier one wins). Insertions
  // at one offset are kept in the order they were made.
  bool replace(std::size_t offset, std::size_t length, std::string text);
  bool insert(std::size_t offset, std::string text) { return replace(offset, 0, std::move(text)); }

  // True when a replacement (not an insertion) covers offset.
  bool covers(std::size_t offset) const;
  bool empty() const { return edits_.empty(); }
  std::size_t size() const { return edits_.size(); }

  std::string apply(std::string_view original) const;

private:
  struct Edit {
    std::size_t offset;
    std::size_t length;
    std::string text;
    std::size_t order;
  };
  std::vector<Edit> edits_;
};

} // namespace qiao::translate
