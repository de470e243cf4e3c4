#include "AstRewriter.h"

#include "DevicePrintf.h"
#include "LaunchRewriter.h"
#include "WarpSynchronousStores.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/TemplateBase.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <iterator>
#include <set>

namespace qiao::translate {

namespace {

using namespace clang;

// The static shared memory a kernel uses: its __shared__ variables and those of the device
// functions it calls (each function counted once), as CUDA sizes a kernel's shared segment.
class SharedBytes : public RecursiveASTVisitor<SharedBytes> {
public:
  explicit SharedBytes(ASTContext &ctx) : ctx_(ctx) {}

  uint64_t of(const FunctionDecl *f) {
    if (!f || !f->hasBody() || !visited_.insert(f->getCanonicalDecl()).second)
      return bytes_;
    TraverseStmt(f->getBody());
    return bytes_;
  }

  bool VisitVarDecl(VarDecl *v) {
    if (v->hasAttr<CUDASharedAttr>() && !v->hasExternalStorage() &&
        !v->getType()->isDependentType() && !v->getType()->isIncompleteType())
      bytes_ += static_cast<uint64_t>(ctx_.getTypeSizeInChars(v->getType()).getQuantity());
    return true;
  }

  bool VisitCallExpr(CallExpr *call) {
    const FunctionDecl *callee = call->getDirectCallee();
    if (callee && callee->hasAttr<CUDADeviceAttr>())
      of(callee->getDefinition());
    return true;
  }

private:
  ASTContext &ctx_;
  std::set<const Decl *> visited_;
  uint64_t bytes_ = 0;
};

class Visitor : public RecursiveASTVisitor<Visitor> {
public:
  Visitor(FileRewrite &file, const SourceMapping &map, const LangOptions &lang, ASTContext &ctx)
      : file_(file), map_(map), lang_(lang), ctx_(ctx), sm_(map.sourceManager()) {}

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }

  bool VisitDeclRefExpr(DeclRefExpr *e) {
    nameUse(e->getLocation(), e->getDecl(), e->getNameInfo().getName());
    return true;
  }

  bool VisitOverloadExpr(OverloadExpr *e) {
    // Dependent or overloaded: CUDA's if any candidate is.
    for (const NamedDecl *candidate : e->decls())
      if (map_.isCudaDecl(candidate)) {
        nameUse(e->getNameLoc(), candidate, e->getName());
        return true;
      }
    if (!e->decls().empty())
      nameUse(e->getNameLoc(), *e->decls().begin(), e->getName());
    return true;
  }

  bool VisitMemberExpr(MemberExpr *e) {
    // A member is never a CUDA API name, whatever it is called.
    protectIfKnown(e->getMemberLoc(), e->getMemberNameInfo().getName());
    return true;
  }

  bool VisitTypedefTypeLoc(TypedefTypeLoc tl) {
    nameUse(tl.getNameLoc(), tl.getTypedefNameDecl(), tl.getTypedefNameDecl()->getDeclName());
    return true;
  }

  bool VisitTagTypeLoc(TagTypeLoc tl) {
    nameUse(tl.getNameLoc(), tl.getDecl(), tl.getDecl()->getDeclName());
    return true;
  }

  bool VisitTemplateSpecializationTypeLoc(TemplateSpecializationTypeLoc tl) {
    if (TemplateDecl *t = tl.getTypePtr()->getTemplateName().getAsTemplateDecl())
      nameUse(tl.getTemplateNameLoc(), t, t->getDeclName());
    return true;
  }

  bool VisitNamedDecl(NamedDecl *d) {
    // The user's own declaration of a name CUDA also uses stays the user's.
    if (!map_.isCudaDecl(d) && !isa<TranslationUnitDecl>(d))
      protectIfKnown(d->getLocation(), d->getDeclName());
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *f) {
    if (!map_.writtenInMain(f->getLocation()) && !map_.expandsInMain(f->getLocation()))
      return true;
    if (hasWrittenAttr<CUDAGlobalAttr>(f) || hasWrittenAttr<CUDADeviceAttr>(f))
      file_.hasDeviceCode = true;
    if (f->hasAttr<CUDAGlobalAttr>() && f->doesThisDeclarationHaveABody()) {
      declareSharedBytes(f);
      declareLaunchBounds(f);
    }
    return true;
  }

  bool VisitVarDecl(VarDecl *v) {
    if (!map_.writtenInMain(v->getLocation()) && !map_.expandsInMain(v->getLocation()))
      return true;
    if (v->hasAttr<CUDASharedAttr>() || v->hasAttr<CUDAConstantAttr>() ||
        v->hasAttr<CUDADeviceAttr>())
      file_.hasDeviceCode = true;
    if (v->hasAttr<CUDASharedAttr>() && v->hasExternalStorage())
      dynamicShared(v);
    return true;
  }

  // `cudaLaunchKernel((const void *)kernel, ...)`, `cudaFuncGetAttributes(&a, (void *)kernel)`:
  // Qiao's typed overloads take the kernel itself (that is how a host-compiled kernel is
  // launched and known), so a cast of a kernel to a void pointer in a CUDA call is dropped; also
  // inside a template, where the call and a kernel template's name (`(void *)k<T>`) are
  // dependent.
  bool VisitCallExpr(CallExpr *call) {
    if (file_.target() != "qiao" || !callsCuda(call))
      return true;
    for (Expr *arg : call->arguments()) {
      const auto *cast = dyn_cast<ExplicitCastExpr>(arg->IgnoreImpCasts());
      if (!cast || !cast->getType()->isVoidPointerType())
        continue;
      const Expr *operand = cast->getSubExprAsWritten();
      if (!namesKernel(operand->IgnoreParenImpCasts()))
        continue;
      auto castBegin = argumentOffset(cast->getBeginLoc());
      auto castEnd = argumentTokenEnd(cast->getEndLoc());
      auto operandBegin = argumentOffset(operand->getBeginLoc());
      auto operandEnd = argumentTokenEnd(operand->getEndLoc());
      if (!castBegin || !castEnd || !operandBegin || !operandEnd || *castBegin > *operandBegin ||
          *operandEnd > *castEnd)
        continue;
      file_.edits().replace(*castBegin, *operandBegin - *castBegin, "");
      if (*castEnd > *operandEnd)
        file_.edits().replace(*operandEnd, *castEnd - *operandEnd, "");
      strippedCasts_.insert(cast);
    }
    return true;
  }

  // A kernel kept as a void pointer elsewhere (`void *f = (void *)kernel;`, a table of kernels)
  // can reach the attribute and occupancy calls before its first launch: finish() declares it
  // after its definition (QIAO_KERNEL_DECLARE) so that the runtime knows it by its address.
  bool VisitExplicitCastExpr(ExplicitCastExpr *cast) {
    if (file_.target() != "qiao" || !cast->getType()->isVoidPointerType() ||
        strippedCasts_.count(cast))
      return true;
    const auto *ref = dyn_cast<DeclRefExpr>(withoutAddressOf(cast->getSubExprAsWritten()));
    const auto *kernel = ref ? dyn_cast<FunctionDecl>(ref->getDecl()) : nullptr;
    if (kernel && kernel->hasAttr<CUDAGlobalAttr>())
      namedByAddress_.insert(kernel->getCanonicalDecl());
    return true;
  }

  // After the traversal: the declarations only a later use asks for.
  void finish() {
    for (const FunctionDecl *kernel : namedByAddress_) {
      const FunctionDecl *definition = kernel->getDefinition();
      if (!definition || declared_.count(definition->getCanonicalDecl()) ||
          !map_.writtenInMain(definition->getLocation()))
        continue;
      if (auto end = kernelDeclarationPoint(definition))
        file_.edits().insert(*end, "\nQIAO_KERNEL_DECLARE(" + definition->getName().str() + ");");
    }
  }

  bool VisitCUDAKernelCallExpr(CUDAKernelCallExpr *e) {
    launch(e);
    return true;
  }

private:
  bool callsCuda(const CallExpr *call) const {
    if (const FunctionDecl *callee = call->getDirectCallee())
      return map_.isCudaDecl(callee);
    const auto *lookup = dyn_cast<UnresolvedLookupExpr>(call->getCallee()->IgnoreParenImpCasts());
    return lookup && std::any_of(lookup->decls().begin(), lookup->decls().end(),
                                 [&](const NamedDecl *d) { return map_.isCudaDecl(d); });
  }

  static bool isKernel(const NamedDecl *d) {
    if (const auto *t = dyn_cast<FunctionTemplateDecl>(d))
      d = t->getTemplatedDecl();
    return d && d->hasAttr<CUDAGlobalAttr>();
  }

  static const Expr *withoutAddressOf(const Expr *e) {
    e = e->IgnoreParenImpCasts();
    if (const auto *address = dyn_cast<UnaryOperator>(e);
        address && address->getOpcode() == UO_AddrOf)
      return address->getSubExpr()->IgnoreParenImpCasts();
    return e;
  }

  // A kernel, a kernel template's specialisation, or (in a template) a kernel template's name,
  // with or without `&`.
  static bool namesKernel(const Expr *e) {
    e = withoutAddressOf(e);
    if (const auto *ref = dyn_cast<DeclRefExpr>(e))
      return isKernel(ref->getDecl());
    if (const auto *lookup = dyn_cast<UnresolvedLookupExpr>(e))
      return !lookup->decls().empty() &&
             std::all_of(lookup->decls().begin(), lookup->decls().end(),
                         [](const NamedDecl *d) { return isKernel(d); });
    return false;
  }

  template <class A> static bool hasWrittenAttr(const Decl *d) {
    const A *a = d->getAttr<A>();
    return a && !a->isImplicit();
  }

  // A name of the program's own that CUDA (or something CUDA-looking) also spells: never
  // renamed, never counted as CUDA's.
  void protectIfKnown(SourceLocation loc, DeclarationName name) {
    if (!name.isIdentifier() || !name.getAsIdentifierInfo())
      return;
    const llvm::StringRef text = name.getAsIdentifierInfo()->getName();
    if (!file_.record(text) && !looksLikeCudaName(text))
      return;
    if (auto offset = map_.spelledInMain(loc))
      file_.protect(*offset);
  }

  void nameUse(SourceLocation loc, const NamedDecl *decl, DeclarationName name) {
    if (!name.isIdentifier() || !name.getAsIdentifierInfo() || loc.isInvalid())
      return;
    const llvm::StringRef text = name.getAsIdentifierInfo()->getName();
    if (!map_.isCudaDecl(decl)) {
      protectIfKnown(loc, name);
      return;
    }
    if (auto offset = map_.spelledInMain(loc)) {
      file_.renameAt(*offset, text, Method::Semantic);
      return;
    }
    // Spelled elsewhere: in a CUDA header's own macro (fine, nothing to do) or pasted together
    // in scratch space by a macro of this file (not safely rewritable).
    if (map_.expandsInMain(loc) && sm_.isWrittenInScratchSpace(sm_.getSpellingLoc(loc)) &&
        file_.needsAction(text))
      if (auto at = map_.writtenInMain(sm_.getExpansionLoc(loc)))
        file_.diagnose("QT2004", *at,
                       "`" + text.str() +
                           "` is built by token pasting in a macro; rewrite the macro by hand");
  }

  // Where loc is written in the main file, directly or as part of a macro argument (whose text
  // is the file's own), never inside a macro body.
  std::optional<std::size_t> argumentOffset(SourceLocation loc) {
    if (loc.isMacroID() && !sm_.isMacroArgExpansion(loc))
      return std::nullopt;
    return map_.spelledInMain(loc);
  }
  std::optional<std::size_t> argumentTokenEnd(SourceLocation loc) {
    auto begin = argumentOffset(loc);
    if (!begin)
      return std::nullopt;
    return *begin + Lexer::MeasureTokenLength(sm_.getSpellingLoc(loc), sm_, lang_);
  }

  std::optional<std::size_t> tokenEnd(SourceLocation loc) {
    if (auto begin = map_.writtenInMain(loc))
      return *begin + Lexer::MeasureTokenLength(loc, sm_, lang_);
    return std::nullopt;
  }

  // Where a declaration about kernel f can follow it, naming it: after its body, for a kernel
  // that is one function of a unique name (templates and overloaded names have none).
  std::optional<std::size_t> kernelDeclarationPoint(const FunctionDecl *f) {
    if (file_.target() != "qiao" || f->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
        isa<CXXMethodDecl>(f) || !f->getIdentifier())
      return std::nullopt;
    const auto found = f->getDeclContext()->getRedeclContext()->lookup(f->getDeclName());
    if (std::distance(found.begin(), found.end()) != 1)
      return std::nullopt;
    return tokenEnd(f->getEndLoc());
  }

  // A host-compiled kernel's __shared__ variables are host memory, invisible to the runtime; the
  // translator counts them and declares the sum after the kernel (QIAO_KERNEL_SHARED_BYTES,
  // qiao/device.h) so that qiaoFuncGetAttributes and occupancy see what CUDA would.
  void declareSharedBytes(const FunctionDecl *f) {
    auto end = kernelDeclarationPoint(f);
    if (!end)
      return;
    const uint64_t bytes = SharedBytes(ctx_).of(f);
    if (bytes == 0)
      return;
    file_.edits().insert(*end, "\nQIAO_KERNEL_SHARED_BYTES(" + f->getName().str() + ", " +
                                   std::to_string(bytes) + ");");
    declared_.insert(f->getCanonicalDecl());
  }

  // __launch_bounds__ compiles to nothing on the host; its maxThreadsPerBlock is declared after
  // the kernel (QIAO_KERNEL_LAUNCH_BOUNDS) so that attributes, occupancy and launches honour it.
  void declareLaunchBounds(const FunctionDecl *f) {
    const auto *bounds = f->getAttr<CUDALaunchBoundsAttr>();
    const Expr *maxThreads = bounds ? bounds->getMaxThreads() : nullptr;
    if (!maxThreads || maxThreads->isValueDependent())
      return;
    auto end = kernelDeclarationPoint(f);
    std::optional<llvm::APSInt> value = maxThreads->getIntegerConstantExpr(ctx_);
    if (!end || !value || value->isNonPositive())
      return;
    file_.edits().insert(*end, "\nQIAO_KERNEL_LAUNCH_BOUNDS(" + f->getName().str() + ", " +
                                   std::to_string(value->getExtValue()) + ");");
    declared_.insert(f->getCanonicalDecl());
  }

  // `extern __shared__ T name[];` -> QIAO_DYNAMIC_SHARED(T, name) in a function,
  // QIAO_EXTERN_SHARED(T, name) at namespace scope (qiao/device.h).
  void dynamicShared(VarDecl *v) {
    auto at = map_.writtenInMain(v->getLocation());
    if (!at)
      return;
    TypeSourceInfo *tsi = v->getTypeSourceInfo();
    auto array = tsi ? tsi->getTypeLoc().getAs<IncompleteArrayTypeLoc>() : IncompleteArrayTypeLoc();
    auto begin = map_.writtenInMain(v->getBeginLoc());
    auto end = tokenEnd(v->getEndLoc());
    if (!array || !begin || !end) {
      file_.diagnose("QT2007", *at, "`" + v->getName().str() + "`");
      return;
    }
    const SourceRange elementRange = array.getElementLoc().getSourceRange();
    auto elementBegin = map_.writtenInMain(elementRange.getBegin());
    auto elementEnd = tokenEnd(elementRange.getEnd());
    if (!elementBegin || !elementEnd) {
      file_.diagnose("QT2007", *at, "`" + v->getName().str() + "`");
      return;
    }
    const std::string element = file_.text().substr(*elementBegin, *elementEnd - *elementBegin);
    const char *macro = v->isLocalVarDecl() ? "QIAO_DYNAMIC_SHARED" : "QIAO_EXTERN_SHARED";
    if (file_.target() == "qiao")
      file_.edits().replace(*begin, *end - *begin,
                            std::string(macro) + "(" + element + ", " + v->getName().str() + ")");
    else
      file_.diagnose("QT2007", *at,
                     "the '" + file_.target() + "' target keeps `" + v->getName().str() +
                         "` as written");
    file_.markDecided(*at);
  }

  static constexpr const char *kUnspellable = "\x01";

  std::string deducedTemplateArgs(const Expr *callee) {
    const auto *ref = dyn_cast<DeclRefExpr>(callee->IgnoreParenImpCasts());
    if (!ref || ref->hasExplicitTemplateArgs())
      return {};
    const auto *fn = dyn_cast<FunctionDecl>(ref->getDecl());
    const TemplateArgumentList *args = fn ? fn->getTemplateSpecializationArgs() : nullptr;
    if (!args)
      return {};
    std::string text;
    llvm::raw_string_ostream os(text);
    PrintingPolicy policy(lang_);
    policy.SuppressTagKeyword = true;
    policy.FullyQualifiedName = true;
    policy.SuppressUnwrittenScope = true; // anonymous and inline namespaces
    printTemplateArgumentList(os, args->asArray(), policy);
    // A closure type or a type without a name cannot be spelled in source.
    if (text.find("(lambda") != std::string::npos || text.find("(anonymous") != std::string::npos ||
        text.find("(unnamed") != std::string::npos)
      return kUnspellable;
    return os.str();
  }

  // Matches a kernel parameter type against an argument type to find what the kernel's
  // template parameter `param` stands for (T* against float* gives float). Pointers, references,
  // arrays and qualifiers only: enough for launches inside templates, where Clang cannot deduce
  // because the arguments are dependent.
  static QualType deduce(QualType paramType, QualType argType, const TemplateTypeParmDecl *param) {
    paramType = paramType.getNonReferenceType();
    argType = argType.getNonReferenceType();
    if (const auto *parm = paramType->getAs<TemplateTypeParmType>()) {
      if (parm->getDepth() == param->getDepth() && parm->getIndex() == param->getIndex())
        return argType.getUnqualifiedType();
      return {};
    }
    if (const auto *pointer = paramType->getAs<PointerType>()) {
      QualType argPointee;
      if (const auto *argPointer = argType->getAs<PointerType>())
        argPointee = argPointer->getPointeeType();
      else if (const ArrayType *array = argType->getAsArrayTypeUnsafe())
        argPointee = array->getElementType();
      if (argPointee.isNull())
        return {};
      QualType pointee = pointer->getPointeeType();
      // const T* against const float*: T is float; against float*: T is float too.
      argPointee.removeLocalFastQualifiers(pointee.getLocalFastQualifiers());
      return deduce(pointee.getUnqualifiedType(), argPointee, param);
    }
    return {};
  }

  // Template arguments for a kernel template launched from a template, written in terms of the
  // enclosing template's parameters ("<T>"), or empty when they cannot all be found.
  std::string dependentTemplateArgs(const UnresolvedLookupExpr *callee,
                                    const CUDAKernelCallExpr *e) {
    if (callee->hasExplicitTemplateArgs())
      return {};
    const FunctionTemplateDecl *kernel = nullptr;
    for (const NamedDecl *candidate : callee->decls())
      if (const auto *t = dyn_cast<FunctionTemplateDecl>(candidate->getUnderlyingDecl())) {
        if (kernel)
          return {}; // overloaded: leave it to the user
        kernel = t;
      }
    if (!kernel)
      return {};
    const FunctionDecl *pattern = kernel->getTemplatedDecl();
    PrintingPolicy policy(lang_);
    policy.SuppressTagKeyword = true;
    std::string text = "<";
    bool first = true;
    for (const NamedDecl *param : *kernel->getTemplateParameters()) {
      const auto *typeParam = dyn_cast<TemplateTypeParmDecl>(param);
      if (!typeParam)
        return {};
      QualType found;
      for (unsigned i = 0; i < pattern->getNumParams() && i < e->getNumArgs() && found.isNull();
           ++i)
        found = deduce(pattern->getParamDecl(i)->getType(), e->getArg(i)->getType(), typeParam);
      if (found.isNull()) {
        if (typeParam->hasDefaultArgument())
          break; // this one and the rest take their defaults
        return {};
      }
      text += (first ? "" : ", ") + found.getAsString(policy);
      first = false;
    }
    return first ? std::string() : text + ">";
  }

  void launch(CUDAKernelCallExpr *e) {
    const CallExpr *config = e->getConfig();
    const Expr *callee = e->getCallee()->IgnoreImplicit();
    if (!config || !callee)
      return;
    file_.usesRuntime = true;
    unsigned written = 0;
    for (const Expr *arg : config->arguments())
      if (!isa<CXXDefaultArgExpr>(arg))
        ++written;
    if (written < 2)
      return;
    if (launchesFromDevice(e)) {
      markDeviceLaunch(callee);
      return;
    }
    // Launches written inside macros are left to the token sweep, which edits macro bodies.
    auto calleeBegin = map_.writtenInMain(callee->getBeginLoc());
    auto calleeEnd = tokenEnd(callee->getEndLoc());
    auto configBegin = map_.writtenInMain(config->getArg(0)->getBeginLoc());
    auto configEnd = tokenEnd(config->getArg(written - 1)->getEndLoc());
    auto close = map_.writtenInMain(config->getRParenLoc());
    if (!calleeBegin || !calleeEnd || !configBegin || !configEnd || !close)
      return;
    std::optional<Token> paren = Lexer::findNextToken(config->getRParenLoc(), sm_, lang_);
    if (!paren || !paren->is(tok::l_paren))
      return;
    auto parenAt = map_.writtenInMain(paren->getLocation());
    if (!parenAt)
      return;
    LaunchShape shape;
    shape.calleeBegin = *calleeBegin;
    shape.calleeEnd = *calleeEnd;
    shape.configBegin = *configBegin;
    shape.configEnd = *configEnd;
    shape.argsBegin = *parenAt + 1;
    shape.configCount = written;
    shape.hasArgs = e->getNumArgs() > 0 &&
                    !std::all_of(e->arg_begin(), e->arg_end(),
                                 [](const Expr *a) { return isa<CXXDefaultArgExpr>(a); });
    const std::string calleeText = file_.text().substr(*calleeBegin, *calleeEnd - *calleeBegin);
    shape.calleeHasComma = calleeText.find(',') != std::string::npos;
    shape.deducedTemplateArgs = deducedTemplateArgs(callee);
    bool unspellable = shape.deducedTemplateArgs == kUnspellable;
    if (unspellable)
      shape.deducedTemplateArgs.clear();
    if (const auto *unresolved = dyn_cast<UnresolvedLookupExpr>(callee->IgnoreParenImpCasts());
        unresolved && !unresolved->hasExplicitTemplateArgs()) {
      shape.deducedTemplateArgs = dependentTemplateArgs(unresolved, e);
      unspellable = shape.deducedTemplateArgs.empty();
    }
    if (unspellable) {
      // The kernel template's arguments are deduced where the launch compiles instead.
      shape.deduceAtCompileTime = file_.target() == "qiao";
      file_.diagnose("QT2003", *calleeBegin,
                     "`" + calleeText + "`: template arguments deduced at compile time" +
                         (shape.deduceAtCompileTime ? " (QIAO_KERNEL_TEMPLATE)" : ""));
    }
    if (rewriteLaunch(file_, shape)) {
      file_.markDecided(*close);
      file_.addReference("<<<>>>", *close, true, Method::Semantic);
      writeDefaultArguments(e);
    }
  }

  // Dynamic parallelism has no counterpart for host-compiled kernels: the launch stays as written
  // behind a marker (the token sweep leaves its <<< alone), so the build stops there (QT2001).
  void markDeviceLaunch(const Expr *callee) {
    auto calleeBegin = map_.writtenInMain(callee->getBeginLoc());
    std::optional<Token> open = Lexer::findNextToken(callee->getEndLoc(), sm_, lang_);
    if (!calleeBegin || !open || !open->is(tok::lesslessless))
      return;
    if (auto openAt = map_.writtenInMain(open->getLocation()))
      file_.markDecided(*openAt);
    file_.markUnsupported(*calleeBegin, *calleeBegin, kDeviceLaunchName, Method::Semantic,
                          "a kernel launch from device code (dynamic parallelism)");
  }

  // Whether the launch is written in a __global__ or __device__-only function.
  bool launchesFromDevice(const Expr *e) {
    DynTypedNodeList parents = ctx_.getParents(*e);
    while (!parents.empty()) {
      if (const auto *f = parents[0].get<FunctionDecl>())
        return f->hasAttr<CUDAGlobalAttr>() ||
               (hasWrittenAttr<CUDADeviceAttr>(f) && !hasWrittenAttr<CUDAHostAttr>(f));
      parents = ctx_.getParents(parents[0]);
    }
    return false;
  }

  // A kernel's default arguments: the <<<>>> call fills them in, a launch function taking a
  // function pointer cannot (defaults are not part of a function's type), so the launch spells
  // them out, as written in the kernel's declaration.
  void writeDefaultArguments(const CUDAKernelCallExpr *e) {
    std::string defaults;
    for (const Expr *arg : e->arguments()) {
      const auto *d = dyn_cast<CXXDefaultArgExpr>(arg);
      if (!d)
        continue;
      const llvm::StringRef text = Lexer::getSourceText(
          CharSourceRange::getTokenRange(d->getParam()->getDefaultArgRange()), sm_, lang_);
      if (text.empty())
        return;
      defaults += ", " + text.str();
    }
    auto rparen = map_.writtenInMain(e->getRParenLoc());
    if (!defaults.empty() && rparen)
      file_.edits().insert(*rparen, defaults);
  }

  FileRewrite &file_;
  const SourceMapping &map_;
  const LangOptions &lang_;
  ASTContext &ctx_;
  const SourceManager &sm_;
  std::set<const ExplicitCastExpr *> strippedCasts_; // dropped from CUDA calls
  std::set<const FunctionDecl *> namedByAddress_;    // kernels cast to void * elsewhere
  std::set<const FunctionDecl *> declared_;          // kernels a declaration follows already
};

class Consumer : public ASTConsumer {
public:
  Consumer(FileRewrite &file, const SourceMapping &map, const LangOptions &lang)
      : file_(file), map_(map), lang_(lang) {}

  void HandleTranslationUnit(ASTContext &ctx) override {
    Visitor visitor(file_, map_, lang_, ctx);
    // Only what this file declares: the headers' declarations are not ours to walk (and are
    // most of the AST).
    for (clang::Decl *d : ctx.getTranslationUnitDecl()->decls())
      if (map_.expandsInMain(d->getLocation()) || map_.expandsInMain(d->getBeginLoc())) {
        visitor.TraverseDecl(d);
        if (file_.target() == "qiao") {
          rewriteWarpSynchronousStores(file_, map_, ctx, d);
          rewriteDevicePrintf(file_, map_, d);
        }
      }
    visitor.finish();
  }

private:
  FileRewrite &file_;
  const SourceMapping &map_;
  const LangOptions &lang_;
};

} // namespace

std::unique_ptr<clang::ASTConsumer> makeAstRewriter(FileRewrite &file, const SourceMapping &map,
                                                    const clang::LangOptions &lang) {
  return std::make_unique<Consumer>(file, map, lang);
}

} // namespace qiao::translate
