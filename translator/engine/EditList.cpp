#include "EditList.h"

#include <algorithm>

namespace qiao::translate {

namespace {
// Whether a replacement holds `offset`: from its start on, or only strictly after its start.
// Ranges are disjoint, so the last one starting at (or before) `offset` is the only candidate.
bool reaches(const std::map<std::size_t, std::size_t> &replaced, std::size_t offset,
             bool strictlyInside) {
  auto after = strictlyInside ? replaced.lower_bound(offset) : replaced.upper_bound(offset);
  if (after == replaced.begin())
    return false;
  return std::prev(after)->second > offset;
}
} // namespace

bool EditList::replace(std::size_t offset, std::size_t length, std::string text) {
  if (length == 0) {
    // An insertion conflicts only with a replacement strictly around it.
    if (reaches(replaced_, offset, true))
      return false;
    insertedAt_.insert(offset);
  } else {
    const std::size_t end = offset + length;
    // Ranges are disjoint, so the last one starting before `end` is the only candidate.
    if (auto next = replaced_.lower_bound(end);
        next != replaced_.begin() && std::prev(next)->second > offset)
      return false;
    // An insertion strictly inside the new range.
    if (auto ins = insertedAt_.upper_bound(offset); ins != insertedAt_.end() && *ins < end)
      return false;
    replaced_.emplace(offset, end);
  }
  edits_.push_back({offset, length, std::move(text)});
  return true;
}

bool EditList::covers(std::size_t offset) const { return reaches(replaced_, offset, false); }

std::vector<const EditList::Edit *> EditList::sorted() const {
  std::vector<const Edit *> order;
  order.reserve(edits_.size());
  for (const Edit &e : edits_)
    order.push_back(&e);
  // A stable sort keeps insertions at one offset in the order made.
  std::stable_sort(order.begin(), order.end(), [](const Edit *a, const Edit *b) {
    if (a->offset != b->offset)
      return a->offset < b->offset;
    return a->length == 0 && b->length != 0;
  });
  return order;
}

std::string EditList::apply(std::string_view original) const {
  std::string out;
  out.reserve(original.size() + original.size() / 8);
  std::size_t at = 0;
  for (const Edit *e : sorted()) {
    if (e->offset > original.size())
      continue;
    out.append(original.substr(at, e->offset - at));
    out.append(e->text);
    at = e->offset + e->length;
  }
  out.append(original.substr(std::min(at, original.size())));
  return out;
}

std::vector<EditList::Region> EditList::changedRegions(std::string_view original) const {
  std::vector<Region> regions;
  // growth: output length minus original length of everything before the current edit.
  std::ptrdiff_t growth = 0;
  for (const Edit *e : sorted()) {
    if (e->offset > original.size())
      continue;
    const std::size_t lastByte = e->length == 0 ? e->offset : e->offset + e->length - 1;
    // Searches for line ends start where the last region ended, so that a file of one long
    // line is read once, not once per edit.
    if (regions.empty() || e->offset >= regions.back().end) {
      const std::size_t floor = regions.empty() ? 0 : regions.back().end;
      std::size_t lineStart = e->offset;
      while (lineStart > floor && original[lineStart - 1] != '\n')
        --lineStart;
      regions.push_back({lineStart, lineStart, lineStart + growth, 0});
    }
    Region &r = regions.back();
    if (lastByte >= r.end) {
      const std::size_t eol = original.find('\n', lastByte);
      r.end = eol == std::string_view::npos ? original.size() : eol + 1;
    }
    growth += static_cast<std::ptrdiff_t>(e->text.size()) - static_cast<std::ptrdiff_t>(e->length);
    r.outEnd = r.end + growth;
  }
  return regions;
}

} // namespace qiao::translate
