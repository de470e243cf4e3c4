/* libqiao-driver-abi1.so: a driver built against driver ABI 1, as a vendor's older driver would
 * be. It serves ABI 1 only, so a runtime of ABI 2 must refuse it with a message naming both
 * versions (oldabi_main.cpp). Every ABI's table starts with struct_size, abi_version and name;
 * the ABI 1 slots behind them are never reached and stay NULL here. */
#include <stddef.h>
#include <stdint.h>

typedef struct Abi1TableHead {
  uint32_t struct_size;
  uint32_t abi_version;
  const char *name;
  void (*slots[38])(void); /* ABI 1's 38 required entry points */
} Abi1TableHead;

static const Abi1TableHead table = {sizeof(Abi1TableHead), 1u, "abi1", {NULL}};

__attribute__((visibility("default"))) const void *qiaoDriverGetTable(uint32_t abiVersion) {
  return abiVersion == 1u ? &table : NULL;
}
