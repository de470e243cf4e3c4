// PTX's comparison operators (setp, set, slct...) as LLVM predicates: the one table the kernel
// compiler and Qiao kernel IR both lower comparisons with. Ordered float comparisons are false
// when either operand is NaN, their `u` forms true; lo/ls/hi/hs compare unsigned whatever the
// type; the other integer forms follow the type's signedness.
#pragma once

#include "Ir.h"

#include <llvm/IR/InstrTypes.h>

#include <optional>

namespace qiao::lowering {

inline std::optional<llvm::CmpInst::Predicate> comparePredicate(ptx::CmpOp op, bool isFloat,
                                                                bool isSigned) {
  using P = llvm::CmpInst::Predicate;
  using ptx::CmpOp;
  auto pick = [&](P real, P sint, P uint) { return isFloat ? real : isSigned ? sint : uint; };
  std::optional<P> p;
  switch (op) {
  case CmpOp::Eq:
    p = pick(P::FCMP_OEQ, P::ICMP_EQ, P::ICMP_EQ);
    break;
  case CmpOp::Ne:
    p = pick(P::FCMP_ONE, P::ICMP_NE, P::ICMP_NE);
    break;
  case CmpOp::Lt:
    p = pick(P::FCMP_OLT, P::ICMP_SLT, P::ICMP_ULT);
    break;
  case CmpOp::Le:
    p = pick(P::FCMP_OLE, P::ICMP_SLE, P::ICMP_ULE);
    break;
  case CmpOp::Gt:
    p = pick(P::FCMP_OGT, P::ICMP_SGT, P::ICMP_UGT);
    break;
  case CmpOp::Ge:
    p = pick(P::FCMP_OGE, P::ICMP_SGE, P::ICMP_UGE);
    break;
  case CmpOp::Lo:
    p = P::ICMP_ULT;
    break;
  case CmpOp::Ls:
    p = P::ICMP_ULE;
    break;
  case CmpOp::Hi:
    p = P::ICMP_UGT;
    break;
  case CmpOp::Hs:
    p = P::ICMP_UGE;
    break;
  case CmpOp::Equ:
    p = P::FCMP_UEQ;
    break;
  case CmpOp::Neu:
    p = P::FCMP_UNE;
    break;
  case CmpOp::Ltu:
    p = P::FCMP_ULT;
    break;
  case CmpOp::Leu:
    p = P::FCMP_ULE;
    break;
  case CmpOp::Gtu:
    p = P::FCMP_UGT;
    break;
  case CmpOp::Geu:
    p = P::FCMP_UGE;
    break;
  case CmpOp::Num:
    p = P::FCMP_ORD;
    break;
  case CmpOp::Nan:
    p = P::FCMP_UNO;
    break;
  default:
    break;
  }
  // An integer comparison of floats or a float one of integers does not exist in PTX.
  if (p && llvm::CmpInst::isFPPredicate(*p) != isFloat)
    return std::nullopt;
  return p;
}

} // namespace qiao::lowering
