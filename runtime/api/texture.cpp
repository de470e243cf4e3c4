// Texture objects: a resource (an array, linear or pitched memory) and how to sample it, handed
// to the driver, which gives kernels a handle (qiaoDrvTextureDesc in driver.h).
#include "Memory.h"

using namespace qiao;
using namespace qiao::rt;

namespace {

// The texel layout of a channel format (channelLayout: 1, 2 or 4 channels alike).
Status describeFormat(const qiaoChannelFormatDesc &d, qiaoDrvTextureDesc &t) {
  unsigned channels = 0;
  QIAO_TRY(channelLayout(d, channels));
  t.channels = channels;
  t.channelBits = uint32_t(d.x);
  t.channelKind = d.f == qiaoChannelFormatKindSigned     ? QIAO_DRV_CHANNEL_SIGNED
                  : d.f == qiaoChannelFormatKindUnsigned ? QIAO_DRV_CHANNEL_UNSIGNED
                                                         : QIAO_DRV_CHANNEL_FLOAT;
  return Status::ok();
}

Status describeResource(Runtime &rt, const qiaoResourceDesc &r, qiaoDrvTextureDesc &t) {
  QIAO_REQUIRE(r.flags == 0, qiaoErrorInvalidValue);
  switch (r.resType) {
  case qiaoResourceTypeArray: {
    std::lock_guard lock(rt.mutex);
    const qiaoArray *a = r.res.array.array;
    QIAO_REQUIRE(a != nullptr && rt.arrays.count(r.res.array.array) != 0,
                 qiaoErrorInvalidResourceHandle);
    QIAO_TRY(describeFormat(a->desc, t));
    t.data = a->data;
    t.width = a->width;
    t.height = a->rows();
    t.depth = a->slices();
    t.pitch = a->pitch;
    t.slicePitch = a->pitch * a->rows();
    t.dimensions = a->dimensions;
    t.layered = (a->flags & qiaoArrayLayered) != 0;
    return Status::ok();
  }
  case qiaoResourceTypeLinear: {
    QIAO_TRY(describeFormat(r.res.linear.desc, t));
    size_t texelBytes = t.channels * t.channelBits / 8;
    QIAO_REQUIRE(r.res.linear.devPtr != nullptr && r.res.linear.sizeInBytes >= texelBytes,
                 qiaoErrorInvalidValue);
    t.data = r.res.linear.devPtr;
    t.width = r.res.linear.sizeInBytes / texelBytes;
    t.height = t.depth = 1;
    t.pitch = t.slicePitch = r.res.linear.sizeInBytes;
    t.dimensions = 1;
    return Status::ok();
  }
  case qiaoResourceTypePitch2D:
    QIAO_TRY(describeFormat(r.res.pitch2D.desc, t));
    QIAO_REQUIRE(r.res.pitch2D.devPtr != nullptr && r.res.pitch2D.width != 0 &&
                     r.res.pitch2D.height != 0,
                 qiaoErrorInvalidValue);
    t.data = r.res.pitch2D.devPtr;
    t.width = r.res.pitch2D.width;
    t.height = r.res.pitch2D.height;
    t.depth = 1;
    t.pitch = r.res.pitch2D.pitchInBytes;
    t.slicePitch = t.pitch * t.height;
    t.dimensions = 2;
    return Status::ok();
  default:
    return fail(qiaoErrorNotSupported, "mipmapped arrays are not supported");
  }
}

Status describeSampling(const qiaoTextureDesc &d, qiaoDrvTextureDesc &t) {
  for (int axis = 0; axis < 3; ++axis) {
    QIAO_REQUIRE(d.addressMode[axis] >= qiaoAddressModeWrap &&
                     d.addressMode[axis] <= qiaoAddressModeBorder,
                 qiaoErrorInvalidValue);
    t.addressMode[axis] = uint32_t(d.addressMode[axis]);
  }
  QIAO_REQUIRE(d.filterMode == qiaoFilterModePoint || d.filterMode == qiaoFilterModeLinear,
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(d.readMode == qiaoReadModeElementType || d.readMode == qiaoReadModeNormalizedFloat,
               qiaoErrorInvalidValue);
  bool integer = t.channelKind != QIAO_DRV_CHANNEL_FLOAT;
  // Normalised reads are for 8- and 16-bit integers; linear filtering needs float results.
  bool normalizedRead = d.readMode == qiaoReadModeNormalizedFloat && integer;
  QIAO_REQUIRE(!normalizedRead || t.channelBits < 32, qiaoErrorInvalidValue);
  QIAO_REQUIRE(d.filterMode == qiaoFilterModePoint || !integer || normalizedRead,
               qiaoErrorInvalidValue);
  QIAO_REQUIRE(d.sRGB == 0, qiaoErrorNotSupported);
  t.filterLinear = d.filterMode == qiaoFilterModeLinear;
  t.readNormalized = normalizedRead;
  t.normalizedCoords = d.normalizedCoords != 0;
  for (int c = 0; c < 4; ++c)
    t.borderColor[c] = d.borderColor[c];
  return Status::ok();
}

} // namespace

namespace {

// Hands the description to the driver and records the handle (textures and surfaces alike).
Status createObject(Runtime &rt, const qiaoDrvTextureDesc &t, unsigned long long *handleOut) {
  if (!QIAO_DRIVER_HAS_SLOT(rt.driver, textureCreate))
    return fail(qiaoErrorNotSupported,
                std::string("driver ") + rt.driver->name + " has no texture objects");
  int device = currentDevice();
  uint64_t handle = 0;
  QIAO_TRY(fromDriver(rt.driver->textureCreate(device, &t, &handle), device, "textureCreate"));
  std::lock_guard lock(rt.mutex);
  rt.textures[handle] = device;
  *handleOut = handle;
  return Status::ok();
}

Status destroyObject(Runtime &rt, unsigned long long handle) {
  std::lock_guard lock(rt.mutex);
  auto it = rt.textures.find(handle);
  QIAO_REQUIRE(it != rt.textures.end(), qiaoErrorInvalidValue);
  int device = it->second;
  rt.textures.erase(it);
  return fromDriver(rt.driver->textureDestroy(handle), device, "textureDestroy");
}

} // namespace

extern "C" qiaoError_t qiaoCreateTextureObject(qiaoTextureObject_t *pTexObject,
                                               const qiaoResourceDesc *pResDesc,
                                               const qiaoTextureDesc *pTexDesc,
                                               const qiaoResourceViewDesc *pResViewDesc) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pTexObject != nullptr && pResDesc != nullptr && pTexDesc != nullptr,
                 qiaoErrorInvalidValue);
    QIAO_REQUIRE(pResViewDesc == nullptr, qiaoErrorNotSupported);
    auto t = seamStruct<qiaoDrvTextureDesc>();
    QIAO_TRY(describeResource(rt, *pResDesc, t));
    QIAO_TRY(describeSampling(*pTexDesc, t));
    return createObject(rt, t, pTexObject);
  });
}

extern "C" qiaoError_t qiaoDestroyTextureObject(qiaoTextureObject_t texObject) {
  return enter([&](Runtime &rt) { return destroyObject(rt, texObject); });
}

// A surface is an array the kernel addresses by bytes, without sampling: the same object.
extern "C" qiaoError_t qiaoCreateSurfaceObject(qiaoSurfaceObject_t *pSurfObject,
                                               const qiaoResourceDesc *pResDesc) {
  return enter([&](Runtime &rt) -> Status {
    QIAO_REQUIRE(pSurfObject != nullptr && pResDesc != nullptr, qiaoErrorInvalidValue);
    QIAO_REQUIRE(pResDesc->resType == qiaoResourceTypeArray, qiaoErrorInvalidValue);
    {
      std::lock_guard lock(rt.mutex);
      qiaoArray_t array = pResDesc->res.array.array;
      QIAO_REQUIRE(array != nullptr && rt.arrays.count(array) != 0, qiaoErrorInvalidResourceHandle);
      QIAO_REQUIRE((array->flags & qiaoArraySurfaceLoadStore) != 0, qiaoErrorInvalidValue);
    }
    auto t = seamStruct<qiaoDrvTextureDesc>();
    QIAO_TRY(describeResource(rt, *pResDesc, t));
    t.addressMode[0] = t.addressMode[1] = t.addressMode[2] = qiaoAddressModeClamp;
    return createObject(rt, t, pSurfObject);
  });
}

extern "C" qiaoError_t qiaoDestroySurfaceObject(qiaoSurfaceObject_t surfObject) {
  return enter([&](Runtime &rt) { return destroyObject(rt, surfObject); });
}
