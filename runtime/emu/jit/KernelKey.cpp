// The kernel cache's key: the decoded function serialised field by field, the compiler's
// identity, the CPU.
#include "KernelKey.h"

#include <llvm-c/TargetMachine.h>
#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/BLAKE3.h>
#include <llvm/Support/MemoryBuffer.h>

#include <cstring>
#include <elf.h>
#include <link.h>
#include <set>
#include <type_traits>

namespace qiao::jit {
namespace {

// Bump when the key's serialisation itself changes.
constexpr const char *kKeyFormat = "qiao-kernel-key-3";

// A field added to one of these changes its size and stops the build here: add the field to the
// serialisation below (a field the key misses lets two different kernels share an object), then
// the size.
static_assert(sizeof(ptx::Operand) == 48, "serialise the new Operand field in the kernel key");
static_assert(sizeof(ptx::Inst) == 336, "serialise the new Inst field in the kernel key");
static_assert(sizeof(ptx::CallValue) == 16, "serialise the new CallValue field in the kernel key");
static_assert(sizeof(ptx::CallSite) == 64, "serialise the new CallSite field in the kernel key");
static_assert(sizeof(ptx::Function) == 240, "serialise the new Function field in the kernel key");

// Appends values as fixed-width little-endian bytes (x86-64 and AArch64 hosts are both little
// endian, and a key never travels between hosts: it names the CPU) and every sequence with its
// length first, so that two different inputs never serialise to the same bytes.
class KeyWriter {
public:
  template <typename T> void put(T value) {
    static_assert(std::is_integral_v<T> || std::is_enum_v<T>);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void put(const std::string &text) {
    put(static_cast<uint64_t>(text.size()));
    out_ += text;
  }
  template <typename T> void put(const std::vector<T> &values) {
    put(static_cast<uint64_t>(values.size()));
    for (const T &value : values)
      put(value);
  }
  template <typename A, typename B> void put(const std::pair<A, B> &pair) {
    put(pair.first);
    put(pair.second);
  }
  void put(const ptx::Operand &op) {
    put(op.kind);
    put(op.negated);
    put(op.frameRelative);
    put(op.count);
    put(op.special);
    put(op.reg);
    put(op.offset);
    put(op.imm);
    for (uint32_t elem : op.elems)
      put(elem);
  }
  // Every field but exec, a host address that differs between processes: native code reaches
  // the exec function through the Inst at run time, and the decoder picks it from the fields.
  void put(const ptx::Inst &inst) {
    put(inst.control);
    put(inst.op);
    put(inst.mods);
    put(inst.type);
    put(inst.type2);
    put(inst.rounding);
    put(inst.cmp);
    put(inst.boolOp);
    put(inst.space);
    put(inst.vec);
    put(inst.numOps);
    put(inst.sat);
    put(inst.ftz);
    put(inst.approx);
    put(inst.guardNegated);
    put(inst.guard);
    put(inst.target);
    put(inst.aux);
    put(inst.aux2);
    put(inst.source);
    for (const ptx::Operand &op : inst.ops)
      put(op);
  }
  void put(const ptx::CallValue &value) {
    put(value.inRegister);
    put(value.callerLocation);
    put(value.calleeOffset);
    put(value.size);
  }
  void put(const ptx::CallSite &call) {
    put(call.callee);
    put(call.indirect);
    put(call.targetSlot);
    put(call.args);
    put(call.results);
  }
  void put(const ptx::Function &function) {
    put(function.name);
    put(function.isEntry);
    put(function.hasBody);
    put(function.builtin);
    put(function.code);
    put(function.calls);
    put(function.numRegs);
    put(function.constants);
    put(function.paramOffsets);
    put(function.paramSizes);
    put(function.returnOffsets);
    put(function.returnSizes);
    put(function.frameParamBytes);
    put(function.localBytes);
    put(function.maxThreads);
    put(function.clusterBlocks);
    put(function.explicitCluster);
  }

  const std::string &bytes() const { return out_; }

private:
  std::string out_;
};

// --- the compiler's identity -----------------------------------------------------------------

// The loaded object that maps `address`, and its build-id note if it has one.
struct LoadedObject {
  const void *address = nullptr;
  std::string path;
  std::string buildId; // hex, empty when the object has no NT_GNU_BUILD_ID note
  bool found = false;
};

std::string buildIdNote(const dl_phdr_info *info) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE)
      continue;
    const char *at = reinterpret_cast<const char *>(info->dlpi_addr + segment.p_vaddr);
    const char *end = at + segment.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      ElfW(Nhdr) note;
      std::memcpy(&note, at, sizeof(note));
      const char *name = at + sizeof(note);
      const char *desc = name + ((note.n_namesz + 3) & ~3u);
      const char *next = desc + ((note.n_descsz + 3) & ~3u);
      if (next > end)
        break;
      if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0)
        return llvm::toHex(
            llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(desc), note.n_descsz), true);
      at = next;
    }
  }
  return {};
}

int findObject(dl_phdr_info *info, size_t, void *data) {
  auto *object = static_cast<LoadedObject *>(data);
  const auto address = reinterpret_cast<uintptr_t>(object->address);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &segment = info->dlpi_phdr[i];
    uintptr_t begin = info->dlpi_addr + segment.p_vaddr;
    if (segment.p_type != PT_LOAD || address < begin || address >= begin + segment.p_memsz)
      continue;
    object->found = true;
    object->path = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : "/proc/self/exe";
    object->buildId = buildIdNote(info);
    return 1;
  }
  return 0;
}

// "build-id:HEX" or "file:HASH" for the object that maps `address`; empty when unknown.
std::string identityOf(const void *address) {
  LoadedObject object;
  object.address = address;
  dl_iterate_phdr(findObject, &object);
  if (!object.found)
    return {};
  if (!object.buildId.empty())
    return "build-id:" + object.buildId;
  auto file = llvm::MemoryBuffer::getFile(object.path, false, false);
  if (!file)
    return {};
  llvm::BLAKE3 hash;
  hash.update((*file)->getBuffer());
  return "file:" + llvm::toHex(hash.final(), true);
}

} // namespace

const std::string &compilerIdentity() {
  // Never destroyed: a compile on a background thread may still key the cache while the process
  // runs its exit handlers (the engine waits for such compiles in one of them).
  static const std::string *identity = [] {
    std::string own = identityOf(reinterpret_cast<const void *>(&compilerIdentity));
    // LLVM's code generator: the object holding one of its functions (the same object as ours
    // when LLVM is linked statically).
    std::string llvm = identityOf(reinterpret_cast<const void *>(&LLVMCreateTargetMachine));
    if (own.empty() || llvm.empty())
      return new std::string();
    return new std::string(own == llvm ? own : own + " " + llvm);
  }();
  return *identity;
}

uint32_t declaredParamBytes(const ptx::Program &program, uint32_t index) {
  for (const ptx::KernelInfo &kernel : program.kernels)
    if (kernel.index == index)
      return kernel.paramBytes;
  return 0;
}

std::string kernelKey(const ptx::Program &program, uint32_t index, const std::string &compiler,
                      const std::string &cpu, const std::string &features) {
  KeyWriter key;
  key.put(std::string(kKeyFormat));
  key.put(compiler);
  key.put(cpu);
  key.put(features);
  key.put(declaredParamBytes(program, index));
  // The function, then each direct callee it reaches, once each, in a fixed order.
  std::vector<uint32_t> pending{index};
  std::set<uint32_t> seen{index};
  while (!pending.empty()) {
    uint32_t next = pending.back();
    pending.pop_back();
    const ptx::Function &function = program.functions[next];
    key.put(next);
    key.put(function);
    for (const ptx::CallSite &call : function.calls)
      if (!call.indirect && call.callee < program.functions.size() &&
          seen.insert(call.callee).second)
        pending.push_back(call.callee);
  }
  llvm::BLAKE3 hash;
  hash.update(key.bytes());
  return llvm::toHex(hash.final(), true);
}

} // namespace qiao::jit
