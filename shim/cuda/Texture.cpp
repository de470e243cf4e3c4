// CUDA arrays and texture objects of the driver API over libqiao's: a CUarray is a qiaoArray_t,
// a CUtexObject a qiaoTextureObject_t. Formats are CUarray_format + channel count here and
// channel descriptors in libqiao.
#include "DriverState.h"

using namespace qiao::cuda;

namespace {

qiaoArray_t toQiao(CUarray array) { return reinterpret_cast<qiaoArray_t>(array); }

// CU_AD_FORMAT_* with 1, 2 or 4 channels as a channel descriptor; false for formats Qiao's
// arrays do not hold (NV12, block-compressed, packed UNORM...).
bool channelDescOf(CUarray_format format, unsigned channels, qiaoChannelFormatDesc &desc) {
  int bits = 0;
  qiaoChannelFormatKind kind = qiaoChannelFormatKindNone;
  switch (format) {
  case CU_AD_FORMAT_UNSIGNED_INT8:
    bits = 8, kind = qiaoChannelFormatKindUnsigned;
    break;
  case CU_AD_FORMAT_UNSIGNED_INT16:
    bits = 16, kind = qiaoChannelFormatKindUnsigned;
    break;
  case CU_AD_FORMAT_UNSIGNED_INT32:
    bits = 32, kind = qiaoChannelFormatKindUnsigned;
    break;
  case CU_AD_FORMAT_SIGNED_INT8:
    bits = 8, kind = qiaoChannelFormatKindSigned;
    break;
  case CU_AD_FORMAT_SIGNED_INT16:
    bits = 16, kind = qiaoChannelFormatKindSigned;
    break;
  case CU_AD_FORMAT_SIGNED_INT32:
    bits = 32, kind = qiaoChannelFormatKindSigned;
    break;
  case CU_AD_FORMAT_HALF:
    bits = 16, kind = qiaoChannelFormatKindFloat;
    break;
  case CU_AD_FORMAT_FLOAT:
    bits = 32, kind = qiaoChannelFormatKindFloat;
    break;
  default:
    return false;
  }
  if (channels != 1 && channels != 2 && channels != 4)
    return false;
  desc = qiaoChannelFormatDesc{bits, channels > 1 ? bits : 0, channels > 2 ? bits : 0,
                               channels > 3 ? bits : 0, kind};
  return true;
}

bool formatOf(const qiaoChannelFormatDesc &desc, CUarray_format &format, unsigned &channels) {
  channels = 1 + (desc.y != 0) + (desc.z != 0) + (desc.w != 0);
  switch (desc.f) {
  case qiaoChannelFormatKindUnsigned:
    format = desc.x == 8    ? CU_AD_FORMAT_UNSIGNED_INT8
             : desc.x == 16 ? CU_AD_FORMAT_UNSIGNED_INT16
                            : CU_AD_FORMAT_UNSIGNED_INT32;
    return true;
  case qiaoChannelFormatKindSigned:
    format = desc.x == 8    ? CU_AD_FORMAT_SIGNED_INT8
             : desc.x == 16 ? CU_AD_FORMAT_SIGNED_INT16
                            : CU_AD_FORMAT_SIGNED_INT32;
    return true;
  case qiaoChannelFormatKindFloat:
    format = desc.x == 16 ? CU_AD_FORMAT_HALF : CU_AD_FORMAT_FLOAT;
    return true;
  default:
    return false;
  }
}

CUresult createArray(CUarray *handle, size_t width, size_t height, size_t depth,
                     CUarray_format format, unsigned channels, unsigned flags) {
  if (CUresult result = requireContext())
    return result;
  qiaoChannelFormatDesc desc{};
  if (handle == nullptr || width == 0)
    return CUDA_ERROR_INVALID_VALUE;
  // Surface access and gathers have qiaoArray*'s values; layered and cubemap arrays are refused.
  static_assert(CUDA_ARRAY3D_SURFACE_LDST == qiaoArraySurfaceLoadStore &&
                CUDA_ARRAY3D_TEXTURE_GATHER == qiaoArrayTextureGather);
  static_assert(CUDA_ARRAY3D_LAYERED == qiaoArrayLayered);
  unsigned known = CUDA_ARRAY3D_SURFACE_LDST | CUDA_ARRAY3D_TEXTURE_GATHER | CUDA_ARRAY3D_LAYERED;
  if (!channelDescOf(format, channels, desc) || (flags & ~known) != 0)
    return CUDA_ERROR_NOT_SUPPORTED;
  return toCuResult(qiaoMalloc3DArray(reinterpret_cast<qiaoArray_t *>(handle), &desc,
                                      qiaoExtent{width, height, depth}, flags));
}

CUresult describeArray(CUarray array, size_t &width, size_t &height, size_t &depth,
                       CUarray_format &format, unsigned &channels) {
  if (CUresult result = requireContext())
    return result;
  qiaoChannelFormatDesc desc{};
  qiaoExtent extent{};
  if (qiaoError_t error = qiaoArrayGetInfo(&desc, &extent, nullptr, toQiao(array)))
    return toCuResult(error);
  if (!formatOf(desc, format, channels))
    return CUDA_ERROR_INVALID_VALUE;
  width = extent.width, height = extent.height, depth = extent.depth;
  return CUDA_SUCCESS;
}

} // namespace

extern "C" CUresult cuArrayCreate(CUarray *pHandle, const CUDA_ARRAY_DESCRIPTOR *d) {
  if (d == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return createArray(pHandle, d->Width, d->Height, 0, d->Format, d->NumChannels, 0);
}

extern "C" CUresult cuArray3DCreate(CUarray *pHandle, const CUDA_ARRAY3D_DESCRIPTOR *d) {
  if (d == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  return createArray(pHandle, d->Width, d->Height, d->Depth, d->Format, d->NumChannels, d->Flags);
}

extern "C" CUresult cuArrayDestroy(CUarray hArray) {
  if (CUresult result = requireContext())
    return result;
  if (hArray == nullptr)
    return CUDA_ERROR_INVALID_HANDLE;
  return toCuResult(qiaoFreeArray(toQiao(hArray)));
}

extern "C" CUresult cuArrayGetDescriptor(CUDA_ARRAY_DESCRIPTOR *d, CUarray hArray) {
  if (d == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  size_t depth = 0;
  return describeArray(hArray, d->Width, d->Height, depth, d->Format, d->NumChannels);
}

extern "C" CUresult cuArray3DGetDescriptor(CUDA_ARRAY3D_DESCRIPTOR *d, CUarray hArray) {
  if (d == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  d->Flags = 0;
  return describeArray(hArray, d->Width, d->Height, d->Depth, d->Format, d->NumChannels);
}

// The driver API reads 8/16-bit integer texels as normalised floats unless told to read them as
// integers (CU_TRSF_READ_AS_INTEGER); 32-bit integers are always read as they are.
extern "C" CUresult cuTexObjectCreate(CUtexObject *pTexObject, const CUDA_RESOURCE_DESC *r,
                                      const CUDA_TEXTURE_DESC *t,
                                      const CUDA_RESOURCE_VIEW_DESC *view) {
  if (CUresult result = requireContext())
    return result;
  if (pTexObject == nullptr || r == nullptr || t == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (view != nullptr)
    return CUDA_ERROR_NOT_SUPPORTED;
  qiaoResourceDesc resource{};
  qiaoChannelFormatDesc format{};
  switch (r->resType) {
  case CU_RESOURCE_TYPE_ARRAY:
    resource.resType = qiaoResourceTypeArray;
    resource.res.array.array = toQiao(r->res.array.hArray);
    if (qiaoError_t error = qiaoArrayGetInfo(&format, nullptr, nullptr, resource.res.array.array))
      return toCuResult(error);
    break;
  case CU_RESOURCE_TYPE_LINEAR:
    resource.resType = qiaoResourceTypeLinear;
    if (!channelDescOf(r->res.linear.format, r->res.linear.numChannels, format))
      return CUDA_ERROR_NOT_SUPPORTED;
    resource.res.linear = {toPointer(r->res.linear.devPtr), format, r->res.linear.sizeInBytes};
    break;
  case CU_RESOURCE_TYPE_PITCH2D:
    resource.resType = qiaoResourceTypePitch2D;
    if (!channelDescOf(r->res.pitch2D.format, r->res.pitch2D.numChannels, format))
      return CUDA_ERROR_NOT_SUPPORTED;
    resource.res.pitch2D = {toPointer(r->res.pitch2D.devPtr), format, r->res.pitch2D.width,
                            r->res.pitch2D.height, r->res.pitch2D.pitchInBytes};
    break;
  default:
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  resource.flags = r->flags;
  qiaoTextureDesc sampling{};
  for (int axis = 0; axis < 3; ++axis)
    sampling.addressMode[axis] = static_cast<qiaoTextureAddressMode>(t->addressMode[axis]);
  sampling.filterMode = static_cast<qiaoTextureFilterMode>(t->filterMode);
  bool integer = format.f != qiaoChannelFormatKindFloat;
  bool asInteger = (t->flags & CU_TRSF_READ_AS_INTEGER) != 0 || format.x == 32;
  sampling.readMode = integer && !asInteger ? qiaoReadModeNormalizedFloat : qiaoReadModeElementType;
  sampling.normalizedCoords = (t->flags & CU_TRSF_NORMALIZED_COORDINATES) != 0;
  sampling.sRGB = (t->flags & CU_TRSF_SRGB) != 0;
  for (int c = 0; c < 4; ++c)
    sampling.borderColor[c] = t->borderColor[c];
  return toCuResult(qiaoCreateTextureObject(pTexObject, &resource, &sampling, nullptr));
}

extern "C" CUresult cuSurfObjectCreate(CUsurfObject *pSurfObject, const CUDA_RESOURCE_DESC *r) {
  if (CUresult result = requireContext())
    return result;
  if (pSurfObject == nullptr || r == nullptr)
    return CUDA_ERROR_INVALID_VALUE;
  if (r->resType != CU_RESOURCE_TYPE_ARRAY)
    return CUDA_ERROR_INVALID_VALUE;
  qiaoResourceDesc resource{};
  resource.resType = qiaoResourceTypeArray;
  resource.res.array.array = toQiao(r->res.array.hArray);
  resource.flags = r->flags;
  return toCuResult(qiaoCreateSurfaceObject(pSurfObject, &resource));
}

extern "C" CUresult cuSurfObjectDestroy(CUsurfObject surfObject) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoDestroySurfaceObject(surfObject));
}

extern "C" CUresult cuTexObjectDestroy(CUtexObject texObject) {
  if (CUresult result = requireContext())
    return result;
  return toCuResult(qiaoDestroyTextureObject(texObject));
}
