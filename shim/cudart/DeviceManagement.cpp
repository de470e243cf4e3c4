// Device selection, flags, synchronisation, reset, limits, cache configuration and peers.
#include "QiaoCuda.h"
#include "RegistrationState.h"

using namespace qiao::cudart;

namespace {

cudaError_t validDevice(int device) {
  int count = 0;
  if (cudaError_t failed = toCuda(qiaoGetDeviceCount(&count)))
    return failed;
  return device >= 0 && device < count ? cudaSuccess : cudaErrorInvalidDevice;
}

} // namespace

extern "C" {

cudaError_t cudaGetDeviceCount(int *count) {
  return QIAO_TRACED(toCuda(qiaoGetDeviceCount(count)), count);
}

cudaError_t cudaSetDevice(int device) { return QIAO_TRACED(toCuda(qiaoSetDevice(device)), device); }

cudaError_t cudaGetDevice(int *device) {
  return QIAO_TRACED(toCuda(qiaoGetDevice(device)), device);
}

// Every device in the list must exist; the runtime then uses the current device, which is always
// one of them when the list is the device set (the emulator has no busy devices to skip).
cudaError_t cudaSetValidDevices(int *deviceArr, int len) {
  cudaError_t result = cudaSuccess;
  if (len < 0 || (len > 0 && deviceArr == nullptr))
    result = cudaErrorInvalidValue;
  for (int i = 0; result == cudaSuccess && i < len; ++i)
    result = validDevice(deviceArr[i]);
  return QIAO_TRACED(result, deviceArr, len);
}

// Initialises `device` without making it current; with cudaInitDeviceFlagsAreValid the
// scheduling flags are applied as cudaSetDeviceFlags would.
cudaError_t cudaInitDevice(int device, unsigned int deviceFlags, unsigned int flags) {
  cudaError_t result = validDevice(device);
  if (result == cudaSuccess && (flags & ~unsigned(cudaInitDeviceFlagsAreValid)) != 0)
    result = cudaErrorInvalidValue;
  if (result == cudaSuccess && (flags & cudaInitDeviceFlagsAreValid)) {
    int current = 0;
    result = toCuda(qiaoGetDevice(&current));
    if (result == cudaSuccess && (result = toCuda(qiaoSetDevice(device))) == cudaSuccess) {
      result = toCuda(qiaoSetDeviceFlags(deviceFlags));
      qiaoSetDevice(current);
    }
  }
  return QIAO_TRACED(result, device, deviceFlags, flags);
}

cudaError_t cudaSetDeviceFlags(unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoSetDeviceFlags(flags)), flags);
}

cudaError_t cudaGetDeviceFlags(unsigned int *flags) {
  return QIAO_TRACED(toCuda(qiaoGetDeviceFlags(flags)), flags);
}

cudaError_t cudaDeviceSynchronize(void) { return QIAO_TRACED(toCuda(qiaoDeviceSynchronize())); }

cudaError_t cudaDeviceReset(void) {
  int device = 0;
  qiaoGetDevice(&device);
  qiaoError_t result = qiaoDeviceReset();
  // The reset dropped the device's modules: its kernels and variables load again at next use.
  if (result == qiaoSuccess)
    qiao::shim::forgetLoadedModules(device);
  return QIAO_TRACED(toCuda(result));
}

cudaError_t cudaDeviceSetLimit(cudaLimit limit, size_t value) {
  return QIAO_TRACED(toCuda(qiaoDeviceSetLimit(static_cast<qiaoLimit>(limit), value)), limit,
                     value);
}

cudaError_t cudaDeviceGetLimit(size_t *value, cudaLimit limit) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetLimit(value, static_cast<qiaoLimit>(limit))), value,
                     limit);
}

cudaError_t cudaDeviceGetCacheConfig(cudaFuncCache *config) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetCacheConfig(reinterpret_cast<qiaoFuncCache *>(config))),
                     config);
}

cudaError_t cudaDeviceSetCacheConfig(cudaFuncCache config) {
  return QIAO_TRACED(toCuda(qiaoDeviceSetCacheConfig(static_cast<qiaoFuncCache>(config))), config);
}

// Bank-size configuration is gone from devices since compute capability 5.0: CUDA reports four
// bytes and accepts any valid setting without effect. So does the emulated device.
cudaError_t cudaDeviceGetSharedMemConfig(cudaSharedMemConfig *config) {
  cudaError_t result = config ? cudaSuccess : cudaErrorInvalidValue;
  if (config)
    *config = cudaSharedMemBankSizeFourByte;
  return QIAO_TRACED(result, config);
}

cudaError_t cudaDeviceSetSharedMemConfig(cudaSharedMemConfig config) {
  bool known = config == cudaSharedMemBankSizeDefault || config == cudaSharedMemBankSizeFourByte ||
               config == cudaSharedMemBankSizeEightByte;
  return QIAO_TRACED(known ? cudaSuccess : cudaErrorInvalidValue, config);
}

cudaError_t cudaDeviceGetStreamPriorityRange(int *leastPriority, int *greatestPriority) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetStreamPriorityRange(leastPriority, greatestPriority)),
                     leastPriority, greatestPriority);
}

cudaError_t cudaDeviceCanAccessPeer(int *canAccessPeer, int device, int peerDevice) {
  return QIAO_TRACED(toCuda(qiaoDeviceCanAccessPeer(canAccessPeer, device, peerDevice)),
                     canAccessPeer, device, peerDevice);
}

cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags) {
  return QIAO_TRACED(toCuda(qiaoDeviceEnablePeerAccess(peerDevice, flags)), peerDevice, flags);
}

cudaError_t cudaDeviceDisablePeerAccess(int peerDevice) {
  return QIAO_TRACED(toCuda(qiaoDeviceDisablePeerAccess(peerDevice)), peerDevice);
}

cudaError_t cudaDeviceGetPCIBusId(char *pciBusId, int len, int device) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetPCIBusId(pciBusId, len, device)), pciBusId, len, device);
}

cudaError_t cudaDeviceGetByPCIBusId(int *device, const char *pciBusId) {
  return QIAO_TRACED(toCuda(qiaoDeviceGetByPCIBusId(device, pciBusId)), device, pciBusId);
}

} // extern "C"
