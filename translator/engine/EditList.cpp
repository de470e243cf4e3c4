#include "EditList.h"

#include <algorithm>

namespace qiao::translate {

bool EditList::replace(std::size_t offset, std::size_t length, std::string text) {
  for (const Edit &e : edits_) {
    if (length == 0 || e.length == 0) {
      // An insertion conflicts only with a replacement strictly around it.
      const std::size_t at = length == 0 ? offset : e.offset;
      const Edit range = length == 0 ? e : Edit{offset, length, {}, 0};
      if (range.length != 0 && at > range.offset && at < range.offset + range.length)
        return false;
      continue;
    }
    if (offset < e.offset + e.length && e.offset < offset + length)
      return false;
  }
  edits_.push_back({offset, length, std::move(text), edits_.size()});
  return true;
}

bool EditList::covers(std::size_t offset) const {
  return std::any_of(edits_.begin(), edits_.end(), [&](const Edit &e) {
    return e.length != 0 && offset >= e.offset && offset < e.offset + e.length;
  });
}

std::string EditList::apply(std::string_view original) const {
  std::vector<const Edit *> sorted;
  sorted.reserve(edits_.size());
  for (const Edit &e : edits_)
    sorted.push_back(&e);
  // Insertions before a replacement at the same offset, then in the order made.
  std::sort(sorted.begin(), sorted.end(), [](const Edit *a, const Edit *b) {
    if (a->offset != b->offset)
      return a->offset < b->offset;
    if ((a->length == 0) != (b->length == 0))
      return a->length == 0;
    return a->order < b->order;
  });
  std::string out;
  out.reserve(original.size() + original.size() / 8);
  std::size_t at = 0;
  for (const Edit *e : sorted) {
    if (e->offset > original.size())
      continue;
    out.append(original.substr(at, e->offset - at));
    out.append(e->text);
    at = e->offset + e->length;
  }
  out.append(original.substr(std::min(at, original.size())));
  return out;
}

} // namespace qiao::translate
