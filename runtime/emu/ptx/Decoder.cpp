// Module-level decoding: functions, globals and their initialisers, the shared window; then each
// body through FunctionBuilder and the opcode table.
#include "Decoder.h"

#include "FunctionBuilder.h"
#include "InstDecoder.h"
#include "support/ErrorCodes.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

namespace qiao::ptx {
namespace {

uint64_t alignUp(uint64_t value, uint64_t align) { return (value + align - 1) / align * align; }

Error declarationError(const ast::SourceLoc &loc, const std::string &what) {
  return Error{errc::qiaoErrorInvalidPtx,
               "line " + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " + what};
}

Builtin builtinFor(const std::string &name) {
  if (name == "vprintf")
    return Builtin::Vprintf;
  if (name == "__assertfail")
    return Builtin::AssertFail;
  if (name == "malloc")
    return Builtin::Malloc;
  if (name == "free")
    return Builtin::Free;
#define QIAO_DEVICE_RUNTIME(builtin, ptxName, cudaName)                                            \
  if (name == ptxName)                                                                             \
    return Builtin::builtin;
#include "DeviceRuntime.def"
#undef QIAO_DEVICE_RUNTIME
  return Builtin::None;
}

// The device runtime's unit (libcudadevrt) defines these over NVIDIA's driver calls; the engine
// replaces such a definition with its own builtin.
bool isDeviceRuntimeBuiltin(Builtin builtin) {
  return builtin != Builtin::None && builtin != Builtin::Vprintf &&
         builtin != Builtin::AssertFail && builtin != Builtin::Malloc && builtin != Builtin::Free;
}

class ModuleDecoder {
public:
  ModuleDecoder(const ast::Module &module, DeviceMemory &memory)
      : source_(module), program_(std::make_unique<Program>(memory)) {}

  Expected<std::unique_ptr<Program>> run() {
    program_->ptxVersion = source_.versionMajor * 10 + source_.versionMinor;
    for (const std::string &target : source_.targets)
      if (target.starts_with("sm_") || target.starts_with("compute_"))
        program_->targetSm =
            static_cast<uint32_t>(std::atoi(target.c_str() + target.find('_') + 1));
    if (source_.versionMajor > 9)
      return Error{errc::qiaoErrorUnsupportedPtxVersion,
                   "PTX ISA " + std::to_string(source_.versionMajor) + "." +
                       std::to_string(source_.versionMinor) + " is newer than this engine (9.x)"};
    if (Status s = collectFunctions(); !s)
      return s.error();
    if (Status s = layoutShared(); !s)
      return s.error();
    if (Status s = allocateGlobals(); !s)
      return s.error();
    if (Status s = initialiseGlobals(); !s)
      return s.error();
    if (Status s = decodeBodies(); !s)
      return s.error();
    for (KernelInfo &kernel : program_->kernels) {
      const Function &fn = program_->functions[kernel.index];
      kernel.staticSharedBytes = kernelSharedBytes_[kernel.index];
      kernel.localBytes = fn.localBytes;
      if (fn.maxThreads)
        kernel.maxThreadsPerBlock = fn.maxThreads;
      kernel.numRegs = physicalRegisters(fn.numRegs, kernel.maxThreadsPerBlock);
      kernel.clusterBlocks = std::max<uint32_t>(fn.clusterBlocks, 1);
      const ClusterShape &shape = clusterShapes_[kernel.index];
      std::copy_n(shape.dims, 3, kernel.clusterDims);
      kernel.maxClusterRank = shape.maxRank;
      kernel.explicitCluster = fn.explicitCluster;
    }
    return std::move(program_);
  }

private:
  // What ptxas would give the kernel: PTX's virtual registers overstate it (nvcc numbers every
  // value), and ptxas keeps a block of the kernel's largest size (its .maxntid, else 1024 threads)
  // resident on one multiprocessor of sm_80 (65536 registers, allocated 8 per thread at a time).
  // Occupancy and cudaFuncGetAttributes see this count; a kernel with launch bounds then never
  // reports 0 blocks per multiprocessor for a block size it accepts.
  static uint32_t physicalRegisters(uint32_t virtualRegisters, uint32_t maxThreads) {
    constexpr uint32_t kRegisterFile = 65536, kMaxPerThread = 255;
    uint32_t threads = (std::max<uint32_t>(maxThreads, 1) + 31) / 32 * 32;
    uint32_t fitting = kRegisterFile / threads / 8 * 8;
    return std::min({virtualRegisters, kMaxPerThread, fitting});
  }

  // Each name gets one function; a definition replaces an earlier prototype.
  Status collectFunctions() {
    for (size_t i = 0; i < source_.functions.size(); ++i) {
      const ast::Function &f = source_.functions[i];
      auto it = program_->functionIndex.find(f.name);
      uint32_t index;
      if (it == program_->functionIndex.end()) {
        index = static_cast<uint32_t>(program_->functions.size());
        program_->functions.emplace_back();
        sourceOf_.push_back(&f);
        program_->functionIndex[f.name] = index;
      } else {
        index = it->second;
        if (f.hasBody && sourceOf_[index]->hasBody)
          return declarationError(f.loc, "function '" + f.name + "' defined twice");
        if (f.hasBody)
          sourceOf_[index] = &f;
      }
      Function &fn = program_->functions[index];
      fn.name = f.name;
      fn.isEntry = f.isEntry;
      fn.hasBody = sourceOf_[index]->hasBody;
      uint32_t threads = 1;
      const uint32_t *dims = f.reqntid[0] ? f.reqntid : f.maxntid;
      for (int d = 0; d < 3; ++d)
        threads *= dims[d] ? dims[d] : 1;
      fn.maxThreads = dims[0] ? threads : 0;
      uint32_t clusterBlocks = 1;
      for (uint32_t extent : f.reqnctapercluster)
        clusterBlocks *= extent ? extent : 1;
      fn.clusterBlocks = f.reqnctapercluster[0] ? clusterBlocks : 0;
      ClusterShape &shape = clusterShapes_[static_cast<uint32_t>(index)];
      for (int d = 0; d < 3 && f.reqnctapercluster[0]; ++d)
        shape.dims[d] = f.reqnctapercluster[d] ? f.reqnctapercluster[d] : 1;
      shape.maxRank = f.maxclusterrank;
      fn.explicitCluster = f.explicitCluster;
    }
    for (size_t index = 0; index < program_->functions.size(); ++index) {
      Function &fn = program_->functions[index];
      if (fn.hasBody && !fn.isEntry && isDeviceRuntimeBuiltin(builtinFor(fn.name)))
        fn.hasBody = false;
      if (!fn.hasBody) {
        fn.builtin = builtinFor(fn.name);
        if (fn.builtin == Builtin::None && fn.isEntry)
          return declarationError(sourceOf_[index]->loc, "kernel '" + fn.name + "' has no body");
      }
    }
    return Status::ok();
  }

  // Shared memory. Every .shared variable (module scope, or demoted into a function) gets one
  // offset, valid in every kernel that reaches it through calls; variables that no kernel uses
  // together may overlap, so each kernel's static size is what it uses, as CUDA reports it.
  // `.extern .shared` arrays all start after the largest static area.
  struct SharedVar {
    std::string key; // the name, or "function::name" for a demoted variable
    uint64_t bytes = 0;
    uint32_t align = 1;
    uint64_t offset = 0;
    std::vector<uint32_t> kernels; // kernels (function indices) that reach it
  };

  Status layoutShared() {
    std::vector<SharedVar> vars;
    std::unordered_map<std::string, size_t> byKey;
    auto add = [&](const ast::Variable &v, const std::string &key) {
      if (v.isExtern || (v.dims.size() == 1 && v.dims[0] == 0)) {
        dynamicShared_.push_back(key);
        return;
      }
      byKey[key] = vars.size();
      vars.push_back({key, variableBytes(v), variableAlign(v), 0, {}});
    };
    for (const ast::Variable &v : source_.globals)
      if (v.space == ast::StateSpace::Shared)
        add(v, v.name);
    for (const ast::Function *f : sourceOf_)
      for (const ast::Statement &st : f->body)
        if (st.kind == ast::Statement::Kind::Declaration &&
            st.declaration.space == ast::StateSpace::Shared)
          add(st.declaration, f->name + "::" + st.declaration.name);

    // Which variables each function names, and which functions it calls or takes the address of.
    size_t count = program_->functions.size();
    std::vector<std::vector<size_t>> uses(count);
    std::vector<std::vector<uint32_t>> callees(count);
    std::vector<bool> addressTaken(count, false);
    auto note = [&](uint32_t fn, const std::string &name, bool isCallee) {
      auto demoted = byKey.find(program_->functions[fn].name + "::" + name);
      if (demoted != byKey.end())
        return uses[fn].push_back(demoted->second);
      if (auto global = byKey.find(name); global != byKey.end())
        return uses[fn].push_back(global->second);
      if (auto f = program_->functionIndex.find(name); f != program_->functionIndex.end()) {
        callees[fn].push_back(f->second);
        if (!isCallee)
          addressTaken[f->second] = true;
      }
    };
    for (uint32_t fn = 0; fn < count; ++fn) {
      for (const ast::Statement &st : sourceOf_[fn]->body) {
        if (st.kind != ast::Statement::Kind::Instruction)
          continue;
        const ast::Instruction &inst = st.instruction;
        for (size_t i = 0; i < inst.operands.size(); ++i) {
          bool isCallee = inst.opcode == "call" && i == (inst.callHasReturn ? 1u : 0u);
          const ast::Operand &op = inst.operands[i];
          note(fn, op.name, isCallee);
          for (const ast::Operand &e : op.elements)
            note(fn, e.name, false);
        }
      }
    }
    for (const ast::Variable &v : source_.globals)
      for (const ast::Initializer &init : v.init)
        if (auto f = program_->functionIndex.find(init.symbol); f != program_->functionIndex.end())
          addressTaken[f->second] = true;

    // Each kernel reaches its callees and, conservatively, every function whose address is taken.
    std::unordered_map<uint32_t, uint64_t> kernelShared;
    for (uint32_t k = 0; k < count; ++k) {
      if (!program_->functions[k].isEntry)
        continue;
      std::vector<bool> seen(count, false);
      std::vector<uint32_t> work{k};
      for (uint32_t f = 0; f < count; ++f)
        if (addressTaken[f])
          work.push_back(f);
      while (!work.empty()) {
        uint32_t f = work.back();
        work.pop_back();
        if (seen[f])
          continue;
        seen[f] = true;
        for (size_t var : uses[f])
          if (vars[var].kernels.empty() || vars[var].kernels.back() != k)
            vars[var].kernels.push_back(k);
        for (uint32_t c : callees[f])
          work.push_back(c);
      }
    }

    // Lowest offset that overlaps no placed variable sharing a kernel with this one.
    uint64_t largest = 0;
    for (size_t i = 0; i < vars.size(); ++i) {
      SharedVar &v = vars[i];
      uint64_t offset = 0;
      for (bool moved = true; moved;) {
        moved = false;
        for (size_t j = 0; j < i; ++j) {
          const SharedVar &o = vars[j];
          bool together = std::find_first_of(v.kernels.begin(), v.kernels.end(), o.kernels.begin(),
                                             o.kernels.end()) != v.kernels.end();
          if (together && offset < o.offset + o.bytes && o.offset < offset + v.bytes) {
            offset = alignUp(o.offset + o.bytes, v.align);
            moved = true;
          }
        }
      }
      v.offset = offset;
      if (offset + v.bytes > (uint64_t{1} << 31))
        return Error{errc::qiaoErrorInvalidPtx, "static shared memory exceeds 2 GiB"};
      program_->sharedOffsets[v.key] = static_cast<uint32_t>(offset);
      for (uint32_t k : v.kernels)
        kernelShared[k] = std::max(kernelShared[k], offset + v.bytes);
      largest = std::max(largest, offset + v.bytes);
    }
    for (auto &[kernel, bytes] : kernelShared)
      kernelSharedBytes_[kernel] = bytes;
    program_->staticSharedBytes = static_cast<uint32_t>(largest);
    program_->dynamicSharedOffset = static_cast<uint32_t>(alignUp(largest, 16));
    for (const std::string &key : dynamicShared_)
      program_->sharedOffsets[key] = program_->dynamicSharedOffset;
    return Status::ok();
  }

  Status allocateGlobals() {
    // A module may declare a variable it also defines (ptxas accepts `.extern` after the
    // definition); the declaration then has nothing left to resolve.
    std::unordered_set<std::string_view> defined;
    for (const ast::Variable &v : source_.globals)
      if (!v.isExtern)
        defined.insert(v.name);
    for (const ast::Variable &v : source_.globals) {
      if (v.space != ast::StateSpace::Global && v.space != ast::StateSpace::Const)
        continue;
      if (v.isExtern && defined.count(v.name))
        continue;
      if (v.isExtern)
        return declarationError(v.loc, "extern variable '" + v.name +
                                           "' is not defined in this module or any module "
                                           "linked with it");
      uint64_t bytes = variableBytes(v);
      if (bytes == 0 && !v.init.empty())
        bytes = typeBytes(parseType(v.type)) * std::max<uint32_t>(v.vectorWidth, 1) * v.init.size();
      if (bytes > (uint64_t{1} << 32))
        return declarationError(v.loc, "variable '" + v.name + "' is too large");
      void *memory = program_->memory.allocateGlobal(std::max<uint64_t>(bytes, 1));
      if (!memory)
        return Error{errc::qiaoErrorMemoryAllocation, "cannot allocate variable '" + v.name + "'"};
      std::memset(memory, 0, std::max<uint64_t>(bytes, 1));
      GlobalVariable g;
      g.name = v.name;
      g.space = v.space == ast::StateSpace::Const ? Space::Const : Space::Global;
      g.address = static_cast<uint8_t *>(memory);
      g.bytes = bytes;
      program_->globalIndex[v.name] = static_cast<uint32_t>(program_->globals.size());
      program_->globals.push_back(std::move(g));
    }
    return Status::ok();
  }

  Status initialiseGlobals() {
    for (const ast::Variable &v : source_.globals) {
      if (v.init.empty() ||
          (v.space != ast::StateSpace::Global && v.space != ast::StateSpace::Const))
        continue;
      GlobalVariable &g = program_->globals[program_->globalIndex[v.name]];
      Type type = parseType(v.type);
      uint32_t elementBytes = typeBytes(type);
      if (elementBytes == 0)
        return declarationError(v.loc, "variable '" + v.name + "' has no element type");
      if (v.init.size() * elementBytes > g.bytes)
        return declarationError(v.loc, "too many initialisers for '" + v.name + "'");
      for (size_t i = 0; i < v.init.size(); ++i) {
        const ast::Initializer &init = v.init[i];
        uint64_t bits = 0;
        switch (init.kind) {
        case ast::Initializer::Kind::Int:
          bits = init.intValue;
          if (type == Type::F32)
            bits = std::bit_cast<uint32_t>(static_cast<float>(static_cast<int64_t>(init.intValue)));
          else if (type == Type::F64)
            bits =
                std::bit_cast<uint64_t>(static_cast<double>(static_cast<int64_t>(init.intValue)));
          break;
        case ast::Initializer::Kind::Float:
          if (init.floatIsHexBits)
            bits = init.intValue;
          else if (type == Type::F32)
            bits = std::bit_cast<uint32_t>(static_cast<float>(init.floatValue));
          else
            bits = std::bit_cast<uint64_t>(init.floatValue);
          break;
        case ast::Initializer::Kind::Symbol: {
          uint64_t address;
          if (!symbolAddress(init.symbol, address))
            return declarationError(v.loc, "unknown symbol '" + init.symbol + "' in initialiser");
          bits = address + static_cast<uint64_t>(init.symbolOffset);
          break;
        }
        }
        std::memcpy(g.address + i * elementBytes, &bits, std::min<uint32_t>(elementBytes, 8));
      }
    }
    return Status::ok();
  }

  bool symbolAddress(const std::string &name, uint64_t &address) const {
    if (auto g = program_->globalIndex.find(name); g != program_->globalIndex.end()) {
      address = reinterpret_cast<uint64_t>(program_->globals[g->second].address);
      return true;
    }
    if (auto f = program_->functionIndex.find(name); f != program_->functionIndex.end()) {
      address = Program::functionAddress(f->second);
      return true;
    }
    return false;
  }

  Status decodeBodies() {
    // Signatures first: a call site needs its callee's parameter layout.
    std::vector<std::unique_ptr<FunctionBuilder>> builders;
    for (uint32_t i = 0; i < program_->functions.size(); ++i) {
      builders.push_back(std::make_unique<FunctionBuilder>(*program_, i, *sourceOf_[i]));
      if (Status s = builders.back()->layoutSignature(); !s)
        return s;
    }
    for (uint32_t i = 0; i < program_->functions.size(); ++i)
      if (program_->functions[i].hasBody)
        if (Status s = decodeBody(*builders[i]); !s)
          return s;
    return Status::ok();
  }

  Status decodeBody(FunctionBuilder &builder) {
    const ast::Function &source = builder.source();
    uint32_t count = 0;
    for (const ast::Statement &st : source.body) {
      if (st.kind == ast::Statement::Kind::Label)
        builder.defineLabel(st.label, count);
      else if (st.kind == ast::Statement::Kind::Instruction)
        ++count;
    }
    Function &fn = builder.function();
    fn.code.reserve(count + 1);
    for (const ast::Statement &st : source.body) {
      switch (st.kind) {
      case ast::Statement::Kind::BlockBegin:
        builder.pushScope();
        break;
      case ast::Statement::Kind::BlockEnd:
        builder.popScope();
        break;
      case ast::Statement::Kind::Declaration:
        if (Status s = builder.declare(st.declaration); !s)
          return s;
        break;
      case ast::Statement::Kind::Label:
        break;
      case ast::Statement::Kind::Instruction:
        if (Status s = decodeInstruction(builder, st.instruction); !s)
          return s;
        break;
      }
    }
    // Falling off the end of a body returns (a kernel exits).
    Inst end;
    end.control = fn.isEntry ? Control::Exit : Control::Ret;
    end.source = static_cast<uint32_t>(program_->sources.size());
    program_->sources.push_back({source.loc.line, "(end of " + fn.name + ")"});
    builder.function().code.push_back(end);
    builder.function().frameParamBytes =
        static_cast<uint32_t>(alignUp(builder.function().frameParamBytes, 8));
    return Status::ok();
  }

  Status decodeInstruction(FunctionBuilder &builder, const ast::Instruction &source) {
    InstDecoder decoder(source, builder);
    Inst inst;
    inst.source = static_cast<uint32_t>(program_->sources.size());
    program_->sources.push_back({source.loc.line, source.text});
    if (!source.guard.empty()) {
      uint32_t slot;
      if (!builder.findRegister(source.guard, slot))
        return decoder.error("undeclared guard predicate '" + source.guard + "'");
      inst.guard = slot;
      inst.guardNegated = source.guardNegated;
    }
    DecodeFn decode = findDecoder(source.opcode);
    if (!decode)
      return decoder.unsupported("instruction '" + source.opcode + "'");
    inst.op = opcodeFromName(source.opcode);
    inst.mods = modifierBits(source.modifiers);
    if (Status s = decode(decoder, inst); !s)
      return s;
    if (inst.control == Control::None && !inst.exec)
      return decoder.error("internal: no execution function decoded");
    builder.function().code.push_back(inst);
    return Status::ok();
  }

  const ast::Module &source_;
  std::unique_ptr<Program> program_;
  std::vector<const ast::Function *> sourceOf_;
  std::vector<std::string> dynamicShared_;
  std::unordered_map<uint32_t, uint64_t> kernelSharedBytes_;
  // Per function: .reqnctapercluster (0s when absent) and .maxclusterrank (0 when absent).
  struct ClusterShape {
    uint32_t dims[3] = {0, 0, 0};
    uint32_t maxRank = 0;
  };
  std::unordered_map<uint32_t, ClusterShape> clusterShapes_;
};

} // namespace

Program::~Program() {
  joinCompilers(); // a background compile reads the functions and publishes into the program
  for (GlobalVariable &g : globals)
    memory.releaseGlobal(g.address);
}

Expected<std::unique_ptr<Program>> decodeProgram(const ast::Module &module, DeviceMemory &memory) {
  Expected<std::unique_ptr<Program>> program = ModuleDecoder(module, memory).run();
  if (program)
    (*program)->prepareNativeTable();
  return program;
}

} // namespace qiao::ptx
