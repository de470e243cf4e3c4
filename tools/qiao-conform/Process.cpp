#include "Process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>

extern char **environ;

namespace qiao::conform {
namespace {

using Clock = std::chrono::steady_clock;

// This process's environment with the request's entries replacing those of the same name.
std::vector<std::string> mergedEnvironment(const std::vector<std::string> &overrides) {
  std::map<std::string, std::string> byName;
  auto add = [&](const std::string &entry) {
    const size_t equals = entry.find('=');
    byName[entry.substr(0, equals)] = entry;
  };
  for (char **entry = environ; *entry; ++entry)
    add(*entry);
  for (const std::string &entry : overrides)
    add(entry);
  std::vector<std::string> merged;
  for (auto &[name, entry] : byName)
    merged.push_back(entry);
  return merged;
}

std::vector<char *> pointers(std::vector<std::string> &strings) {
  std::vector<char *> result;
  for (std::string &s : strings)
    result.push_back(s.data());
  result.push_back(nullptr);
  return result;
}

void closeBoth(int fds[2]) {
  for (int i = 0; i < 2; ++i)
    if (fds[i] >= 0)
      close(fds[i]);
}

// Appends what is available on fd; false at end of file.
bool drain(int fd, std::string &into, size_t limit) {
  char buffer[65536];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n < 0)
    return errno == EINTR || errno == EAGAIN;
  if (n == 0)
    return false;
  if (into.size() < limit)
    into.append(buffer, std::min<size_t>(static_cast<size_t>(n), limit - into.size()));
  return true;
}

} // namespace

std::string signalName(int signal) {
  if (const char *abbrev = sigabbrev_np(signal))
    return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal);
}

ProcessResult runProcess(const ProcessRequest &request) {
  ProcessResult result;
  const auto start = Clock::now();
  int outPipe[2] = {-1, -1};
  int errPipe[2] = {-1, -1};
  if (pipe2(outPipe, O_CLOEXEC) != 0 || pipe2(errPipe, O_CLOEXEC) != 0) {
    result.startError = std::string("pipe: ") + std::strerror(errno);
    closeBoth(outPipe);
    closeBoth(errPipe);
    return result;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // A group of its own, so that the kill at the time limit reaches the program's children too
  // (qiao-run's child, a build's compiler passes); default signal dispositions, so a program that
  // relies on SIGPIPE or SIGINT behaves as when run from a shell.
  sigset_t all;
  sigfillset(&all);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> argv = request.argv;
  std::vector<std::string> environment = mergedEnvironment(request.environment);
  std::vector<char *> argvPointers = pointers(argv);
  std::vector<char *> environmentPointers = pointers(environment);
  pid_t pid = -1;
  const int spawned = argv.empty() ? EINVAL
                                   : posix_spawnp(&pid, argvPointers[0], &actions, &attributes,
                                                  argvPointers.data(), environmentPointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(outPipe[1]);
  close(errPipe[1]);
  if (spawned != 0) {
    result.startError = "cannot run " + (argv.empty() ? std::string("(nothing)") : argv[0]) + ": " +
                        std::strerror(spawned);
    close(outPipe[0]);
    close(errPipe[0]);
    return result;
  }
  result.started = true;

  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(request.timeoutSeconds));
  bool outOpen = true, errOpen = true, exited = false;
  int status = 0;
  while (!exited || outOpen || errOpen) {
    if (!exited) {
      // Seen but not reaped: the group's id cannot be reused before the kill below.
      siginfo_t info{};
      if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) {
        // Whatever the program left running in its group (a daemonised child holding the pipes)
        // must not keep the runner waiting.
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
        exited = true;
      }
    }
    if (!exited && Clock::now() >= deadline) {
      result.timedOut = true;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      exited = true;
    }
    pollfd fds[2];
    nfds_t count = 0;
    if (outOpen)
      fds[count++] = {outPipe[0], POLLIN, 0};
    if (errOpen)
      fds[count++] = {errPipe[0], POLLIN, 0};
    if (count == 0) {
      if (!exited)
        usleep(2000);
      continue;
    }
    // Short waits: the loop also watches the child and the deadline.
    if (poll(fds, count, exited ? 200 : 20) <= 0) {
      if (exited) // the group is dead; nothing more can arrive
        break;
      continue;
    }
    if (exited && Clock::now() >= deadline + std::chrono::seconds(1)) {
      // Something outside the group still writes to the pipes: stop listening.
      break;
      continue;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      const bool isOut = fds[i].fd == outPipe[0];
      if (!drain(fds[i].fd, isOut ? result.out : result.err, request.outputLimit))
        (isOut ? outOpen : errOpen) = false;
    }
  }
  close(outPipe[0]);
  close(errPipe[0]);
  if (WIFEXITED(status))
    result.exitCode = WEXITSTATUS(status);
  else if (WIFSIGNALED(status))
    result.signal = WTERMSIG(status);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

} // namespace qiao::conform
