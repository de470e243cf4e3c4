// What the seam tests read back from libqiao-driver-test.so (found with dlopen RTLD_NOLOAD):
// how often each entry point was called and what the last kernel launch carried.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct qiaoTestLaunchRecord {
  char kernel[64];
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t dynamicSharedBytes;
  uint32_t paramBytes;
  unsigned char params[256];
} qiaoTestLaunchRecord;

// What the driver saw of the structSize fields of the seam structs it was given.
typedef struct qiaoTestStructSizes {
  uint64_t checked;     // structs checked
  uint64_t wrong;       // of them, with a structSize other than sizeof
  char firstWrong[128]; // the first mismatch: "type: structSize N, expected M"
} qiaoTestStructSizes;

void qiaoTestDriverStructSizes(qiaoTestStructSizes *sizes);
// The direction (qiaoDrvCopyDirection) of the last enqueueCopy or enqueueCopy2D, -1 before any.
int qiaoTestDriverLastCopyDirection(void);
// How many images the last moduleLoad (1) or moduleLink call was given.
uint32_t qiaoTestDriverLastLinkImages(void);

// Calls of the entry point named as in qiaoDriverTable ("memAlloc", "enqueueLaunch", ...).
uint64_t qiaoTestDriverCalls(const char *entry);
// 0 and the last launch executed, or -1 before any.
int qiaoTestDriverLastLaunch(qiaoTestLaunchRecord *record);

#ifdef __cplusplus
}
#endif
