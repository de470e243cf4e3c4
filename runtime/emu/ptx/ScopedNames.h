// The names a PTX function declares, scope by scope, as the validation passes see them: a
// parameter, a `.reg .b32 %r;`, a range `.reg .b32 %r<10>;` (which declares %r0..%r9), a
// `.shared`/`.local`/`.param` variable. Ranges are kept as one entry, so a hostile `%r<1048576>`
// costs no more than `%r<2>`.
#pragma once

#include "Ast.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qiao::ptx {

class ScopedNames {
public:
  ScopedNames() { push(); }

  void push() { scopes_.emplace_back(); }
  void pop() {
    if (scopes_.size() > 1)
      scopes_.pop_back();
  }

  // Declares v in the innermost scope. Returns the name that clashes with one already declared
  // in that scope (ptxas: "Duplicate definition of variable"), empty when there is none.
  std::string declare(const ast::Variable &v);

  // The declaration of `name` in the innermost scope that has one, or null.
  const ast::Variable *find(std::string_view name) const;

private:
  struct Scope {
    std::unordered_map<std::string, const ast::Variable *> singles;
    std::unordered_map<std::string, const ast::Variable *> ranges; // by prefix: "%r" for %r<10>
    // For single names ending in digits (%r7), the lowest number under each prefix: a later range
    // of that prefix clashes with it when it reaches that far.
    std::unordered_map<std::string, uint64_t> lowestIndexed;
  };
  static const ast::Variable *findIn(const Scope &scope, std::string_view name);
  std::vector<Scope> scopes_;
};

} // namespace qiao::ptx
