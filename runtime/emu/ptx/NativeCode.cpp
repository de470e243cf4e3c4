// The engine's side of the kernel compiler: the execution mode, loading libqiao-jit.so, the
// helpers native code calls back, and compiling a kernel before its first launch.
#include "NativeCode.h"

#include "BlockRunner.h"
#include "Program.h"
#include "Warp.h"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

namespace qiao::ptx {
namespace {

// Native code has no unwind tables: an exception thrown below a helper is kept on the warp and
// the helper reports a fault; the interpreter rethrows it once native code has returned.
bool nativeFallback(Warp *warp, const Inst *inst, uint32_t exec) {
  if (warp->nativeException())
    return true;
  try {
    if (exec != 0)
      inst->exec(*warp, *inst, exec);
  } catch (...) {
    warp->nativeException() = std::current_exception();
    return true;
  }
  return warp->faulted();
}

bool nativeGlobalRange(Warp *warp, uint64_t lo, uint64_t hi) {
  try {
    return warp->globalRange(lo, hi);
  } catch (...) {
    warp->nativeException() = std::current_exception();
    return false; // the slow path's fallback then reports the fault
  }
}

void nativeDeferAdd(Warp *warp, uint64_t address, uint64_t operand, uint32_t kind) {
  warp->block().deferredAdds().add(address, operand, static_cast<DeferredAddKind>(kind));
}

// The directory of the file that holds this code (libqiao-driver-emu.so, or a test program that
// links the engine statically), with a trailing slash.
std::string ownDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void *>(&nativeFallback), &info) == 0 || !info.dli_fname)
    return {};
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

using CreateFn = KernelCompiler *(*)(const NativeHelpers *, std::string *);

KernelCompiler *loadCompiler() {
  static const NativeHelpers helpers{nativeFallback, nativeGlobalRange, nativeDeferAdd};
  std::string dir = ownDirectory();
  // Beside libqiao-driver-emu.so in build/lib; a program in build/bin finds it in ../lib.
  const std::string candidates[] = {dir + "libqiao-jit.so", dir + "../lib/libqiao-jit.so",
                                    "libqiao-jit.so"};
  std::string reasons;
  for (const std::string &path : candidates) {
    void *library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      reasons += std::string("\n  ") + dlerror();
      continue;
    }
    auto create = reinterpret_cast<CreateFn>(dlsym(library, "qiaoCreateKernelCompiler"));
    if (!create) {
      reasons += "\n  " + path + ": no qiaoCreateKernelCompiler";
      continue;
    }
    std::string error;
    if (KernelCompiler *compiler = create(&helpers, &error))
      return compiler; // lives as long as the process: LLVM's own statics outlive us otherwise
    reasons += "\n  " + path + ": " + error;
  }
  std::fprintf(stderr, "qiao: the kernel compiler could not be loaded; kernels are interpreted%s\n",
               reasons.c_str());
  return nullptr;
}

} // namespace

ExecMode execMode() {
  static const ExecMode mode = [] {
    const char *value = std::getenv("QIAO_EXEC");
    if (!value || !*value || std::strcmp(value, "auto") == 0)
      return ExecMode::Auto;
    if (std::strcmp(value, "interp") == 0)
      return ExecMode::Interp;
    if (std::strcmp(value, "jit") == 0)
      return ExecMode::Jit;
    if (std::strcmp(value, "check") == 0)
      return ExecMode::Check;
    std::fprintf(stderr, "qiao: QIAO_EXEC=%s is not one of auto, jit, interp, check; using auto\n",
                 value);
    return ExecMode::Auto;
  }();
  return mode;
}

KernelCompiler *kernelCompiler() {
  static KernelCompiler *compiler = loadCompiler();
  return compiler;
}

void Program::prepareNativeTable() {
  native_ = std::make_unique<std::atomic<const NativeFunction *>[]>(functions.size());
  launchedThreads_ = std::make_unique<std::atomic<uint64_t>[]>(functions.size());
  nativeTried.assign(functions.size(), 0);
  compileQueued_.assign(functions.size(), 0);
}

uint64_t Program::countLaunch(uint32_t index, uint64_t threads) const {
  return launchedThreads_[index].fetch_add(threads, std::memory_order_relaxed) + threads;
}

void beforeLaunch(const Program &program, uint32_t kernelFunction, uint64_t threads) {
  switch (execMode()) {
  case ExecMode::Interp:
    return;
  case ExecMode::Jit:
  case ExecMode::Check:
    prepareNative(program, kernelFunction);
    return;
  case ExecMode::Auto:
    if (program.native(kernelFunction) != nullptr)
      return;
    if (threads >= kAutoCompileNowThreads &&
        program.functions[kernelFunction].code.size() <= kAutoCompileNowInstructions)
      prepareNative(program, kernelFunction);
    else if (program.countLaunch(kernelFunction, threads) >= kAutoCompileThreads)
      program.compileInBackground(kernelFunction);
    return;
  }
}

void Program::publishNative(uint32_t index, NativeFunction function) const {
  nativeFunctions_.push_back(std::make_unique<NativeFunction>(std::move(function)));
  native_[index].store(nativeFunctions_.back().get(), std::memory_order_release);
  hasNative_.store(true, std::memory_order_release);
}

namespace {
// Background compiles still running in the process. The exit handler waits for them: it is
// registered after the compiler library was loaded, so it runs before LLVM's own destructors.
struct BackgroundCompiles {
  std::mutex mutex;
  std::condition_variable idle;
  unsigned running = 0;
};
BackgroundCompiles &backgroundCompiles() {
  static BackgroundCompiles *compiles = new BackgroundCompiles; // outlives every exit handler
  return *compiles;
}
void waitForBackgroundCompiles() {
  BackgroundCompiles &c = backgroundCompiles();
  std::unique_lock lock(c.mutex);
  c.idle.wait(lock, [&] { return c.running == 0; });
}
} // namespace

void Program::compileInBackground(uint32_t kernelFunction) const {
  if (!kernelCompiler())
    return; // loads the library first (see BackgroundCompiles), or reports once that it cannot
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(waitForBackgroundCompiles); });
  std::lock_guard lock(nativeMutex);
  if (kernelFunction >= compileQueued_.size() || compileQueued_[kernelFunction] ||
      nativeTried[kernelFunction])
    return;
  compileQueued_[kernelFunction] = 1;
  BackgroundCompiles &c = backgroundCompiles();
  {
    std::lock_guard count(c.mutex);
    ++c.running;
  }
  auto compile = [this, kernelFunction, &c] {
    prepareNative(*this, kernelFunction);
    std::lock_guard count(c.mutex);
    if (--c.running == 0)
      c.idle.notify_all();
  };
  try {
    compilers_.emplace_back(compile);
  } catch (const std::exception &) {
    // No thread to be had: the kernel stays interpreted, and a later launch asks again.
    std::lock_guard count(c.mutex);
    --c.running;
    compileQueued_[kernelFunction] = 0;
  }
}

void Program::joinCompilers() const {
  std::vector<std::thread> running;
  {
    std::lock_guard lock(nativeMutex);
    running.swap(compilers_);
  }
  for (std::thread &t : running)
    t.join();
}

void prepareNative(const Program &program, uint32_t kernelFunction) {
  std::lock_guard lock(program.nativeMutex);
  if (kernelFunction >= program.nativeTried.size() || program.nativeTried[kernelFunction])
    return;
  KernelCompiler *compiler = kernelCompiler();
  if (!compiler) {
    program.nativeTried.assign(program.nativeTried.size(), 1);
    return;
  }
  // The kernel and every function it may call directly or indirectly through direct calls.
  std::vector<uint32_t> pending{kernelFunction};
  while (!pending.empty()) {
    uint32_t index = pending.back();
    pending.pop_back();
    if (program.nativeTried[index])
      continue;
    program.nativeTried[index] = 1;
    const Function &function = program.functions[index];
    if (!function.hasBody || function.builtin != Builtin::None)
      continue;
    for (const CallSite &site : function.calls)
      if (!site.indirect && site.callee < program.functions.size())
        pending.push_back(site.callee);
    Expected<NativeFunction> native = compiler->compile(program, index);
    if (!native) {
      std::fprintf(stderr, "qiao: %s; '%s' is interpreted\n", native.error().message.c_str(),
                   function.name.c_str());
      continue;
    }
    program.publishNative(index, std::move(*native));
  }
}

} // namespace qiao::ptx
