// Loading in-process (a crash there kills the driver, which is the report), launching in a
// forked child that the parent kills at the time limit (an endless loop is legal PTX, and the
// engine has no instruction budget).
#include "PtxCase.h"

#include "ptx/Engine.h"
#include "support/ErrorCodes.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace qiao::ptx::fuzz {
namespace {

// Device memory that is host memory, every block recorded so faults are found, not taken.
class FuzzMemory : public DeviceMemory {
public:
  ~FuzzMemory() override {
    for (auto &[addr, bytes] : blocks_)
      std::free(reinterpret_cast<void *>(addr));
  }
  void *allocateGlobal(uint64_t bytes) override {
    void *p = std::calloc(1, bytes ? bytes : 1);
    if (!p)
      return nullptr;
    std::lock_guard lock(mutex_);
    blocks_[reinterpret_cast<uint64_t>(p)] = bytes;
    return p;
  }
  void releaseGlobal(void *ptr) override {
    std::lock_guard lock(mutex_);
    blocks_.erase(reinterpret_cast<uint64_t>(ptr));
    std::free(ptr);
  }
  bool lookup(uint64_t addr, uint64_t bytes, uint64_t &base, uint64_t &size) const override {
    std::lock_guard lock(mutex_);
    auto it = blocks_.upper_bound(addr);
    if (it == blocks_.begin())
      return false;
    --it;
    if (addr + bytes < addr || addr + bytes > it->first + it->second)
      return false;
    base = it->first;
    size = it->second;
    return true;
  }

private:
  mutable std::mutex mutex_;
  std::map<uint64_t, uint64_t> blocks_;
};

// CUDA's limits, which the launch path enforces elsewhere: kernels past them are not run here.
constexpr uint64_t kMaxLocalBytes = 512 * 1024;
constexpr uint64_t kMaxSharedBytes = 48 * 1024;
constexpr uint32_t kMaxParamBytes = 32764;

// Parameters: 8-byte ones point into a zeroed buffer, 4-byte ones are small counts, the rest 0.
std::vector<uint8_t> makeParams(const KernelInfo &kernel, void *buffer) {
  std::vector<uint8_t> params(kernel.paramBytes, 0);
  for (const KernelParam &p : kernel.params) {
    if (p.offset + uint64_t{p.size} > params.size())
      continue;
    if (p.size == 8) {
      uint64_t v = reinterpret_cast<uint64_t>(buffer);
      std::memcpy(params.data() + p.offset, &v, 8);
    } else if (p.size == 4) {
      uint32_t v = 16;
      std::memcpy(params.data() + p.offset, &v, 4);
    }
  }
  return params;
}

// In the child: run every kernel that fits CUDA's limits on 2 blocks of 64 threads.
[[noreturn]] void launchAllAndExit(const Module &module, FuzzMemory &memory) {
  GridExecutor executor(1);
  void *buffer = memory.allocateGlobal(1 << 16);
  for (const KernelInfo &kernel : module.kernels()) {
    if (kernel.localBytes > kMaxLocalBytes || kernel.staticSharedBytes > kMaxSharedBytes ||
        kernel.paramBytes > kMaxParamBytes)
      continue;
    std::vector<uint8_t> params = makeParams(kernel, buffer);
    LaunchParams launch;
    launch.grid[0] = 2;
    launch.block[0] = kernel.maxThreadsPerBlock < 64 ? kernel.maxThreadsPerBlock : 64;
    launch.params = params.data();
    launch.paramBytes = params.size();
    executor.run(module, kernel, launch, memory);
  }
  std::_Exit(0);
}

CaseResult launchInChild(const Module &module, FuzzMemory &memory, uint32_t millis) {
  pid_t pid = fork();
  if (pid < 0)
    return {Outcome::Loaded, "fork failed"};
  if (pid == 0)
    launchAllAndExit(module, memory);
  // The parent keeps the clock: a signal the child might handle itself (libFuzzer installs a
  // SIGALRM handler, which a forked child inherits) cannot stretch the limit.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(millis);
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR)
      return {Outcome::Loaded, "waitpid failed"};
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      return {Outcome::TimedOut, {}};
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return {Outcome::Ran, {}};
  std::string why = WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                        : "exit status " + std::to_string(WEXITSTATUS(status));
  return {Outcome::ContractBroken, "a kernel launch crashed the process (" + why + ")"};
}

} // namespace

CaseResult runCase(std::string_view ptx, const CaseOptions &options) {
  FuzzMemory memory;
  auto module = Module::load(ptx, memory);
  if (!module) {
    int code = module.error().code;
    if (code != errc::qiaoErrorInvalidPtx && code != errc::qiaoErrorUnsupportedPtxVersion)
      return {Outcome::ContractBroken,
              "load failed with code " + std::to_string(code) + ": " + module.error().message};
    return {Outcome::Rejected, module.error().message};
  }
  if (!options.launch || module.value()->kernels().empty())
    return {Outcome::Loaded, {}};
  return launchInChild(*module.value(), memory, options.launchMillis);
}

} // namespace qiao::ptx::fuzz
