#include "Execute.h"

#include "OutputMatch.h"

#include <cstdio>
#include <regex>

namespace qiao::conform {
namespace {

constexpr size_t kTailBytes = 4096;

std::string tail(const std::string &text) {
  if (text.size() <= kTailBytes)
    return text;
  return "[...]" + text.substr(text.size() - kTailBytes);
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// A run that reached an entry point Qiao reports as missing took an error path the real driver
// would not take: it must not pass even when the program's own checks hold.
std::string missingPiece(const std::string &stderrText) {
  static const std::regex pattern(R"(qiao: [^\n]*(is not implemented|is not supported yet))");
  std::smatch match;
  if (std::regex_search(stderrText, match, pattern))
    return "reached a piece Qiao lacks: " + match.str();
  return "";
}

// The line of a build log that says what went wrong: the compiler's first error, else the first
// line (the command that failed, or why nothing could run).
std::string firstErrorLine(const std::string &log) {
  for (const std::string &line : splitLines(log))
    if (line.find("error") != std::string::npos && line.rfind("$ ", 0) != 0)
      return line;
  return log.substr(0, log.find('\n'));
}

} // namespace

void judgeRun(const Program &program, Mode mode, const ProcessResult &run, CaseResult &result) {
  result.seconds = run.seconds;
  // Translated programs print Qiao's names where CUDA's have cudaGetErrorName.
  const std::string out =
      mode == Mode::Translated
          ? replaceAll(replaceAll(run.out, "qiaoError", "cudaError"), "qiaoSuccess", "cudaSuccess")
          : run.out;
  result.details = "stdout:\n" + tail(run.out) + "\nstderr:\n" + tail(run.err);
  if (!run.started) {
    result.status = Status::Fail;
    result.message = run.startError;
  } else if (run.timedOut) {
    result.status = Status::Timeout;
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", program.timeoutSeconds);
    result.message = std::string("killed at its time limit of ") + limit + " s";
  } else if (run.signal) {
    result.status = Status::Crash;
    result.message = "killed by " + signalName(run.signal);
  } else {
    std::string problem = firstStdoutDifference(program.stdoutLines, out);
    if (run.exitCode != program.exitCode) {
      const std::string exit = "exit code " + std::to_string(run.exitCode) + ", expected " +
                               std::to_string(program.exitCode);
      problem = problem.empty() ? exit : problem + "; " + exit;
    }
    if (problem.empty())
      problem = missingStderrText(program.stderrTexts, run.err);
    if (problem.empty() && mode != Mode::Native)
      problem = missingPiece(run.err);
    result.status = problem.empty() ? Status::Pass : Status::Fail;
    result.message = problem;
  }
}

CaseResult runCase(const Program &program, Mode mode, const std::string &exec,
                   const Builder &builder, const RunEnvironment &environment,
                   const ExpectedFailures &expectedFailures) {
  CaseResult result;
  result.program = &program;
  result.mode = mode;
  result.exec = usesPtxEngine(mode) ? exec : "";
  if (mode == Mode::Native && !environment.nvidiaDriver) {
    result.status = Status::Skip;
    result.message = "skipped: no NVIDIA driver";
    return result;
  }
  const Build &build = builder.build(program, mode);
  if (!build.ok) {
    result.status = Status::BuildError;
    result.message = "build failed: " + firstErrorLine(build.log);
    result.details = build.log;
  } else {
    ProcessRequest request;
    if (usesPtxEngine(mode))
      request.argv = {environment.qiaoRun.string(), build.binary.string()};
    else
      request.argv = {build.binary.string()};
    request.environment = program.environment;
    if (usesPtxEngine(mode) && !exec.empty())
      request.environment.push_back("QIAO_EXEC=" + exec);
    request.timeoutSeconds = program.timeoutSeconds;
    const ProcessResult run = runProcess(request);
    judgeRun(program, mode, run, result);
    // QIAO_EXEC=check runs every launch on both backends and reports a difference on stderr:
    // that is a failure even when the program's own output is right.
    static const std::regex difference(R"((^|\n)(qiao: check: [^\n]*))");
    std::smatch match;
    if (exec == "check" && result.status == Status::Pass &&
        std::regex_search(run.err, match, difference)) {
      result.status = Status::Fail;
      result.message = "interpreter and kernel compiler differ: " + match.str(2);
    }
  }
  if (const std::optional<std::string> reason = expectedFailures.reason(program.id(), mode)) {
    if (result.status == Status::Pass) {
      result.status = Status::UnexpectedPass;
      result.message = "passes, but expected-failures.txt lists it: " + *reason;
    } else if (isProblem(result.status)) {
      result.message = "expected failure (" + *reason + "): " + result.message;
      result.status = Status::ExpectedFail;
    }
  }
  return result;
}

} // namespace qiao::conform
