#include "FatbinCase.h"

#include "ByteView.h"
#include "DevicePtx.h"
#include "ElfSections.h"
#include "ExecutableFatbins.h"
#include "FatbinReader.h"
#include "GuardedBytes.h"

#include <cstring>
#include <memory>
#include <vector>

namespace qiao::fatbin::fuzz {
namespace {

constexpr std::uint64_t kPayloadCap = std::uint64_t{1} << 30; // the reader's decompression cap
constexpr unsigned kDeviceArch = 80;                          // the emulated device: sm_80
constexpr int kInvalidImage = 200;                            // qiaoErrorInvalidKernelImage
constexpr int kNoImageForDevice = 209;                        // qiaoErrorNoKernelImageForDevice

// nvcc's registration wrapper; the shim reads it by address.
struct Wrapper {
  std::uint32_t magic = 0x466243B1;
  std::uint32_t version = 1;
  const void *data = nullptr;
  const void *prelinked = nullptr; // version 2: a null-terminated list of unit fatbins
};

class Checker {
public:
  explicit Checker(CaseResult &result) : result_(result) {}

  // `what` names the reader and the way the bytes were handed over.
  void error(const char *what, const Error &error, bool noImageAllowed) {
    if (!result_.broken.empty())
      return;
    ++result_.refused;
    bool codeAllowed =
        error.code == kInvalidImage || (noImageAllowed && error.code == kNoImageForDevice);
    if (!codeAllowed)
      result_.broken = std::string(what) + ": error " + std::to_string(error.code) +
                       " (allowed: 200" + (noImageAllowed ? ", 209" : "") + "): " + error.message;
    else if (error.message.empty() || error.message.find('\n') != std::string::npos)
      result_.broken = std::string(what) + ": the message is not one line: '" + error.message + "'";
    else if (error.code == kInvalidImage && error.message.rfind("fatbin: ", 0) != 0 &&
             error.message.rfind("elf: ", 0) != 0)
      result_.broken =
          std::string(what) + ": message without 'fatbin: ' or 'elf: ': " + error.message;
  }

  void image(const char *what, const Expected<FatbinImage> &read) {
    if (!read) {
      error(what, read.error(), false);
      return;
    }
    ++result_.accepted;
    for (const FatbinEntry &entry : read->entries)
      if (entry.payload.size() > kPayloadCap && result_.broken.empty())
        result_.broken = std::string(what) + ": a payload of " +
                         std::to_string(entry.payload.size()) + " bytes, past the 1 GiB cap";
  }

  template <class T> void other(const char *what, const Expected<T> &read, bool noImageAllowed) {
    if (read)
      ++result_.accepted;
    else
      error(what, read.error(), noImageAllowed);
  }

private:
  CaseResult &result_;
};

bool startsWithElfMagic(const std::uint8_t *bytes, std::size_t size) {
  return size >= 4 && std::memcmp(bytes,
                                  "\x7f"
                                  "ELF",
                                  4) == 0;
}

} // namespace

CaseResult runCase(const std::uint8_t *bytes, std::size_t size) {
  CaseResult result;
  Checker check(result);
  if (size == 0)
    return result; // a size of 0 means "unknown" to the reader; the guarded runs cover that
  // A heap copy of exactly the size: ASan sees a read one byte past it.
  std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[size]);
  std::memcpy(exact.get(), bytes, size);
  check.image("readFatbinImage (size known)", readFatbinImage(exact.get(), size));
  check.other("devicePtx (size known)", devicePtx(exact.get(), size, kDeviceArch), true);

  // By address alone, as __cudaRegisterFatBinary and cuModuleLoadData pass it.
  test::GuardedBytes held(std::vector<std::uint8_t>(bytes, bytes + size));
  check.image("readFatbinImage (address only)", readFatbinImage(held.data(), 0));
  check.other("devicePtx (address only)", devicePtx(held.data(), 0, kDeviceArch), true);
  Wrapper wrapper;
  wrapper.data = held.data();
  check.image("readFatbinImage (version-1 wrapper)", readFatbinImage(&wrapper, 0));
  const void *units[] = {held.data(), held.data(), nullptr};
  Wrapper linked;
  linked.version = 2;
  linked.data = held.data();
  linked.prelinked = units;
  check.other("readPrelinkedFatbins (version-2 wrapper)", readPrelinkedFatbins(&linked), false);
  check.other("devicePtx (version-2 wrapper)", devicePtx(&linked, 0, kDeviceArch), true);

  if (startsWithElfMagic(bytes, size)) {
    ByteView file(exact.get(), size);
    check.other("readElfSections", readElfSections(file), false);
    check.other("measureElfImage", measureElfImage(ByteView(held.data(), size)), false);
    check.other("readExecutableFatbins", readExecutableFatbins(file), false);
  }
  return result;
}

} // namespace qiao::fatbin::fuzz
