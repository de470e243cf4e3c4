// Name lookup through nested scopes, ranges included.
#include "ScopedNames.h"

namespace qiao::ptx {
namespace {

// Splits "%r12" into "%r" and 12. False when the name does not end in digits, or the number does
// not fit (a range holds at most 2^20 names, so anything longer is not in one).
bool splitIndex(std::string_view name, std::string_view &prefix, uint64_t &index) {
  size_t digits = 0;
  while (digits < name.size() && name[name.size() - 1 - digits] >= '0' &&
         name[name.size() - 1 - digits] <= '9')
    ++digits;
  if (digits == 0 || digits == name.size() || digits > 9)
    return false;
  prefix = name.substr(0, name.size() - digits);
  index = 0;
  for (char c : name.substr(name.size() - digits))
    index = index * 10 + static_cast<uint64_t>(c - '0');
  return true;
}

} // namespace

const ast::Variable *ScopedNames::findIn(const Scope &scope, std::string_view name) {
  if (auto it = scope.singles.find(std::string(name)); it != scope.singles.end())
    return it->second;
  std::string_view prefix;
  uint64_t index = 0;
  if (!splitIndex(name, prefix, index))
    return nullptr;
  auto it = scope.ranges.find(std::string(prefix));
  if (it != scope.ranges.end() && index < it->second->rangeCount)
    return it->second;
  return nullptr;
}

std::string ScopedNames::declare(const ast::Variable &v) {
  Scope &scope = scopes_.back();
  if (v.rangeCount != 0) {
    // ptxas refuses a second range of one prefix in a scope even when the two do not overlap.
    if (!scope.ranges.emplace(v.name, &v).second)
      return v.name + "<" + std::to_string(v.rangeCount) + ">";
    auto lowest = scope.lowestIndexed.find(v.name);
    if (lowest != scope.lowestIndexed.end() && lowest->second < v.rangeCount)
      return v.name + std::to_string(lowest->second);
    return {};
  }
  if (findIn(scope, v.name))
    return v.name;
  scope.singles.emplace(v.name, &v);
  std::string_view prefix;
  uint64_t index = 0;
  if (splitIndex(v.name, prefix, index)) {
    auto [it, added] = scope.lowestIndexed.emplace(std::string(prefix), index);
    if (!added && index < it->second)
      it->second = index;
  }
  return {};
}

const ast::Variable *ScopedNames::find(std::string_view name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it)
    if (const ast::Variable *v = findIn(*it, name))
      return v;
  return nullptr;
}

} // namespace qiao::ptx
