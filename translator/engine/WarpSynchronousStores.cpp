#include "WarpSynchronousStores.h"

#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace qiao::translate {

namespace {

using namespace clang;

// An assignment as the AST spells it: a BinaryOperator, or, where an operand's type depends on
// a template parameter, an operator call.
struct Assignment {
  Expr *lhs = nullptr;
  Expr *rhs = nullptr;
  SourceLocation op;
  StringRef binary; // "+" for +=, empty for =
};

std::optional<Assignment> asAssignment(Stmt *s) {
  auto *e = dyn_cast_or_null<Expr>(s);
  if (!e)
    return std::nullopt;
  e = e->IgnoreParens();
  if (auto *cleanups = dyn_cast<ExprWithCleanups>(e))
    e = cleanups->getSubExpr()->IgnoreParens();
  if (auto *op = dyn_cast<BinaryOperator>(e)) {
    if (!op->isAssignmentOp())
      return std::nullopt;
    StringRef binary;
    if (op->isCompoundAssignmentOp())
      binary =
          BinaryOperator::getOpcodeStr(BinaryOperator::getOpForCompoundAssignment(op->getOpcode()));
    return Assignment{op->getLHS(), op->getRHS(), op->getOperatorLoc(), binary};
  }
  if (auto *call = dyn_cast<CXXOperatorCallExpr>(e)) {
    if (!call->isAssignmentOp() || call->getNumArgs() != 2)
      return std::nullopt;
    StringRef spelling = getOperatorSpelling(call->getOperator());
    StringRef binary = spelling == "=" ? StringRef() : spelling.drop_back();
    return Assignment{call->getArg(0), call->getArg(1), call->getOperatorLoc(), binary};
  }
  return std::nullopt;
}

const ValueDecl *arrayOf(const Expr *element) {
  const auto *subscript = dyn_cast<ArraySubscriptExpr>(element->IgnoreParens());
  if (!subscript)
    return nullptr;
  const auto *ref = dyn_cast<DeclRefExpr>(subscript->getBase()->IgnoreParenImpCasts());
  return ref ? ref->getDecl() : nullptr;
}

bool mentionsShared(const Stmt *s) {
  if (!s)
    return false;
  if (const auto *ref = dyn_cast<DeclRefExpr>(s))
    if (ref->getDecl()->hasAttr<CUDASharedAttr>())
      return true;
  for (const Stmt *child : s->children())
    if (mentionsShared(child))
      return true;
  return false;
}

bool reads(const Stmt *s, const ValueDecl *array) {
  if (!s)
    return false;
  if (const auto *e = dyn_cast<Expr>(s))
    if (arrayOf(e) == array)
      return true;
  for (const Stmt *child : s->children())
    if (reads(child, array))
      return true;
  return false;
}

bool isVolatilePointer(QualType type) {
  return type->isPointerType() && type->getPointeeType().isVolatileQualified();
}

class Stores : public RecursiveASTVisitor<Stores> {
public:
  Stores(FileRewrite &file, const SourceMapping &map, ASTContext &ctx)
      : file_(file), map_(map), ctx_(ctx) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseFunctionDecl(FunctionDecl *f) {
    return inFunction(f, [&] { return RecursiveASTVisitor::TraverseFunctionDecl(f); });
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *f) {
    return inFunction(f, [&] { return RecursiveASTVisitor::TraverseCXXMethodDecl(f); });
  }

  bool VisitCompoundStmt(CompoundStmt *c) {
    for (Stmt *child : c->body())
      consider(child);
    return true;
  }
  bool VisitIfStmt(IfStmt *s) {
    consider(s->getThen());
    consider(s->getElse());
    return true;
  }
  bool VisitForStmt(ForStmt *s) {
    consider(s->getBody());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *s) {
    consider(s->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *s) {
    consider(s->getBody());
    return true;
  }

private:
  template <class Traverse> bool inFunction(FunctionDecl *f, Traverse traverse) {
    const FunctionDecl *outer = function_;
    function_ = f;
    const bool result = traverse();
    function_ = outer;
    return result;
  }

  // Written device code: the host-and-device region our declaration headers open marks every
  // function __device__ implicitly.
  bool inDeviceCode() const {
    if (!function_)
      return false;
    for (const Attr *a : function_->attrs())
      if ((isa<CUDADeviceAttr>(a) || isa<CUDAGlobalAttr>(a)) && !a->isImplicit())
        return true;
    return false;
  }

  // Shared memory the lanes of a warp exchange values through: a __shared__ array, a local
  // pointer set from one, or a volatile pointer parameter of a __device__ function (the
  // idiom's warpReduce(volatile int *sdata, int tid)). A kernel's parameters point to global
  // memory, where volatile stores are flags between threads, not this idiom.
  bool isWarpShared(const ValueDecl *array) const {
    if (array->hasAttr<CUDASharedAttr>())
      return true;
    if (const auto *parameter = dyn_cast<ParmVarDecl>(array))
      return isVolatilePointer(parameter->getType()) && !function_->hasAttr<CUDAGlobalAttr>();
    if (const auto *local = dyn_cast<VarDecl>(array))
      return local->hasLocalStorage() && isVolatilePointer(local->getType()) &&
             mentionsShared(local->getInit());
    return false;
  }

  void consider(Stmt *s) {
    if (!s || !inDeviceCode())
      return;
    const std::optional<Assignment> a = asAssignment(s);
    if (!a)
      return;
    const QualType type = a->lhs->getType();
    if (!type.isVolatileQualified() || !(type->isScalarType() || type->isDependentType()))
      return;
    const ValueDecl *array = arrayOf(a->lhs);
    // The idiom's mark: a lane stores its element of the array from another's.
    if (!array || !isWarpShared(array) || !reads(a->rhs, array))
      return;
    rewrite(*a);
  }

  void rewrite(const Assignment &a) {
    const SourceManager &sm = map_.sourceManager();
    const LangOptions &lang = ctx_.getLangOpts();
    const auto begin = map_.writtenInMain(a.lhs->getBeginLoc());
    const auto op = map_.writtenInMain(a.op);
    const auto lhsEnd =
        map_.writtenInMain(Lexer::getLocForEndOfToken(a.lhs->getEndLoc(), 0, sm, lang));
    const SourceLocation rhsEndLoc = Lexer::getLocForEndOfToken(a.rhs->getEndLoc(), 0, sm, lang);
    const auto end = map_.writtenInMain(rhsEndLoc);
    if (!begin || !op || !lhsEnd || !end || a.rhs->getEndLoc().isMacroID())
      return;
    const auto rhsBegin = map_.writtenInMain(a.rhs->getBeginLoc());
    if (!rhsBegin || *rhsBegin <= *op)
      return;
    // `s[tid] += v` -> `qiaoWarpStore(s[tid], s[tid] + (v))`: the operator and the blanks around
    // it become the argument separator.
    std::string separator = ", ";
    if (!a.binary.empty())
      separator += file_.text().substr(*begin, *lhsEnd - *begin) + " " + a.binary.str() + " (";
    if (!file_.edits().replace(*lhsEnd, *rhsBegin - *lhsEnd, separator))
      return;
    file_.edits().insert(*begin, "qiaoWarpStore(");
    file_.edits().insert(*end, a.binary.empty() ? ")" : "))");
    file_.hasDeviceCode = true;
  }

  FileRewrite &file_;
  const SourceMapping &map_;
  ASTContext &ctx_;
  const FunctionDecl *function_ = nullptr;
};

} // namespace

void rewriteWarpSynchronousStores(FileRewrite &file, const SourceMapping &map,
                                  clang::ASTContext &ctx, clang::Decl *decl) {
  Stores stores(file, map, ctx);
  stores.TraverseDecl(decl);
}

} // namespace qiao::translate
