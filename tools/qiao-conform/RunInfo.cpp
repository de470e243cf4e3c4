#include "RunInfo.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <thread>

#ifndef QIAO_VERSION
#error "QIAO_VERSION must be the project's version"
#endif

namespace qiao::conform {
namespace {

std::string cpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line))
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  return "unknown CPU";
}

} // namespace

RunInfo describeRun(const std::string &modes, const std::vector<std::string> &execs) {
  RunInfo info;
  info.qiaoVersion = QIAO_VERSION;
  char host[256] = "unknown host";
  gethostname(host, sizeof host - 1);
  utsname system{};
  uname(&system);
  info.machine = std::string(host) + ", " + cpuModel() + ", " +
                 std::to_string(std::thread::hardware_concurrency()) + " cores, " + system.sysname +
                 " " + system.release + " " + system.machine;
  const std::time_t now = std::time(nullptr);
  char date[64];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&now));
  info.date = date;
  info.modes = modes;
  for (const std::string &exec : execs)
    info.execs += (info.execs.empty() ? "" : ",") + exec;
  info.multipleExecs = execs.size() > 1;
  return info;
}

} // namespace qiao::conform
