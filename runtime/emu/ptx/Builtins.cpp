// Functions PTX calls as extern .func that the engine provides: vprintf, __assertfail, malloc,
// free; the device runtime's (DeviceRuntime.def) run in DeviceRuntime.cpp. Arguments are read
// from the caller's call-site .param variables.
#include "BlockRunner.h"
#include "BuiltinCalls.h"
#include "Interpreter.h"
#include "Lanes.h"
#include "support/ErrorCodes.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <string>

namespace qiao::ptx {
namespace {

// Reads a NUL-terminated string from device memory, checking every byte; false on a fault.
bool readString(Warp &w, uint64_t address, int lane, const Inst &inst, std::string &out,
                size_t limit = 1 << 16) {
  out.clear();
  for (size_t i = 0; i < limit; ++i) {
    const char *c =
        static_cast<const char *>(w.access(Space::Generic, address + i, 1, 1, lane, inst));
    if (!c)
      return false;
    if (*c == 0)
      return true;
    out.push_back(*c);
  }
  return true;
}

// Formats like printf, reading the packed argument buffer CUDA builds: each argument aligned to
// its own size, floats promoted to double, strings and pointers as 64-bit addresses.
bool formatDevicePrintf(Warp &w, uint64_t format, uint64_t args, int lane, const Inst &inst,
                        std::string &out, int &argCount) {
  std::string fmt;
  if (!readString(w, format, lane, inst, fmt))
    return false;
  uint64_t cursor = 0;
  auto fetch = [&](uint32_t bytes, uint64_t &value) {
    cursor = (cursor + bytes - 1) / bytes * bytes;
    const void *p = w.access(Space::Generic, args + cursor, bytes, 1, lane, inst);
    if (!p)
      return false;
    value = 0;
    std::memcpy(&value, p, bytes);
    cursor += bytes;
    ++argCount;
    return true;
  };
  char buffer[512];
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out.push_back(fmt[i]);
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '%') {
      out.push_back('%');
      ++i;
      continue;
    }
    size_t start = i++;
    // The spec without its length modifier; a `*` width or precision becomes the int argument
    // that the argument buffer holds for it.
    std::string spec = "%";
    while (i < fmt.size() && std::strchr("-+ #0", fmt[i]))
      spec.push_back(fmt[i++]);
    bool starFailed = false;
    auto number = [&] {
      if (i < fmt.size() && fmt[i] == '*') {
        ++i;
        uint64_t starValue = 0;
        starFailed = starFailed || !fetch(4, starValue);
        spec += std::to_string(static_cast<int32_t>(starValue));
        return;
      }
      while (i < fmt.size() && std::isdigit(static_cast<unsigned char>(fmt[i])))
        spec.push_back(fmt[i++]);
    };
    number();
    if (i < fmt.size() && fmt[i] == '.') {
      spec.push_back(fmt[i++]);
      number();
    }
    if (starFailed)
      return false;
    std::string length;
    while (i < fmt.size() && std::strchr("hlLzjt", fmt[i]))
      length.push_back(fmt[i++]);
    if (i >= fmt.size()) {
      out.append(fmt, start, std::string::npos);
      break;
    }
    char conversion = fmt[i];
    uint64_t value = 0;
    bool wide = length == "l" || length == "ll" || length == "z" || length == "j" || length == "t";
    switch (conversion) {
    case 'd':
    case 'i':
      if (!fetch(wide ? 8 : 4, value))
        return false;
      // h and hh narrow the int argument, as the host's printf does.
      std::snprintf(buffer, sizeof buffer, (spec + "lld").c_str(),
                    wide             ? static_cast<long long>(value)
                    : length == "hh" ? static_cast<long long>(static_cast<int8_t>(value))
                    : length == "h"  ? static_cast<long long>(static_cast<int16_t>(value))
                                     : static_cast<long long>(static_cast<int32_t>(value)));
      break;
    case 'u':
    case 'x':
    case 'X':
    case 'o':
      if (!fetch(wide ? 8 : 4, value))
        return false;
      std::snprintf(buffer, sizeof buffer, (spec + "ll" + conversion).c_str(),
                    wide             ? static_cast<unsigned long long>(value)
                    : length == "hh" ? static_cast<unsigned long long>(static_cast<uint8_t>(value))
                    : length == "h"
                        ? static_cast<unsigned long long>(static_cast<uint16_t>(value))
                        : static_cast<unsigned long long>(static_cast<uint32_t>(value)));
      break;
    case 'c':
      if (!fetch(4, value))
        return false;
      std::snprintf(buffer, sizeof buffer, (spec + "c").c_str(), static_cast<int>(value));
      break;
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      if (!fetch(8, value))
        return false;
      std::snprintf(buffer, sizeof buffer, (spec + conversion).c_str(),
                    std::bit_cast<double>(value));
      break;
    case 'p':
      if (!fetch(8, value))
        return false;
      std::snprintf(buffer, sizeof buffer, (spec + "p").c_str(), reinterpret_cast<void *>(value));
      break;
    case 's': {
      if (!fetch(8, value))
        return false;
      std::string text;
      if (value == 0)
        text = "(null)";
      else if (!readString(w, value, lane, inst, text))
        return false;
      std::snprintf(buffer, sizeof buffer, (spec + "s").c_str(), text.c_str());
      break;
    }
    default:
      // Unknown conversion: print it as written, as CUDA's formatter does.
      out.append(fmt, start, i - start + 1);
      continue;
    }
    out += buffer;
  }
  return true;
}

} // namespace

void Interpreter::runBuiltin(Warp &w, const Inst &inst, uint32_t callee, LaneMask exec) {
  const Function &caller = w.program().functions[w.frames_.back().function];
  const CallSite &site = caller.calls[inst.aux];
  const Function &fn = w.program().functions[callee];
  auto arg = [&](size_t i, int lane) {
    return i < site.args.size() ? builtinArgument(w, site.args[i], lane) : 0;
  };
  switch (fn.builtin) {
  case Builtin::Vprintf:
    for (LaneMask m = exec; m; m &= m - 1) {
      int lane = std::countr_zero(m);
      std::string text;
      int count = 0;
      if (!formatDevicePrintf(w, arg(0, lane), arg(1, lane), lane, inst, text, count))
        return;
      w.printfOutput(text);
      setBuiltinResult(w, site, lane, static_cast<uint32_t>(count));
    }
    return;
  case Builtin::AssertFail:
    for (LaneMask m = exec; m; m &= m - 1) {
      int lane = std::countr_zero(m);
      std::string message, file, function;
      if (!readString(w, arg(0, lane), lane, inst, message) ||
          !readString(w, arg(1, lane), lane, inst, file) ||
          !readString(w, arg(3, lane), lane, inst, function))
        return;
      std::fprintf(stderr,
                   "%s:%u: %s: block: [%u,%u,%u], thread: [%u,%u,%u] Assertion `%s` failed.\n",
                   file.c_str(), static_cast<uint32_t>(arg(2, lane)), function.c_str(),
                   w.blockIdx(0), w.blockIdx(1), w.blockIdx(2), w.threadIdx(lane, 0),
                   w.threadIdx(lane, 1), w.threadIdx(lane, 2), message.c_str());
    }
    std::fflush(stderr);
    w.fault(errc::qiaoErrorAssert, inst, std::countr_zero(exec), 0, "device-side assert failed");
    return;
  case Builtin::Malloc:
    forEachLane(exec, [&](int lane) {
      uint64_t bytes = arg(0, lane);
      void *p = bytes ? w.block().grid().memory.allocateGlobal(bytes) : nullptr;
      setBuiltinResult(w, site, lane, reinterpret_cast<uint64_t>(p));
    });
    return;
  case Builtin::Free:
    forEachLane(exec, [&](int lane) {
      uint64_t p = arg(0, lane);
      if (p)
        w.block().grid().memory.releaseGlobal(reinterpret_cast<void *>(p));
    });
    return;
  case Builtin::None:
    return;
  default:
    runDeviceRuntime(w, inst, site, fn.builtin, exec);
    return;
  }
}

} // namespace qiao::ptx
