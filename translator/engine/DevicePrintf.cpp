#include "DevicePrintf.h"

#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Builtins.h"

namespace qiao::translate {

namespace {

using namespace clang;

template <class A> bool hasWrittenAttr(const Decl *d) {
  const A *a = d->getAttr<A>();
  return a && !a->isImplicit();
}

class Calls : public RecursiveASTVisitor<Calls> {
public:
  Calls(FileRewrite &file, const SourceMapping &map) : file_(file), map_(map) {}

  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseFunctionDecl(FunctionDecl *f) {
    const bool outer = deviceOnly_;
    deviceOnly_ = (hasWrittenAttr<CUDADeviceAttr>(f) || hasWrittenAttr<CUDAGlobalAttr>(f)) &&
                  !hasWrittenAttr<CUDAHostAttr>(f);
    const bool result = RecursiveASTVisitor::TraverseFunctionDecl(f);
    deviceOnly_ = outer;
    return result;
  }

  bool VisitCallExpr(CallExpr *call) {
    const FunctionDecl *callee = call->getDirectCallee();
    if (!deviceOnly_ || !callee || callee->getBuiltinID() != Builtin::BIprintf)
      return true;
    const Expr *name = call->getCallee()->IgnoreParenImpCasts();
    if (const auto offset = map_.writtenInMain(name->getBeginLoc()))
      if (file_.text().compare(*offset, 6, "printf") == 0)
        file_.edits().replace(*offset, 6, "qiaoDevicePrintf");
    return true;
  }

private:
  FileRewrite &file_;
  const SourceMapping &map_;
  bool deviceOnly_ = false;
};

} // namespace

void rewriteDevicePrintf(FileRewrite &file, const SourceMapping &map, clang::Decl *decl) {
  Calls calls(file, map);
  calls.TraverseDecl(decl);
}

} // namespace qiao::translate
