#include "CaseResult.h"

namespace qiao::conform {

std::string_view statusName(Status status) {
  switch (status) {
  case Status::Pass:
    return "pass";
  case Status::Fail:
    return "fail";
  case Status::Timeout:
    return "timeout";
  case Status::Crash:
    return "crash";
  case Status::BuildError:
    return "build-error";
  case Status::Skip:
    return "skip";
  case Status::ExpectedFail:
    return "xfail";
  case Status::UnexpectedPass:
    return "xpass";
  }
  return "?";
}

bool isProblem(Status status) {
  return status == Status::Fail || status == Status::Timeout || status == Status::Crash ||
         status == Status::BuildError || status == Status::UnexpectedPass;
}

} // namespace qiao::conform
