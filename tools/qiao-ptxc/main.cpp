// qiao-ptxc: the kernel compiler offline, as ptxas is for NVIDIA's: loads a PTX file through the
// engine's front end (parse, link, decode and validate) and writes what the compiler makes of
// each function: its LLVM IR (--emit=ll), its object file (--emit=obj), or how long a cold
// compile takes and how much of it is native (--emit=stats); or the module as Qiao kernel IR, the
// vendor format (docs/kernel-ir.md): text (--emit=kir-ll), bitcode (--emit=kir-bc), or which
// functions lower (--emit=kir-report).
//
//   qiao-ptxc kernel.ptx --emit=ll [--kernel NAME] [-o FILE]
//   qiao-ptxc kernel.ptx --emit=kir-ll [--kernel NAME] [-o FILE]
#include "KernelIr.h"
#include "ptx/Engine.h"
#include "ptx/NativeCode.h"
#include "ptx/Program.h"

#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_os_ostream.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Module globals live in host memory; nothing runs, so nothing is ever looked up.
class OfflineMemory : public qiao::ptx::DeviceMemory {
public:
  ~OfflineMemory() override {
    for (void *p : blocks_)
      std::free(p);
  }
  void *allocateGlobal(uint64_t bytes) override {
    blocks_.push_back(std::calloc(1, bytes ? bytes : 1));
    return blocks_.back();
  }
  void releaseGlobal(void *) override {}
  bool lookup(uint64_t, uint64_t, uint64_t &, uint64_t &) const override { return false; }

private:
  std::vector<void *> blocks_;
};

int usage() {
  std::fprintf(
      stderr,
      "usage: qiao-ptxc FILE.ptx [--emit=ll|obj|stats|kir-ll|kir-bc|kir-report]"
      " [--kernel NAME] [-o FILE]\n"
      "  ll          the emulator's LLVM IR of each function, before optimisation (default)\n"
      "  obj         the optimised object file of one function (--kernel, -o)\n"
      "  stats       per function: instructions, cold compile time, object size\n"
      "  kir-ll      the module as Qiao kernel IR, text (docs/kernel-ir.md)\n"
      "  kir-bc      the module as Qiao kernel IR, bitcode (-o)\n"
      "  kir-report  per function: lowered to kernel IR, or why not; then the counts\n");
  return 2;
}

// --emit=kir-ll/kir-bc: exit status 0 when every requested function lowered and the module
// verifies, 1 otherwise (the reasons on stderr; what lowered is still written). kir-report: 0 when
// what lowered verifies, the functions that did not listed with their reasons.
int emitKernelIr(const qiao::ptx::Program &program, const std::string &emit,
                 const std::string &kernel, std::ostream &out) {
  llvm::LLVMContext context;
  qiao::kir::LowerOptions options;
  options.only = kernel;
  qiao::kir::LowerResult result = qiao::kir::lowerProgram(program, context, options);
  if (result.functions.empty()) {
    std::fprintf(stderr, "qiao-ptxc: no function%s%s with a body\n",
                 kernel.empty() ? "" : " named ", kernel.c_str());
    return 1;
  }
  size_t kernels = 0, kernelsLowered = 0, lowered = 0;
  bool allLowered = true;
  for (const qiao::kir::FunctionReport &f : result.functions) {
    kernels += f.isEntry;
    kernelsLowered += f.isEntry && f.lowered;
    lowered += f.lowered;
    allLowered = allLowered && f.lowered;
    if (emit == "kir-report")
      out << (f.isEntry ? "kernel " : "function ") << f.name << ": "
          << (f.lowered ? "lowered" : "not lowered: " + f.error) << "\n";
    else if (!f.lowered)
      std::fprintf(stderr, "qiao-ptxc: %s not lowered: %s\n", f.name.c_str(), f.error.c_str());
  }
  std::string problems = result.module ? qiao::kir::verify(*result.module) : "";
  if (!problems.empty()) {
    std::fprintf(stderr, "qiao-ptxc: the kernel IR does not verify:\n%s", problems.c_str());
    return 1;
  }
  if (emit == "kir-report") {
    out << "kernels lowered: " << kernelsLowered << " of " << kernels
        << "; functions lowered: " << lowered << " of " << result.functions.size()
        << "; verifier: " << (result.module ? "ok" : "no module") << "\n";
    return 0;
  }
  if (!result.module)
    return 1;
  llvm::raw_os_ostream stream(out);
  if (emit == "kir-ll")
    result.module->print(stream, nullptr);
  else
    llvm::WriteBitcodeToFile(*result.module, stream);
  stream.flush();
  return allLowered && out ? 0 : 1;
}

} // namespace

int main(int argc, char **argv) {
  std::string input, emit = "ll", kernel, output;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--emit=", 0) == 0)
      emit = arg.substr(7);
    else if (arg == "--kernel" && i + 1 < argc)
      kernel = argv[++i];
    else if (arg == "-o" && i + 1 < argc)
      output = argv[++i];
    else if (!arg.empty() && arg[0] != '-' && input.empty())
      input = arg;
    else
      return usage();
  }
  bool kernelIr = emit == "kir-ll" || emit == "kir-bc" || emit == "kir-report";
  if (input.empty() || (emit != "ll" && emit != "obj" && emit != "stats" && !kernelIr))
    return usage();
  std::ifstream in(input);
  if (!in) {
    std::fprintf(stderr, "qiao-ptxc: cannot read '%s'\n", input.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  OfflineMemory memory;
  auto module = qiao::ptx::Module::load(text.str(), memory);
  if (!module) {
    std::fprintf(stderr, "qiao-ptxc: %s: %s\n", input.c_str(), module.error().message.c_str());
    return 1;
  }
  if (kernelIr) {
    if (emit == "kir-bc" && output.empty()) {
      std::fprintf(stderr, "qiao-ptxc: --emit=kir-bc writes bitcode: give -o FILE\n");
      return 2;
    }
    std::ofstream file;
    if (!output.empty()) {
      file.open(output, std::ios::binary | std::ios::trunc);
      if (!file) {
        std::fprintf(stderr, "qiao-ptxc: cannot write '%s'\n", output.c_str());
        return 1;
      }
    }
    return emitKernelIr((*module)->program(), emit, kernel, output.empty() ? std::cout : file);
  }
  // Compile times are cold times: the kernel cache stays out of it.
  setenv("QIAO_CACHE_DIR", "off", 1);
  qiao::ptx::KernelCompiler *compiler = qiao::ptx::kernelCompiler();
  if (!compiler)
    return 1;
  const qiao::ptx::Program &program = (*module)->program();
  std::vector<uint32_t> functions;
  for (uint32_t i = 0; i < program.functions.size(); ++i) {
    const qiao::ptx::Function &fn = program.functions[i];
    if (fn.hasBody && fn.builtin == qiao::ptx::Builtin::None &&
        (kernel.empty() || fn.name == kernel))
      functions.push_back(i);
  }
  if (functions.empty()) {
    std::fprintf(stderr, "qiao-ptxc: no function%s%s with a body in '%s'\n",
                 kernel.empty() ? "" : " named ", kernel.c_str(), input.c_str());
    return 1;
  }
  if (emit == "obj" && (functions.size() != 1 || output.empty())) {
    std::fprintf(stderr, "qiao-ptxc: --emit=obj writes one function: give --kernel and -o\n");
    return 2;
  }
  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      std::fprintf(stderr, "qiao-ptxc: cannot write '%s'\n", output.c_str());
      return 1;
    }
  }
  std::ostream &out = output.empty() ? std::cout : file;
  for (uint32_t index : functions) {
    const qiao::ptx::Function &fn = program.functions[index];
    if (emit == "ll") {
      auto ir = compiler->emitIr(program, index);
      if (!ir) {
        std::fprintf(stderr, "qiao-ptxc: %s\n", ir.error().message.c_str());
        return 1;
      }
      out << "; function " << fn.name << "\n" << *ir;
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    auto object = compiler->emitObject(program, index);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!object) {
      std::fprintf(stderr, "qiao-ptxc: %s\n", object.error().message.c_str());
      return 1;
    }
    if (emit == "obj") {
      out.write(object->data(), static_cast<std::streamsize>(object->size()));
      continue;
    }
    out << fn.name << ": " << fn.code.size() << " instructions, compiled in " << ms << " ms, "
        << object->size() << " bytes of object code\n";
  }
  return out ? 0 : 1;
}
