// Texture and surface objects over libqiao's (descriptor structs with CUDA's layouts).
#include "QiaoCuda.h"

using namespace qiao::cudart;

static_assert(sizeof(qiaoResourceDesc) == sizeof(cudaResourceDesc));
static_assert(sizeof(qiaoTextureDesc) == sizeof(cudaTextureDesc));
static_assert(sizeof(qiaoResourceViewDesc) == sizeof(cudaResourceViewDesc));
static_assert(int(qiaoResourceTypePitch2D) == int(cudaResourceTypePitch2D));
static_assert(int(qiaoAddressModeBorder) == int(cudaAddressModeBorder));

extern "C" {

cudaError_t cudaCreateTextureObject(cudaTextureObject_t *pTexObject,
                                    const cudaResourceDesc *pResDesc,
                                    const cudaTextureDesc *pTexDesc,
                                    const cudaResourceViewDesc *pResViewDesc) {
  return QIAO_TRACED(toCuda(qiaoCreateTextureObject(
                         pTexObject, reinterpret_cast<const qiaoResourceDesc *>(pResDesc),
                         reinterpret_cast<const qiaoTextureDesc *>(pTexDesc),
                         reinterpret_cast<const qiaoResourceViewDesc *>(pResViewDesc))),
                     pTexObject, pResDesc, pTexDesc, pResViewDesc);
}

cudaError_t cudaDestroyTextureObject(cudaTextureObject_t texObject) {
  return QIAO_TRACED(toCuda(qiaoDestroyTextureObject(texObject)), texObject);
}

cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t *pSurfObject,
                                    const cudaResourceDesc *pResDesc) {
  return QIAO_TRACED(toCuda(qiaoCreateSurfaceObject(
                         pSurfObject, reinterpret_cast<const qiaoResourceDesc *>(pResDesc))),
                     pSurfObject, pResDesc);
}

cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t surfObject) {
  return QIAO_TRACED(toCuda(qiaoDestroySurfaceObject(surfObject)), surfObject);
}

} // extern "C"
