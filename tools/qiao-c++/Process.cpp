#include "Process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace qiao_cxx {

int run(const std::vector<std::string> &command, const std::string &stderrPath) {
  std::vector<std::string> owned = command;
  std::vector<char *> args;
  for (std::string &arg : owned)
    args.push_back(arg.data());
  args.push_back(nullptr);
  pid_t child = fork();
  if (child < 0) {
    std::perror("qiao-c++: fork");
    return 1;
  }
  if (child == 0) {
    if (!stderrPath.empty()) {
      int fd = open(stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        dup2(fd, STDERR_FILENO);
        close(fd);
      }
    }
    execvp(args[0], args.data());
    std::fprintf(stderr, "qiao-c++: cannot run %s\n", args[0]);
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0)
    if (errno != EINTR)
      return 1;
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string shellLine(const std::vector<std::string> &command) {
  std::string line;
  for (const std::string &arg : command) {
    if (!line.empty())
      line += ' ';
    if (!arg.empty() && arg.find_first_of(" \t\"'\\$()<>|;&*?") == std::string::npos) {
      line += arg;
      continue;
    }
    line += '\'';
    for (char c : arg) {
      if (c == '\'')
        line += "'\\''";
      else
        line += c;
    }
    line += '\'';
  }
  return line;
}

} // namespace qiao_cxx
