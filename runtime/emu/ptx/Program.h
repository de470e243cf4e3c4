// A decoded PTX module: functions as arrays of Inst, the layout of every frame, the module's
// globals and the shared-memory window. Built by the decoder, read by the interpreter.
#pragma once

#include "Engine.h"
#include "Ir.h"
#include "NativeCode.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace qiao::ptx {

// Functions that the engine provides itself, called from PTX as extern .func: printf, assert,
// malloc/free, and the device runtime of dynamic parallelism (DeviceRuntime.def).
enum class Builtin : uint8_t {
  None,
  Vprintf,
  AssertFail,
  Malloc,
  Free,
#define QIAO_DEVICE_RUNTIME(builtin, ptxName, cudaName) builtin,
#include "DeviceRuntime.def"
#undef QIAO_DEVICE_RUNTIME
};

// One argument or return value moved at a call: between the caller's frame (a .param variable at
// an offset of its per-lane param area, or a register) and the callee's param area.
struct CallValue {
  bool inRegister = false;
  uint32_t callerLocation = 0; // param offset, or register slot when inRegister
  uint32_t calleeOffset = 0;   // offset in the callee's per-lane param area
  uint32_t size = 0;
};

struct CallSite {
  uint32_t callee = 0; // function index; ignored for indirect calls
  bool indirect = false;
  uint32_t targetSlot = kNoReg; // indirect: register holding the function address
  std::vector<CallValue> args;
  std::vector<CallValue> results;
};

struct Function {
  std::string name;
  bool isEntry = false;
  bool hasBody = false;
  Builtin builtin = Builtin::None;
  std::vector<Inst> code;
  std::vector<CallSite> calls;                          // Inst::aux of a Call indexes this
  uint32_t numRegs = 0;                                 // register slots, constants included
  std::vector<std::pair<uint32_t, uint64_t>> constants; // slot -> bits, set at frame creation
  // Per-lane param area of a .func frame: its params, its return values, and the .param
  // variables of the call sequences in its body.
  std::vector<uint32_t> paramOffsets; // .func parameters
  std::vector<uint32_t> paramSizes;
  std::vector<uint32_t> returnOffsets; // .func return values
  std::vector<uint32_t> returnSizes;
  uint32_t frameParamBytes = 0; // per lane, multiple of 8
  uint32_t localBytes = 0;      // per lane, the .local depot(s)
  uint32_t maxThreads = 0;      // .maxntid / .reqntid product, 0 when absent
  uint32_t clusterBlocks = 0;   // .reqnctapercluster product, 0 when absent
  bool explicitCluster = false; // .explicitcluster or .reqnctapercluster
};

struct GlobalVariable {
  std::string name;
  Space space = Space::Global; // Global or Const (Shared variables live in the window)
  uint8_t *address = nullptr;
  uint64_t bytes = 0;
};

class Program {
public:
  explicit Program(DeviceMemory &memory) : memory(memory) {}
  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  DeviceMemory &memory;
  std::vector<Function> functions;
  std::unordered_map<std::string, uint32_t> functionIndex;
  std::vector<GlobalVariable> globals;
  std::unordered_map<std::string, uint32_t> globalIndex;
  std::unordered_map<std::string, uint32_t> sharedOffsets; // module and demoted shared variables
  uint32_t staticSharedBytes = 0;
  uint32_t dynamicSharedOffset = 0; // where `.extern .shared` arrays start (16-aligned)
  std::vector<SourceInfo> sources;
  // Register slots of operands longer than an Inst holds (the eight-register destination of a
  // wmma.mma whose sources fill every operand): an exec function reads them from the index its
  // decoder left in the Inst.
  std::vector<uint32_t> registerLists;
  std::vector<KernelInfo> kernels;
  uint32_t ptxVersion = 0;
  uint32_t targetSm = 0;

  // Native code of function `index` (NativeCode.h), or null while it is interpreted. Read by the
  // interpreter without a lock; published once per function by the kernel compiler.
  const NativeFunction *native(uint32_t index) const {
    return native_ ? native_[index].load(std::memory_order_acquire) : nullptr;
  }
  void publishNative(uint32_t index, NativeFunction function) const;
  bool hasNative() const { return hasNative_.load(std::memory_order_acquire); }
  // Adds a launch's threads to the kernel's count and returns the new total (ExecMode::Auto).
  uint64_t countLaunch(uint32_t index, uint64_t threads) const;
  // Sizes the native table once the functions are known (the decoder calls it).
  void prepareNativeTable();
  // prepareNative's bookkeeping: which functions were tried, under nativeMutex.
  mutable std::mutex nativeMutex;
  mutable std::vector<uint8_t> nativeTried;
  // Runs prepareNative(kernelFunction) on a host thread of its own, once per kernel; launches go
  // on interpreted meanwhile and pick the code up when it is published. The program waits for
  // its compiles when destroyed, and the process for every compile when it exits.
  void compileInBackground(uint32_t kernelFunction) const;
  void joinCompilers() const; // the destructor's wait

  // Function "addresses" for indirect calls and function pointers: an unmapped range so that a
  // kernel dereferencing one faults instead of reading host memory.
  static constexpr uint64_t kFunctionAddressBase = 0xfff0000000000000ull;
  static uint64_t functionAddress(uint32_t index) { return kFunctionAddressBase + index * 16ull; }
  static bool functionFromAddress(uint64_t address, uint32_t count, uint32_t &index) {
    if (address < kFunctionAddressBase || (address - kFunctionAddressBase) % 16 != 0)
      return false;
    uint64_t i = (address - kFunctionAddressBase) / 16;
    if (i >= count)
      return false;
    index = static_cast<uint32_t>(i);
    return true;
  }

private:
  std::unique_ptr<std::atomic<const NativeFunction *>[]> native_;
  mutable std::vector<std::unique_ptr<NativeFunction>> nativeFunctions_; // under nativeMutex
  mutable std::atomic<bool> hasNative_{false};
  std::unique_ptr<std::atomic<uint64_t>[]> launchedThreads_;
  mutable std::vector<uint8_t> compileQueued_; // under nativeMutex
  mutable std::vector<std::thread> compilers_; // under nativeMutex
};

} // namespace qiao::ptx
