#include "CaseGuard.h"

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

// Defined by every sanitizer runtime (ASan, UBSan, TSan); absent, the weak reference is null.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace qiao::fuzz {
namespace {

// Written by the driver's thread, read by signal handlers: only plain data, prepared in advance,
// since a handler may not allocate.
char savePrefix[4096];  // "DIR/"
char saveExtension[64]; // ".EXT"
unsigned hangLimit = 0;
volatile std::uint64_t currentNumber = 0;
const void *volatile currentBytes = nullptr;
volatile std::size_t currentSize = 0;
volatile sig_atomic_t inCase = 0;

void writeText(const char *text) {
  std::size_t length = std::strlen(text);
  while (length > 0) {
    ssize_t written = write(STDERR_FILENO, text, length);
    if (written <= 0)
      return;
    text += written;
    length -= static_cast<std::size_t>(written);
  }
}

// Decimal digits of `value` into `out` (at least 21 bytes), NUL-terminated.
void formatNumber(std::uint64_t value, char *out) {
  char digits[21];
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (int i = 0; i < count; ++i)
    out[i] = digits[count - 1 - i];
  out[count] = 0;
}

// Saves the running case as PREFIX KIND-N EXT and says so; async-signal-safe.
void saveCurrentCase(const char *kind, const char *why) {
  if (!inCase)
    return;
  char number[24];
  formatNumber(currentNumber, number);
  writeText("\nfuzz: case ");
  writeText(number);
  writeText(" ");
  writeText(why);
  if (savePrefix[0] == 0) {
    writeText("\n");
    return;
  }
  char path[sizeof(savePrefix) + sizeof(saveExtension) + 64];
  std::size_t length = 0;
  for (const char *part :
       {static_cast<const char *>(savePrefix), kind, "-", static_cast<const char *>(number),
        static_cast<const char *>(saveExtension)})
    for (; *part != 0 && length + 1 < sizeof(path); ++part)
      path[length++] = *part;
  path[length] = 0;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd >= 0) {
    const char *bytes = static_cast<const char *>(currentBytes);
    std::size_t left = currentSize;
    while (left > 0) {
      ssize_t written = write(fd, bytes, left);
      if (written <= 0)
        break;
      bytes += written;
      left -= static_cast<std::size_t>(written);
    }
    close(fd);
    writeText("; saved as ");
    writeText(path);
  }
  writeText("\n");
}

void onCrash(int signal) {
  saveCurrentCase("crash", "crashed");
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void onHang(int) {
  saveCurrentCase("hang", "ran past its time limit (a hang)");
  _exit(1);
}

void onSanitizerReport() { saveCurrentCase("crash", "broke a sanitizer check"); }

void copyBounded(char *out, std::size_t capacity, const std::string &text) {
  std::size_t length = text.size() < capacity - 1 ? text.size() : capacity - 1;
  std::memcpy(out, text.data(), length);
  out[length] = 0;
}

} // namespace

void installCaseGuard(const CaseGuardOptions &options) {
  if (!options.saveDir.empty())
    copyBounded(savePrefix, sizeof(savePrefix), options.saveDir + "/");
  copyBounded(saveExtension, sizeof(saveExtension), "." + options.extension);
  hangLimit = options.hangSeconds;
  std::signal(SIGALRM, onHang);
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback(onSanitizerReport);
    return;
  }
  for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT})
    std::signal(signal, onCrash);
}

void beginCase(std::uint64_t number, const void *bytes, std::size_t size) {
  currentNumber = number;
  currentBytes = bytes;
  currentSize = size;
  inCase = 1;
  if (hangLimit != 0)
    alarm(hangLimit);
}

void endCase() {
  if (hangLimit != 0)
    alarm(0);
  inCase = 0;
}

} // namespace qiao::fuzz
