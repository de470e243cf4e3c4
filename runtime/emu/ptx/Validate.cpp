// The validation passes of Validate.h. Messages follow ptxas's wording where it has one, so a
// user who knows ptxas recognises the error.
#include "Validate.h"

#include "OperandTypes.h"
#include "ScopedNames.h"
#include "support/ErrorCodes.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace qiao::ptx {
namespace {

Error errorAt(const ast::SourceLoc &loc, const std::string &what) {
  return Error{errc::qiaoErrorInvalidPtx,
               "line " + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " + what};
}

// Where a message about the module as a whole points: its first declaration.
ast::SourceLoc firstItem(const ast::Module &module) {
  ast::SourceLoc loc{1, 1};
  if (!module.globals.empty())
    loc = module.globals.front().loc;
  if (!module.functions.empty() &&
      (module.globals.empty() || module.functions.front().loc.line < loc.line))
    loc = module.functions.front().loc;
  return loc;
}

Status checkHeader(const ast::Module &module) {
  if (module.versionMajor == 0 && module.versionMinor == 0)
    return errorAt(firstItem(module), "missing .version directive at the start of the module");
  if (module.targets.empty())
    return errorAt(firstItem(module), "missing .target directive at the start of the module");
  if (module.addressSize != 64)
    return errorAt(module.addressSizeLoc, ".address_size " + std::to_string(module.addressSize) +
                                              " is not supported: the device is 64-bit");
  return Status::ok();
}

// Module scope: a name has at most one definition; declarations (.extern variables, function
// prototypes) may repeat, and a variable never shares its name with a function.
Status checkModuleNames(const ast::Module &module) {
  struct Seen {
    bool isFunction = false;
    bool defined = false;
  };
  std::unordered_map<std::string, Seen> names;
  auto add = [&](const std::string &name, const ast::SourceLoc &loc, bool isFunction,
                 bool defines) -> Status {
    auto [it, added] = names.emplace(name, Seen{isFunction, defines});
    if (added)
      return Status::ok();
    Seen &seen = it->second;
    const char *kind = isFunction ? "function" : "variable";
    if (seen.isFunction != isFunction)
      return errorAt(loc, "inconsistent redefinition of symbol '" + name +
                              "' (a variable and a function share the name)");
    if (seen.defined && defines)
      return errorAt(loc, std::string("duplicate definition of ") + kind + " '" + name + "'");
    seen.defined |= defines;
    return Status::ok();
  };
  for (const ast::Variable &v : module.globals)
    if (Status s = add(v.name, v.loc, false, !v.isExtern); !s)
      return s;
  for (const ast::Function &fn : module.functions)
    if (Status s = add(fn.name, fn.loc, true, fn.hasBody); !s)
      return s;
  return Status::ok();
}

// One function: scopes of names and labels, calls, operand types.
class FunctionCheck {
public:
  FunctionCheck(const ast::Module &module, const ast::Function &fn,
                const std::unordered_set<std::string> &entries)
      : module_(module), fn_(fn), entries_(entries) {}

  Status run() {
    for (const std::vector<ast::Variable> *list : {&fn_.returns, &fn_.params})
      for (const ast::Variable &v : *list)
        if (Status s = declare(v); !s)
          return s;
    labels_.emplace_back();
    for (const ast::Statement &st : fn_.body) {
      Status s = statement(st);
      if (!s)
        return s;
    }
    return Status::ok();
  }

private:
  Status declare(const ast::Variable &v) {
    std::string clash = names_.declare(v);
    if (!clash.empty())
      return errorAt(v.loc, "duplicate definition of variable '" + clash + "'");
    return Status::ok();
  }

  Status statement(const ast::Statement &st) {
    switch (st.kind) {
    case ast::Statement::Kind::BlockBegin:
      names_.push();
      labels_.emplace_back();
      return Status::ok();
    case ast::Statement::Kind::BlockEnd:
      names_.pop();
      if (labels_.size() > 1)
        labels_.pop_back();
      return Status::ok();
    case ast::Statement::Kind::Declaration:
      return declare(st.declaration);
    case ast::Statement::Kind::Label:
      // Labels are scoped by blocks as variables are: ptxas accepts one name in sibling blocks.
      if (!labels_.back().insert(st.label).second)
        return errorAt(st.loc, "duplicate definition of label '" + st.label + "'");
      return Status::ok();
    case ast::Statement::Kind::Instruction:
      if (Status s = checkCall(st.instruction); !s)
        return s;
      if (Status s = checkBarrierNumber(st.instruction); !s)
        return s;
      return checkOperandTypes(st.instruction, names_, module_.addressSize);
    }
    return Status::ok();
  }

  // A kernel is launched, never called (ptxas: "Illegal call target, device function expected").
  Status checkCall(const ast::Instruction &inst) const {
    if (inst.opcode != "call")
      return Status::ok();
    size_t calleeIndex = inst.callHasReturn ? 1 : 0;
    if (calleeIndex >= inst.operands.size())
      return Status::ok();
    const ast::Operand &callee = inst.operands[calleeIndex];
    if (callee.kind == ast::Operand::Kind::Symbol && entries_.count(callee.name) &&
        !names_.find(callee.name))
      return errorAt(inst.loc, "illegal call target '" + callee.name +
                                   "': it is a kernel (.entry), and only a .func can be called");
    return Status::ok();
  }

  // A CTA has 16 named barriers (ptxas: "Barrier number out of range, expected [0..15]").
  static Status checkBarrierNumber(const ast::Instruction &inst) {
    if ((inst.opcode != "bar" && inst.opcode != "barrier") || inst.operands.empty())
      return Status::ok();
    for (const std::string &m : inst.modifiers)
      if (m == "warp") // bar.warp.sync's operand is a member mask
        return Status::ok();
    const ast::Operand &id = inst.operands[0];
    if (id.kind == ast::Operand::Kind::Int && id.intValue > 15)
      return errorAt(inst.loc, "barrier number " + std::to_string(id.intValue) +
                                   " out of range: a block has barriers 0 to 15");
    return Status::ok();
  }

  const ast::Module &module_;
  const ast::Function &fn_;
  const std::unordered_set<std::string> &entries_;
  ScopedNames names_;
  std::vector<std::unordered_set<std::string>> labels_;
};

} // namespace

Status validateModule(const ast::Module &module) {
  if (Status s = checkHeader(module); !s)
    return s;
  if (Status s = checkModuleNames(module); !s)
    return s;
  std::unordered_set<std::string> entries;
  for (const ast::Function &fn : module.functions)
    if (fn.isEntry)
      entries.insert(fn.name);
  for (const ast::Function &fn : module.functions) {
    if (!fn.hasBody)
      continue;
    if (Status s = FunctionCheck(module, fn, entries).run(); !s)
      return s;
  }
  return Status::ok();
}

} // namespace qiao::ptx
