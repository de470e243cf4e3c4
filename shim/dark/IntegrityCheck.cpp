// Table d4082055-bde6-704b-8d34-ba123c66e1f2: slot 1 (version, unix seconds, uint64_t out[2]).
// The runtime calls it three times at start-up, with its version 13000, 13001 and 13002, and
// compares the 16 bytes written with what it computes itself; any mismatch makes every later
// runtime call fail with cudaErrorSoftwareValidityNotEstablished. Versions ending in 0 and 1 get
// fixed answers; others an HMAC-MD2 over the caller's identity (see NOTES.md for the layout).
#include "DriverImports.h"
#include "Md2.h"
#include "Table.h"

#include <qiao/qiao_runtime.h>

#include <cstdint>
#include <cstring>
#include <pthread.h>
#include <unistd.h>

namespace qiao::dark {
namespace {

const void *gCudartTable = nullptr;
const void *gIntegrityTable = nullptr;

constexpr std::array<std::uint8_t, 16> kKey = {0x14, 0x6a, 0xdd, 0xae, 0x53, 0xa9, 0xa7, 0x52,
                                               0xaa, 0x08, 0x41, 0x36, 0x0b, 0xf5, 0x5a, 0x9f};

// What is hashed first, laid out as the runtime lays it out (no padding: 4 x u32, 3 pointers,
// u64).
struct Caller {
  std::uint32_t driverVersion;
  std::uint32_t version;
  std::uint32_t process;
  std::uint32_t thread;
  const void *cudartTable;
  const void *integrityTable;
  const void *checkFunction;
  std::uint64_t seconds;
};
static_assert(sizeof(Caller) == 48);

// Then, for each device.
struct DeviceIdentity {
  std::uint8_t uuid[16];
  std::int32_t pciDomain;
  std::int32_t pciBus;
  std::int32_t pciDevice;
};
static_assert(sizeof(DeviceIdentity) == 28);

int check(std::uint32_t version, std::uint64_t seconds, std::uint64_t *result);

void digestOf(std::uint32_t version, std::uint64_t seconds, std::uint64_t *result) {
  HmacMd2 mac(kKey);
  int driverVersion = 0;
  cuDriverGetVersion(&driverVersion);
  Caller caller{static_cast<std::uint32_t>(driverVersion),
                version,
                static_cast<std::uint32_t>(getpid()),
                static_cast<std::uint32_t>(pthread_self()),
                gCudartTable,
                gIntegrityTable,
                reinterpret_cast<const void *>(&check),
                seconds};
  mac.update(&caller, sizeof caller);
  int devices = 0;
  if (qiaoGetDeviceCount(&devices) != qiaoSuccess)
    devices = 0;
  for (int d = 0; d < devices; ++d) {
    qiaoDeviceProp_t prop{};
    qiaoGetDeviceProperties(&prop, d);
    DeviceIdentity identity{};
    std::memcpy(identity.uuid, &prop.uuid, 16);
    identity.pciDomain = prop.pciDomainID;
    identity.pciBus = prop.pciBusID;
    identity.pciDevice = prop.pciDeviceID;
    mac.update(&identity, sizeof identity);
  }
  Md2Digest digest = mac.finish();
  std::memcpy(result, digest.data(), 16);
}

int check(std::uint32_t version, std::uint64_t seconds, std::uint64_t *result) {
  if (result == nullptr)
    return kInvalidValue;
  switch (version % 10) {
  case 0:
    result[0] = 0x3341181c03cb675cull;
    result[1] = 0x8ed383aa1f4cd1e8ull;
    break;
  case 1:
    result[0] = 0x1841181c03cb675cull;
    result[1] = 0x8ed383aa1f4cd1e8ull;
    break;
  default:
    digestOf(version, seconds, result);
    break;
  }
  return kSuccess;
}

} // namespace

void fillIntegrityCheck(Table &table, const Table &cudartInterface) {
  gCudartTable = cudartInterface.slots;
  gIntegrityTable = table.slots;
  table.set(1, reinterpret_cast<const void *>(&check));
}

} // namespace qiao::dark
