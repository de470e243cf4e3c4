// What the driver knows about a pointer: its allocation's range and its attributes.
#include "DriverState.h"

#include <qiao/qiao_internal.h>

#include <cstring>
#include <optional>

using namespace qiao::cuda;

namespace {

// The allocation holding a pointer (libqiao's record of it).
struct Allocation {
  CUdeviceptr base = 0;
  size_t size = 0;
};

std::optional<Allocation> allocationOf(CUdeviceptr pointer) {
  void *base = nullptr;
  size_t size = 0;
  if (qiaoInternalAllocationRange(toPointer(pointer), &base, &size) != qiaoSuccess)
    return std::nullopt;
  return Allocation{toDevicePointer(base), size};
}

template <class T> CUresult put(void *data, T value) {
  *static_cast<T *>(data) = value;
  return CUDA_SUCCESS;
}

// The documentation calls these attributes "a boolean", but NVIDIA's static runtime reads them
// as 4-byte words it does not clear first (measured: cudaPointerGetAttributes took stack garbage
// in the upper bytes for cudaMemoryTypeManaged), so the driver writes a whole 32-bit 0 or 1.
CUresult putBoolean(void *data, bool value) { return put<unsigned>(data, value ? 1u : 0u); }

// The context an allocation on `device` belongs to: the current one when it is that device's,
// else the device's primary context (Qiao has one address space per device).
CUcontext contextOf(int device) {
  CUcontext current = currentContext();
  if (isLive(current) && current->device == device)
    return current;
  return withPrimary(device, [](PrimaryContext &primary) { return &primary.context; });
}

} // namespace

extern "C" CUresult cuMemGetAddressRange(CUdeviceptr *pbase, size_t *psize, CUdeviceptr dptr) {
  if (CUresult result = requireContext())
    return result;
  auto info = allocationOf(dptr);
  if (!info)
    return CUDA_ERROR_NOT_FOUND; // no allocation holds dptr
  if (pbase)
    *pbase = info->base;
  if (psize)
    *psize = info->size;
  return CUDA_SUCCESS;
}

// Pointer queries need no current context, only cuInit: with unified addressing the pointer
// names its device. NVIDIA's static runtime asks before it makes a context current (a program's
// first cudaPointerGetAttributes), and CUDA answers it.
extern "C" CUresult cuPointerGetAttribute(void *data, CUpointer_attribute attribute,
                                          CUdeviceptr ptr) {
  if (CUresult result = requireInit())
    return result;
  if (data == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoPointerAttributes attributes{};
  if (qiaoPointerGetAttributes(&attributes, toPointer(ptr)) != qiaoSuccess)
    return CUDA_ERROR_INVALID_VALUE;
  bool known = attributes.type != qiaoMemoryTypeUnregistered;
  auto info = allocationOf(ptr);
  switch (attribute) {
  case CU_POINTER_ATTRIBUTE_CONTEXT: {
    if (!known)
      return CUDA_ERROR_INVALID_VALUE;
    return put(data, contextOf(attributes.device));
  }
  case CU_POINTER_ATTRIBUTE_MEMORY_TYPE:
    if (!known)
      return CUDA_ERROR_INVALID_VALUE;
    // Managed memory reports as device memory, as the driver does; pinned host memory as host.
    return put<unsigned>(data, attributes.type == qiaoMemoryTypeHost ? CU_MEMORYTYPE_HOST
                                                                     : CU_MEMORYTYPE_DEVICE);
  case CU_POINTER_ATTRIBUTE_DEVICE_POINTER:
    if (!known)
      return CUDA_ERROR_INVALID_VALUE;
    return put(data, toDevicePointer(attributes.devicePointer));
  case CU_POINTER_ATTRIBUTE_HOST_POINTER:
    if (!known || attributes.hostPointer == nullptr)
      return CUDA_ERROR_INVALID_VALUE;
    return put(data, attributes.hostPointer);
  case CU_POINTER_ATTRIBUTE_IS_MANAGED:
    return putBoolean(data, attributes.type == qiaoMemoryTypeManaged);
  case CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL:
    if (!known)
      return CUDA_ERROR_INVALID_VALUE;
    return put<int>(data, attributes.device);
  case CU_POINTER_ATTRIBUTE_RANGE_START_ADDR:
    if (!info)
      return CUDA_ERROR_INVALID_VALUE;
    return put(data, info->base);
  case CU_POINTER_ATTRIBUTE_RANGE_SIZE:
    if (!info)
      return CUDA_ERROR_INVALID_VALUE;
    return put(data, info->size);
  case CU_POINTER_ATTRIBUTE_MAPPED:
    return putBoolean(data, static_cast<bool>(info));
  default:
    return CUDA_ERROR_NOT_SUPPORTED;
  }
}

namespace {

// How many bytes cuPointerGetAttribute writes for `attribute` (its documented type); 0 for an
// attribute this driver does not know.
size_t attributeBytes(CUpointer_attribute attribute) {
  switch (attribute) {
  case CU_POINTER_ATTRIBUTE_MEMORY_TYPE:
  case CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL:
  case CU_POINTER_ATTRIBUTE_ACCESS_FLAGS:
    return 4;
  case CU_POINTER_ATTRIBUTE_SYNC_MEMOPS:
  case CU_POINTER_ATTRIBUTE_IS_MANAGED:
  case CU_POINTER_ATTRIBUTE_IS_LEGACY_CUDA_IPC_CAPABLE:
  case CU_POINTER_ATTRIBUTE_MAPPED:
  case CU_POINTER_ATTRIBUTE_IS_GPU_DIRECT_RDMA_CAPABLE:
  case CU_POINTER_ATTRIBUTE_IS_HW_DECOMPRESS_CAPABLE:
    return 4; // booleans as 32-bit words (putBoolean)
  case CU_POINTER_ATTRIBUTE_P2P_TOKENS:
    return sizeof(CUDA_POINTER_ATTRIBUTE_P2P_TOKENS);
  case CU_POINTER_ATTRIBUTE_CONTEXT:
  case CU_POINTER_ATTRIBUTE_DEVICE_POINTER:
  case CU_POINTER_ATTRIBUTE_HOST_POINTER:
  case CU_POINTER_ATTRIBUTE_BUFFER_ID:
  case CU_POINTER_ATTRIBUTE_RANGE_START_ADDR:
  case CU_POINTER_ATTRIBUTE_RANGE_SIZE:
  case CU_POINTER_ATTRIBUTE_ALLOWED_HANDLE_TYPES:
  case CU_POINTER_ATTRIBUTE_MEMPOOL_HANDLE:
  case CU_POINTER_ATTRIBUTE_MAPPING_SIZE:
  case CU_POINTER_ATTRIBUTE_MAPPING_BASE_ADDR:
  case CU_POINTER_ATTRIBUTE_MEMORY_BLOCK_ID:
    return 8;
  default:
    return 0;
  }
}

} // namespace

// Unlike cuPointerGetAttribute, a pointer the driver does not know is no error: each attribute
// reads as its zero value ("NULL" in the documentation), which is how the runtime tells an
// unregistered host pointer apart. Attributes Qiao does not track read as zero too.
extern "C" CUresult cuPointerGetAttributes(unsigned int numAttributes,
                                           CUpointer_attribute *attributes, void **data,
                                           CUdeviceptr ptr) {
  if (CUresult result = requireInit()) // as cuPointerGetAttribute: no context needed
    return result;
  if (numAttributes == 0 || attributes == nullptr || data == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  for (unsigned i = 0; i < numAttributes; ++i) {
    size_t bytes = attributeBytes(attributes[i]);
    if (bytes == 0 || data[i] == nullptr)
      return CUDA_ERROR_INVALID_VALUE;
    CUresult result = cuPointerGetAttribute(data[i], attributes[i], ptr);
    if (result == CUDA_ERROR_INVALID_VALUE || result == CUDA_ERROR_NOT_SUPPORTED) {
      std::memset(data[i], 0, bytes);
      // No device holds an unknown pointer: its ordinal is CU_DEVICE_INVALID, not device 0
      // (what the runtime then reports as cudaPointerAttributes::device, as -cudart shared does).
      if (attributes[i] == CU_POINTER_ATTRIBUTE_DEVICE_ORDINAL)
        put<int>(data[i], CU_DEVICE_INVALID);
    } else if (result != CUDA_SUCCESS) {
      return result;
    }
  }
  return CUDA_SUCCESS;
}
