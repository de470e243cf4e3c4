// The structs device code passes to the device runtime (dynamic parallelism), laid out as nvcc's
// device code lays them out, and the copies it queues: what the interpreter's device runtime
// (runtime/emu/ptx) and the kir test driver's read, write and run.
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

// A copy or fill device code put in a stream (cudaMemcpy*Async, cudaMemset*Async in device code):
// `depth` slices of `height` rows of `width` bytes, each end with its own row and slice pitch.
struct DeviceCopy {
  uint64_t dst = 0, src = 0; // a fill reads no source
  uint64_t dstPitch = 0, srcPitch = 0;
  uint64_t dstSlicePitch = 0, srcSlicePitch = 0;
  uint64_t width = 0, height = 1, depth = 1;
  bool fill = false;
  uint8_t value = 0;     // a fill's byte
  const char *call = ""; // the CUDA call, for fault reports
};

// The copy cudaMemcpy3DAsync asks for (no arrays: the caller checks).
inline DeviceCopy copyOf(const Memcpy3DParms &p) {
  DeviceCopy copy;
  copy.call = "cudaMemcpy3DAsync";
  copy.dstPitch = p.dstPtr.pitch;
  copy.srcPitch = p.srcPtr.pitch;
  copy.dstSlicePitch = p.dstPtr.pitch * p.dstPtr.ysize;
  copy.srcSlicePitch = p.srcPtr.pitch * p.srcPtr.ysize;
  copy.dst =
      p.dstPtr.ptr + p.dstPos.z * copy.dstSlicePitch + p.dstPos.y * copy.dstPitch + p.dstPos.x;
  copy.src =
      p.srcPtr.ptr + p.srcPos.z * copy.srcSlicePitch + p.srcPos.y * copy.srcPitch + p.srcPos.x;
  copy.width = p.extent.width;
  copy.height = p.extent.height;
  copy.depth = p.extent.depth;
  return copy;
}

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
