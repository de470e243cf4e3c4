// Linking of several modules' syntax trees into one (see Linker.h).
#include "Linker.h"

#include "support/ErrorCodes.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace qiao::ptx {
namespace {

using Renames = std::unordered_map<std::string, std::string>;

Error linkError(const std::string &what) { return Error{errc::qiaoErrorInvalidPtx, what}; }

std::string place(size_t module, const ast::SourceLoc &loc) {
  return "module " + std::to_string(module + 1) + " line " + std::to_string(loc.line);
}

// A variable at module scope that lives in memory shared by the whole program: the ones the
// linker resolves by name. (`.tex`/`.sampler` handles do not occur in nvcc 13 output.)
bool isLinkedSpace(ast::StateSpace space) {
  return space == ast::StateSpace::Global || space == ast::StateSpace::Const;
}

// Names a module defines for itself alone: without .visible, .weak or .extern.
std::set<std::string> internalNames(const ast::Module &module) {
  std::set<std::string> names;
  for (const ast::Variable &v : module.globals)
    if (!v.isVisible && !v.isWeak && !v.isExtern)
      names.insert(v.name);
  for (const ast::Function &f : module.functions)
    if (!f.isVisible && !f.isWeak && !f.isExtern)
      names.insert(f.name);
  return names;
}

std::set<std::string> moduleNames(const ast::Module &module) {
  std::set<std::string> names;
  for (const ast::Variable &v : module.globals)
    names.insert(v.name);
  for (const ast::Function &f : module.functions)
    names.insert(f.name);
  return names;
}

void renameOperand(ast::Operand &op, const Renames &renames) {
  if (auto it = renames.find(op.name); it != renames.end())
    op.name = it->second;
  for (ast::Operand &element : op.elements)
    renameOperand(element, renames);
}

// Names declared inside a function (parameters, body declarations, labels) hide module names.
Renames visibleIn(const ast::Function &f, const Renames &renames) {
  Renames visible = renames;
  auto hide = [&](const std::string &name) { visible.erase(name); };
  for (const ast::Variable &p : f.params)
    hide(p.name);
  for (const ast::Variable &r : f.returns)
    hide(r.name);
  for (const ast::Statement &st : f.body) {
    if (st.kind == ast::Statement::Kind::Declaration)
      hide(st.declaration.name);
    else if (st.kind == ast::Statement::Kind::Label)
      hide(st.label);
  }
  return visible;
}

void renameInModule(ast::Module &module, const Renames &renames) {
  for (ast::Variable &v : module.globals) {
    if (auto it = renames.find(v.name); it != renames.end())
      v.name = it->second;
    for (ast::Initializer &init : v.init)
      if (auto it = renames.find(init.symbol); it != renames.end())
        init.symbol = it->second;
  }
  for (ast::Function &f : module.functions) {
    if (auto it = renames.find(f.name); it != renames.end())
      f.name = it->second;
    Renames local = visibleIn(f, renames);
    if (local.empty())
      continue;
    for (ast::Statement &st : f.body)
      if (st.kind == ast::Statement::Kind::Instruction)
        for (ast::Operand &op : st.instruction.operands)
          renameOperand(op, local);
  }
}

// Gives each module's internal names that another module also uses a name of their own:
// `$str` becomes `$str$qiao_m2` in the second module. Names that occur once stay as they are, so
// the names a program registers (kernels, variables) are found unchanged.
void separateInternalNames(std::vector<ast::Module> &modules) {
  std::map<std::string, size_t> uses;
  std::vector<std::set<std::string>> names;
  for (const ast::Module &module : modules) {
    names.push_back(moduleNames(module));
    for (const std::string &name : names.back())
      ++uses[name];
  }
  for (size_t i = 0; i < modules.size(); ++i) {
    Renames renames;
    for (const std::string &name : internalNames(modules[i])) {
      if (uses[name] < 2)
        continue;
      std::string fresh = name + "$qiao_m" + std::to_string(i + 1);
      // Wildly unlikely, but a fresh name must not meet a name already there.
      while (uses.count(fresh))
        fresh += "_";
      uses[fresh] = 1;
      renames[name] = fresh;
    }
    if (!renames.empty())
      renameInModule(modules[i], renames);
  }
}

unsigned smOf(const ast::Module &module) {
  unsigned sm = 0;
  for (const std::string &target : module.targets)
    if (target.starts_with("sm_") || target.starts_with("compute_"))
      sm = static_cast<unsigned>(std::atoi(target.c_str() + target.find('_') + 1));
  return sm;
}

struct Definition {
  size_t module = 0;
  size_t index = 0;
  bool weak = false;
  ast::SourceLoc loc;
};

// Returns the definition to keep of `previous` and `next`, or an error when both are strong.
Expected<bool> nextReplaces(const std::string &kind, const std::string &name,
                            const Definition &previous, const Definition &next) {
  if (!previous.weak && !next.weak)
    return linkError(kind + " '" + name + "' is defined twice: in " +
                     place(previous.module, previous.loc) + " and in " +
                     place(next.module, next.loc));
  return previous.weak && !next.weak;
}

void collectNames(const ast::Operand &op, std::vector<std::string> &names) {
  if (!op.name.empty())
    names.push_back(op.name);
  for (const ast::Operand &element : op.elements)
    collectNames(element, names);
}

// Keeps the functions a kernel can reach: through calls and symbol operands from an entry, or
// from a variable's initialiser. The rest is dropped, as a static linker pulls only the archive
// members it needs: nvlink lists the device runtime's unit (libcudadevrt) among the units of a
// PTX-only build, and its functions call extern entry points (cnpGetLastError...) that only
// NVIDIA's driver provides.
void dropUnreachableFunctions(ast::Module &linked) {
  std::unordered_map<std::string, std::vector<size_t>> byName;
  for (size_t i = 0; i < linked.functions.size(); ++i)
    byName[linked.functions[i].name].push_back(i);
  std::set<std::string> reached;
  std::vector<std::string> work;
  for (const ast::Function &f : linked.functions)
    if (f.isEntry)
      work.push_back(f.name);
  for (const ast::Variable &v : linked.globals)
    for (const ast::Initializer &init : v.init)
      if (init.kind == ast::Initializer::Kind::Symbol)
        work.push_back(init.symbol);
  while (!work.empty()) {
    std::string name = std::move(work.back());
    work.pop_back();
    auto found = byName.find(name);
    if (found == byName.end() || !reached.insert(name).second)
      continue;
    for (size_t index : found->second)
      for (const ast::Statement &st : linked.functions[index].body)
        if (st.kind == ast::Statement::Kind::Instruction)
          for (const ast::Operand &op : st.instruction.operands)
            collectNames(op, work);
  }
  std::erase_if(linked.functions, [&](const ast::Function &f) { return !reached.count(f.name); });
}

} // namespace

Expected<ast::Module> linkModules(std::vector<ast::Module> modules) {
  if (modules.empty())
    return linkError("no PTX module to link");
  if (modules.size() == 1)
    return std::move(modules.front());

  ast::Module linked;
  linked.addressSize = modules.front().addressSize;
  unsigned bestSm = 0;
  for (size_t i = 0; i < modules.size(); ++i) {
    const ast::Module &m = modules[i];
    if (m.addressSize != linked.addressSize)
      return linkError("module " + std::to_string(i + 1) + " has .address_size " +
                       std::to_string(m.addressSize) + ", module 1 has " +
                       std::to_string(linked.addressSize));
    if (std::pair(m.versionMajor, m.versionMinor) >
        std::pair(linked.versionMajor, linked.versionMinor)) {
      linked.versionMajor = m.versionMajor;
      linked.versionMinor = m.versionMinor;
    }
    if (linked.targets.empty() || smOf(m) > bestSm) {
      linked.targets = m.targets;
      bestSm = smOf(m);
    }
  }

  separateInternalNames(modules);

  // One definition per name: weak ones give way; the losers are dropped (variables) or become
  // prototypes (functions, which the decoder merges with the definition by name).
  std::unordered_map<std::string, Definition> variables, functions;
  std::vector<std::vector<bool>> dropVariable(modules.size());
  for (size_t i = 0; i < modules.size(); ++i) {
    ast::Module &m = modules[i];
    dropVariable[i].assign(m.globals.size(), false);
    for (size_t j = 0; j < m.globals.size(); ++j) {
      const ast::Variable &v = m.globals[j];
      if (v.isExtern || !isLinkedSpace(v.space))
        continue;
      Definition next{i, j, v.isWeak, v.loc};
      auto [it, inserted] = variables.emplace(v.name, next);
      if (inserted)
        continue;
      auto replaces = nextReplaces("variable", v.name, it->second, next);
      if (!replaces)
        return replaces.error();
      if (*replaces) {
        dropVariable[it->second.module][it->second.index] = true;
        it->second = next;
      } else {
        dropVariable[i][j] = true;
      }
    }
    for (size_t j = 0; j < m.functions.size(); ++j) {
      const ast::Function &f = m.functions[j];
      if (!f.hasBody)
        continue;
      Definition next{i, j, f.isWeak, f.loc};
      auto [it, inserted] = functions.emplace(f.name, next);
      if (inserted)
        continue;
      auto replaces = nextReplaces("function", f.name, it->second, next);
      if (!replaces)
        return replaces.error();
      ast::Function &loser =
          *replaces ? modules[it->second.module].functions[it->second.index] : m.functions[j];
      loser.hasBody = false;
      loser.body.clear();
      if (*replaces)
        it->second = next;
    }
  }

  std::set<std::string> externShared;
  for (size_t i = 0; i < modules.size(); ++i) {
    ast::Module &m = modules[i];
    for (size_t j = 0; j < m.globals.size(); ++j) {
      ast::Variable &v = m.globals[j];
      if (dropVariable[i][j])
        continue;
      // Resolved by a definition elsewhere; an unresolved one stays for the decoder to report.
      if (v.isExtern && isLinkedSpace(v.space) && variables.count(v.name))
        continue;
      // Every module that uses dynamic shared memory declares its array; they all name the same
      // window, and one declaration per name is enough.
      if (v.isExtern && v.space == ast::StateSpace::Shared && !externShared.insert(v.name).second)
        continue;
      linked.globals.push_back(std::move(v));
    }
    for (ast::Function &f : m.functions)
      linked.functions.push_back(std::move(f));
    for (std::string &prototype : m.callPrototypes)
      linked.callPrototypes.push_back(std::move(prototype));
  }
  dropUnreachableFunctions(linked);
  return linked;
}

} // namespace qiao::ptx
