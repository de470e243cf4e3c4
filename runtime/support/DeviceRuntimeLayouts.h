// The structs device code passes to the device runtime (dynamic parallelism), laid out as nvcc's
// device code lays them out: what the interpreter's device runtime (runtime/emu/ptx) and the kir
// test driver's read and write.
#pragma once

#include <cstdint>

namespace qiao::devrt {

constexpr uint32_t kMemcpyDeviceToDevice = 3; // cudaMemcpyKind
constexpr uint32_t kMemcpyDefault = 4;

// cudaMemcpy3DParms and the structs it holds.
struct PitchedPointer {
  uint64_t ptr, pitch, xsize, ysize;
};
struct Position {
  uint64_t x, y, z;
};
struct Extent {
  uint64_t width, height, depth;
};
struct Memcpy3DParms {
  uint64_t srcArray;
  Position srcPos;
  PitchedPointer srcPtr;
  uint64_t dstArray;
  Position dstPos;
  PitchedPointer dstPtr;
  Extent extent;
  int32_t kind;
  int32_t padding;
};
static_assert(sizeof(Memcpy3DParms) == 160, "cudaMemcpy3DParms is 160 bytes");

// cudaFuncAttributes.
struct FuncAttributes {
  uint64_t sharedSizeBytes, constSizeBytes, localSizeBytes;
  int32_t maxThreadsPerBlock, numRegs, ptxVersion, binaryVersion, cacheModeCA;
  int32_t maxDynamicSharedSizeBytes, preferredShmemCarveout, clusterDimMustBeSet;
  int32_t requiredClusterWidth, requiredClusterHeight, requiredClusterDepth;
  int32_t clusterSchedulingPolicyPreference, nonPortableClusterSizeAllowed;
  int32_t reserved[16];
};
static_assert(sizeof(FuncAttributes) == 144, "cudaFuncAttributes is 144 bytes");

} // namespace qiao::devrt
