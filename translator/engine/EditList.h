// The edits made to one file, as byte offsets into its original text. Every rewrite (semantic,
// preprocessor, token) lands here, so that two passes meeting the same token agree on one edit
// and the output is built in a single pass over the original. A file of a few MB carries
// hundreds of thousands of edits: each question (overlap, coverage) is a search in ordered
// indexes, never a scan of the edits made so far.
#pragma once

#include <cstddef>
#include <map>
#include <set>
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

  // The lines the edits touch: whole lines of the original and the text apply() makes of them,
  // as byte ranges, in order and disjoint. Outside them the two texts are the same lines.
  struct Region {
    std::size_t begin, end;       // in the original
    std::size_t outBegin, outEnd; // in apply()'s output
  };
  std::vector<Region> changedRegions(std::string_view original) const;

private:
  struct Edit {
    std::size_t offset;
    std::size_t length;
    std::string text;
  };
  // In the order apply() writes them: by offset, insertions before a replacement at the same
  // offset, insertions in the order made.
  std::vector<const Edit *> sorted() const;

  std::vector<Edit> edits_;                      // in the order made
  std::map<std::size_t, std::size_t> replaced_; // offset -> end, disjoint ranges
  std::set<std::size_t> insertedAt_;
};

} // namespace qiao::translate
