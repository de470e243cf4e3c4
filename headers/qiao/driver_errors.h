/*
 * Qiao driver seam: every status code a driver returns, by name, for drivers written in C (which
 * cannot include the runtime's header). Values are CUDA's cudaError_t numbers, as
 * qiao/qiao_runtime.h's qiaoError_t.
 *
 * Generated from headers/qiao/qiao_errors.def by cmake/GenerateDriverErrors.cmake: do not edit;
 * change the .def and rerun it (the test driver_errors.in_sync fails until then).
 */
#ifndef QIAO_DRIVER_ERRORS_H
#define QIAO_DRIVER_ERRORS_H

typedef enum qiaoDrvError {
  qiaoDrvSuccess = 0, /* no error */
  qiaoDrvErrorInvalidValue = 1, /* invalid argument */
  qiaoDrvErrorMemoryAllocation = 2, /* out of memory */
  qiaoDrvErrorInitializationError = 3, /* initialization error */
  qiaoDrvErrorCudartUnloading = 4, /* driver shutting down */
  qiaoDrvErrorProfilerDisabled = 5, /* profiler disabled while using external profiling tool */
  qiaoDrvErrorProfilerNotInitialized = 6, /* profiler not initialized: call cudaProfilerInitialize() */
  qiaoDrvErrorProfilerAlreadyStarted = 7, /* profiler already started */
  qiaoDrvErrorProfilerAlreadyStopped = 8, /* profiler already stopped */
  qiaoDrvErrorInvalidConfiguration = 9, /* invalid configuration argument */
  qiaoDrvErrorInvalidPitchValue = 12, /* invalid pitch argument */
  qiaoDrvErrorInvalidSymbol = 13, /* invalid device symbol */
  qiaoDrvErrorInvalidHostPointer = 16, /* invalid host pointer */
  qiaoDrvErrorInvalidDevicePointer = 17, /* invalid device pointer */
  qiaoDrvErrorInvalidTexture = 18, /* invalid texture reference */
  qiaoDrvErrorInvalidTextureBinding = 19, /* texture is not bound to a pointer */
  qiaoDrvErrorInvalidChannelDescriptor = 20, /* invalid channel descriptor */
  qiaoDrvErrorInvalidMemcpyDirection = 21, /* invalid copy direction for memcpy */
  qiaoDrvErrorAddressOfConstant = 22, /* invalid address of constant */
  qiaoDrvErrorTextureFetchFailed = 23, /* fetch from texture failed */
  qiaoDrvErrorTextureNotBound = 24, /* cannot fetch from a texture that is not bound */
  qiaoDrvErrorSynchronizationError = 25, /* incorrect use of __syncthreads() */
  qiaoDrvErrorInvalidFilterSetting = 26, /* linear filtering not supported for non-float type */
  qiaoDrvErrorInvalidNormSetting = 27, /* read as normalized float not supported for data type */
  qiaoDrvErrorMixedDeviceExecution = 28, /* device emulation mode and device execution mode cannot be mixed */
  qiaoDrvErrorNotYetImplemented = 31, /* feature not yet implemented */
  qiaoDrvErrorMemoryValueTooLarge = 32, /* memory size or pointer value too large to fit in 32 bit */
  qiaoDrvErrorStubLibrary = 34, /* CUDA driver is a stub library */
  qiaoDrvErrorInsufficientDriver = 35, /* CUDA driver version is insufficient for CUDA runtime version */
  qiaoDrvErrorCallRequiresNewerDriver = 36, /* API call is not supported in the installed CUDA driver */
  qiaoDrvErrorInvalidSurface = 37, /* invalid surface reference */
  qiaoDrvErrorDuplicateVariableName = 43, /* duplicate global variable looked up by string name */
  qiaoDrvErrorDuplicateTextureName = 44, /* duplicate texture looked up by string name */
  qiaoDrvErrorDuplicateSurfaceName = 45, /* duplicate surface looked up by string name */
  qiaoDrvErrorDevicesUnavailable = 46, /* CUDA-capable device(s) is/are busy or unavailable */
  qiaoDrvErrorIncompatibleDriverContext = 49, /* incompatible driver context */
  qiaoDrvErrorMissingConfiguration = 52, /* __global__ function call is not configured */
  qiaoDrvErrorPriorLaunchFailure = 53, /* unspecified launch failure in prior launch */
  qiaoDrvErrorLaunchMaxDepthExceeded = 65, /* launch would exceed maximum depth of nested launches */
  qiaoDrvErrorLaunchFileScopedTex = 66, /* launch failed because kernel uses unsupported, file-scoped textures (texture objects are supported) */
  qiaoDrvErrorLaunchFileScopedSurf = 67, /* launch failed because kernel uses unsupported, file-scoped surfaces (surface objects are supported) */
  qiaoDrvErrorSyncDepthExceeded = 68, /* cudaDeviceSynchronize failed because caller's grid depth exceeds cudaLimitDevRuntimeSyncDepth */
  qiaoDrvErrorLaunchPendingCountExceeded = 69, /* launch failed because launch would exceed cudaLimitDevRuntimePendingLaunchCount */
  qiaoDrvErrorInvalidDeviceFunction = 98, /* invalid device function */
  qiaoDrvErrorNoDevice = 100, /* no CUDA-capable device is detected */
  qiaoDrvErrorInvalidDevice = 101, /* invalid device ordinal */
  qiaoDrvErrorDeviceNotLicensed = 102, /* device doesn't have valid Grid license */
  qiaoDrvErrorSoftwareValidityNotEstablished = 103, /* integrity checks failed */
  qiaoDrvErrorStartupFailure = 127, /* startup failure in cuda runtime */
  qiaoDrvErrorInvalidKernelImage = 200, /* device kernel image is invalid */
  qiaoDrvErrorDeviceUninitialized = 201, /* invalid device context */
  qiaoDrvErrorMapBufferObjectFailed = 205, /* mapping of buffer object failed */
  qiaoDrvErrorUnmapBufferObjectFailed = 206, /* unmapping of buffer object failed */
  qiaoDrvErrorArrayIsMapped = 207, /* array is mapped */
  qiaoDrvErrorAlreadyMapped = 208, /* resource already mapped */
  qiaoDrvErrorNoKernelImageForDevice = 209, /* no kernel image is available for execution on the device */
  qiaoDrvErrorAlreadyAcquired = 210, /* resource already acquired */
  qiaoDrvErrorNotMapped = 211, /* resource not mapped */
  qiaoDrvErrorNotMappedAsArray = 212, /* resource not mapped as array */
  qiaoDrvErrorNotMappedAsPointer = 213, /* resource not mapped as pointer */
  qiaoDrvErrorECCUncorrectable = 214, /* uncorrectable ECC error encountered */
  qiaoDrvErrorUnsupportedLimit = 215, /* limit is not supported on this architecture */
  qiaoDrvErrorDeviceAlreadyInUse = 216, /* exclusive-thread device already in use by a different thread */
  qiaoDrvErrorPeerAccessUnsupported = 217, /* peer access is not supported between these two devices */
  qiaoDrvErrorInvalidPtx = 218, /* a PTX JIT compilation failed */
  qiaoDrvErrorInvalidGraphicsContext = 219, /* invalid OpenGL or DirectX context */
  qiaoDrvErrorNvlinkUncorrectable = 220, /* uncorrectable NVLink error detected during the execution */
  qiaoDrvErrorJitCompilerNotFound = 221, /* PTX JIT compiler library not found */
  qiaoDrvErrorUnsupportedPtxVersion = 222, /* the provided PTX was compiled with an unsupported toolchain. */
  qiaoDrvErrorJitCompilationDisabled = 223, /* PTX JIT compilation was disabled */
  qiaoDrvErrorUnsupportedExecAffinity = 224, /* the provided execution affinity is not supported */
  qiaoDrvErrorUnsupportedDevSideSync = 225, /* the provided PTX contains unsupported call to cudaDeviceSynchronize */
  qiaoDrvErrorContained = 226, /* Invalid access of peer GPU memory over nvlink or a hardware error */
  qiaoDrvErrorInvalidSource = 300, /* device kernel image is invalid */
  qiaoDrvErrorFileNotFound = 301, /* file not found */
  qiaoDrvErrorSharedObjectSymbolNotFound = 302, /* shared object symbol not found */
  qiaoDrvErrorSharedObjectInitFailed = 303, /* shared object initialization failed */
  qiaoDrvErrorOperatingSystem = 304, /* OS call failed or operation not supported on this OS */
  qiaoDrvErrorInvalidResourceHandle = 400, /* invalid resource handle */
  qiaoDrvErrorIllegalState = 401, /* the operation cannot be performed in the present state */
  qiaoDrvErrorLossyQuery = 402, /* attempted introspection would be semantically lossy */
  qiaoDrvErrorSymbolNotFound = 500, /* named symbol not found */
  qiaoDrvErrorNotReady = 600, /* device not ready */
  qiaoDrvErrorIllegalAddress = 700, /* an illegal memory access was encountered */
  qiaoDrvErrorLaunchOutOfResources = 701, /* too many resources requested for launch */
  qiaoDrvErrorLaunchTimeout = 702, /* the launch timed out and was terminated */
  qiaoDrvErrorLaunchIncompatibleTexturing = 703, /* launch uses incompatible texturing mode */
  qiaoDrvErrorPeerAccessAlreadyEnabled = 704, /* peer access is already enabled */
  qiaoDrvErrorPeerAccessNotEnabled = 705, /* peer access has not been enabled */
  qiaoDrvErrorSetOnActiveProcess = 708, /* cannot set while device is active in this process */
  qiaoDrvErrorContextIsDestroyed = 709, /* context is destroyed */
  qiaoDrvErrorAssert = 710, /* device-side assert triggered */
  qiaoDrvErrorTooManyPeers = 711, /* peer mapping resources exhausted */
  qiaoDrvErrorHostMemoryAlreadyRegistered = 712, /* part or all of the requested memory range is already mapped */
  qiaoDrvErrorHostMemoryNotRegistered = 713, /* pointer does not correspond to a registered memory region */
  qiaoDrvErrorHardwareStackError = 714, /* hardware stack error */
  qiaoDrvErrorIllegalInstruction = 715, /* an illegal instruction was encountered */
  qiaoDrvErrorMisalignedAddress = 716, /* misaligned address */
  qiaoDrvErrorInvalidAddressSpace = 717, /* operation not supported on global/shared address space */
  qiaoDrvErrorInvalidPc = 718, /* invalid program counter */
  qiaoDrvErrorLaunchFailure = 719, /* unspecified launch failure */
  qiaoDrvErrorCooperativeLaunchTooLarge = 720, /* too many blocks in cooperative launch */
  qiaoDrvErrorTensorMemoryLeak = 721, /* tensor memory not completely freed */
  qiaoDrvErrorNotPermitted = 800, /* operation not permitted */
  qiaoDrvErrorNotSupported = 801, /* operation not supported */
  qiaoDrvErrorSystemNotReady = 802, /* system not yet initialized */
  qiaoDrvErrorSystemDriverMismatch = 803, /* system has unsupported display driver / cuda driver combination */
  qiaoDrvErrorCompatNotSupportedOnDevice = 804, /* forward compatibility was attempted on non supported HW */
  qiaoDrvErrorMpsConnectionFailed = 805, /* MPS client failed to connect to the MPS control daemon or the MPS server */
  qiaoDrvErrorMpsRpcFailure = 806, /* the remote procedural call between the MPS server and the MPS client failed */
  qiaoDrvErrorMpsServerNotReady = 807, /* MPS server is not ready to accept new MPS client requests */
  qiaoDrvErrorMpsMaxClientsReached = 808, /* the hardware resources required to create MPS client have been exhausted */
  qiaoDrvErrorMpsMaxConnectionsReached = 809, /* the hardware resources required to support device connections have been exhausted */
  qiaoDrvErrorMpsClientTerminated = 810, /* the MPS client has been terminated by the server */
  qiaoDrvErrorCdpNotSupported = 811, /* is using CUDA Dynamic Parallelism, but the current configuration, like MPS, does not support it */
  qiaoDrvErrorCdpVersionMismatch = 812, /* unsupported interaction between different versions of CUDA Dynamic Parallelism */
  qiaoDrvErrorStreamCaptureUnsupported = 900, /* operation not permitted when stream is capturing */
  qiaoDrvErrorStreamCaptureInvalidated = 901, /* operation failed due to a previous error during capture */
  qiaoDrvErrorStreamCaptureMerge = 902, /* operation would result in a merge of separate capture sequences */
  qiaoDrvErrorStreamCaptureUnmatched = 903, /* capture was not ended in the same stream as it began */
  qiaoDrvErrorStreamCaptureUnjoined = 904, /* capturing stream has unjoined work */
  qiaoDrvErrorStreamCaptureIsolation = 905, /* dependency created on uncaptured work in another stream */
  qiaoDrvErrorStreamCaptureImplicit = 906, /* operation would make the legacy stream depend on a capturing blocking stream */
  qiaoDrvErrorCapturedEvent = 907, /* operation not permitted on an event last recorded in a capturing stream */
  qiaoDrvErrorStreamCaptureWrongThread = 908, /* attempt to terminate a thread-local capture sequence from another thread */
  qiaoDrvErrorTimeout = 909, /* wait operation timed out */
  qiaoDrvErrorGraphExecUpdateFailure = 910, /* the graph update was not performed because it included changes which violated constraints specific to instantiated graph update */
  qiaoDrvErrorExternalDevice = 911, /* an async error has occured in external entity outside of CUDA */
  qiaoDrvErrorInvalidClusterSize = 912, /* a kernel launch error has occurred due to cluster misconfiguration */
  qiaoDrvErrorFunctionNotLoaded = 913, /* the function handle is not loaded when calling an API that requires a loaded function */
  qiaoDrvErrorInvalidResourceType = 914, /* one or more resources passed in are not valid resource types for the operation */
  qiaoDrvErrorInvalidResourceConfiguration = 915, /* one or more resources are insufficient or non-applicable for the operation */
  qiaoDrvErrorUnknown = 999, /* unknown error */
  qiaoDrvErrorApiFailureBase = 10000, /* api failure base */
} qiaoDrvError;

#endif /* QIAO_DRIVER_ERRORS_H */
