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
  qiaoDrvErrorProfilerDisabled = 5, /* profiler disabled */
  qiaoDrvErrorProfilerNotInitialized = 6, /* profiler not initialized */
  qiaoDrvErrorProfilerAlreadyStarted = 7, /* profiler already started */
  qiaoDrvErrorProfilerAlreadyStopped = 8, /* profiler already stopped */
  qiaoDrvErrorInvalidConfiguration = 9, /* invalid configuration argument */
  qiaoDrvErrorInvalidPitchValue = 12, /* invalid pitch argument */
  qiaoDrvErrorInvalidSymbol = 13, /* invalid device symbol */
  qiaoDrvErrorInvalidHostPointer = 16, /* invalid host pointer */
  qiaoDrvErrorInvalidDevicePointer = 17, /* invalid device pointer */
  qiaoDrvErrorInvalidTexture = 18, /* invalid texture */
  qiaoDrvErrorInvalidTextureBinding = 19, /* invalid texture binding */
  qiaoDrvErrorInvalidChannelDescriptor = 20, /* invalid channel descriptor */
  qiaoDrvErrorInvalidMemcpyDirection = 21, /* invalid copy direction for memcpy */
  qiaoDrvErrorAddressOfConstant = 22, /* address of constant */
  qiaoDrvErrorTextureFetchFailed = 23, /* texture fetch failed */
  qiaoDrvErrorTextureNotBound = 24, /* texture not bound */
  qiaoDrvErrorSynchronizationError = 25, /* synchronization error */
  qiaoDrvErrorInvalidFilterSetting = 26, /* invalid filter setting */
  qiaoDrvErrorInvalidNormSetting = 27, /* invalid norm setting */
  qiaoDrvErrorMixedDeviceExecution = 28, /* mixed device execution */
  qiaoDrvErrorNotYetImplemented = 31, /* not yet implemented */
  qiaoDrvErrorMemoryValueTooLarge = 32, /* memory value too large */
  qiaoDrvErrorStubLibrary = 34, /* stub library */
  qiaoDrvErrorInsufficientDriver = 35, /* CUDA driver version is insufficient for CUDA runtime version */
  qiaoDrvErrorCallRequiresNewerDriver = 36, /* call requires newer driver */
  qiaoDrvErrorInvalidSurface = 37, /* invalid surface */
  qiaoDrvErrorDuplicateVariableName = 43, /* duplicate variable name */
  qiaoDrvErrorDuplicateTextureName = 44, /* duplicate texture name */
  qiaoDrvErrorDuplicateSurfaceName = 45, /* duplicate surface name */
  qiaoDrvErrorDevicesUnavailable = 46, /* devices unavailable */
  qiaoDrvErrorIncompatibleDriverContext = 49, /* incompatible driver context */
  qiaoDrvErrorMissingConfiguration = 52, /* missing configuration */
  qiaoDrvErrorPriorLaunchFailure = 53, /* prior launch failure */
  qiaoDrvErrorLaunchMaxDepthExceeded = 65, /* launch max depth exceeded */
  qiaoDrvErrorLaunchFileScopedTex = 66, /* launch file scoped tex */
  qiaoDrvErrorLaunchFileScopedSurf = 67, /* launch file scoped surf */
  qiaoDrvErrorSyncDepthExceeded = 68, /* sync depth exceeded */
  qiaoDrvErrorLaunchPendingCountExceeded = 69, /* launch pending count exceeded */
  qiaoDrvErrorInvalidDeviceFunction = 98, /* invalid device function */
  qiaoDrvErrorNoDevice = 100, /* no CUDA-capable device is detected */
  qiaoDrvErrorInvalidDevice = 101, /* invalid device ordinal */
  qiaoDrvErrorDeviceNotLicensed = 102, /* device not licensed */
  qiaoDrvErrorSoftwareValidityNotEstablished = 103, /* software validity not established */
  qiaoDrvErrorStartupFailure = 127, /* startup failure */
  qiaoDrvErrorInvalidKernelImage = 200, /* device kernel image is invalid */
  qiaoDrvErrorDeviceUninitialized = 201, /* device uninitialized */
  qiaoDrvErrorMapBufferObjectFailed = 205, /* map buffer object failed */
  qiaoDrvErrorUnmapBufferObjectFailed = 206, /* unmap buffer object failed */
  qiaoDrvErrorArrayIsMapped = 207, /* array is mapped */
  qiaoDrvErrorAlreadyMapped = 208, /* already mapped */
  qiaoDrvErrorNoKernelImageForDevice = 209, /* no kernel image is available for execution on the device */
  qiaoDrvErrorAlreadyAcquired = 210, /* already acquired */
  qiaoDrvErrorNotMapped = 211, /* not mapped */
  qiaoDrvErrorNotMappedAsArray = 212, /* not mapped as array */
  qiaoDrvErrorNotMappedAsPointer = 213, /* not mapped as pointer */
  qiaoDrvErrorECCUncorrectable = 214, /* eccuncorrectable */
  qiaoDrvErrorUnsupportedLimit = 215, /* unsupported limit */
  qiaoDrvErrorDeviceAlreadyInUse = 216, /* device already in use */
  qiaoDrvErrorPeerAccessUnsupported = 217, /* peer access unsupported */
  qiaoDrvErrorInvalidPtx = 218, /* a PTX JIT compilation failed */
  qiaoDrvErrorInvalidGraphicsContext = 219, /* invalid graphics context */
  qiaoDrvErrorNvlinkUncorrectable = 220, /* nvlink uncorrectable */
  qiaoDrvErrorJitCompilerNotFound = 221, /* jit compiler not found */
  qiaoDrvErrorUnsupportedPtxVersion = 222, /* unsupported ptx version */
  qiaoDrvErrorJitCompilationDisabled = 223, /* jit compilation disabled */
  qiaoDrvErrorUnsupportedExecAffinity = 224, /* unsupported exec affinity */
  qiaoDrvErrorUnsupportedDevSideSync = 225, /* unsupported dev side sync */
  qiaoDrvErrorContained = 226, /* contained */
  qiaoDrvErrorInvalidSource = 300, /* invalid source */
  qiaoDrvErrorFileNotFound = 301, /* file not found */
  qiaoDrvErrorSharedObjectSymbolNotFound = 302, /* shared object symbol not found */
  qiaoDrvErrorSharedObjectInitFailed = 303, /* shared object init failed */
  qiaoDrvErrorOperatingSystem = 304, /* operating system */
  qiaoDrvErrorInvalidResourceHandle = 400, /* invalid resource handle */
  qiaoDrvErrorIllegalState = 401, /* illegal state */
  qiaoDrvErrorLossyQuery = 402, /* lossy query */
  qiaoDrvErrorSymbolNotFound = 500, /* named symbol not found */
  qiaoDrvErrorNotReady = 600, /* device not ready */
  qiaoDrvErrorIllegalAddress = 700, /* an illegal memory access was encountered */
  qiaoDrvErrorLaunchOutOfResources = 701, /* too many resources requested for launch */
  qiaoDrvErrorLaunchTimeout = 702, /* the launch timed out and was terminated */
  qiaoDrvErrorLaunchIncompatibleTexturing = 703, /* launch incompatible texturing */
  qiaoDrvErrorPeerAccessAlreadyEnabled = 704, /* peer access is already enabled */
  qiaoDrvErrorPeerAccessNotEnabled = 705, /* peer access has not been enabled */
  qiaoDrvErrorSetOnActiveProcess = 708, /* set on active process */
  qiaoDrvErrorContextIsDestroyed = 709, /* context is destroyed */
  qiaoDrvErrorAssert = 710, /* device-side assert triggered */
  qiaoDrvErrorTooManyPeers = 711, /* too many peers */
  qiaoDrvErrorHostMemoryAlreadyRegistered = 712, /* part or all of the requested memory range is already mapped */
  qiaoDrvErrorHostMemoryNotRegistered = 713, /* pointer does not correspond to a registered memory region */
  qiaoDrvErrorHardwareStackError = 714, /* hardware stack error */
  qiaoDrvErrorIllegalInstruction = 715, /* an illegal instruction was encountered */
  qiaoDrvErrorMisalignedAddress = 716, /* misaligned address */
  qiaoDrvErrorInvalidAddressSpace = 717, /* invalid address space */
  qiaoDrvErrorInvalidPc = 718, /* invalid pc */
  qiaoDrvErrorLaunchFailure = 719, /* unspecified launch failure */
  qiaoDrvErrorCooperativeLaunchTooLarge = 720, /* cooperative launch too large */
  qiaoDrvErrorTensorMemoryLeak = 721, /* tensor memory leak */
  qiaoDrvErrorNotPermitted = 800, /* not permitted */
  qiaoDrvErrorNotSupported = 801, /* operation not supported */
  qiaoDrvErrorSystemNotReady = 802, /* system not ready */
  qiaoDrvErrorSystemDriverMismatch = 803, /* system driver mismatch */
  qiaoDrvErrorCompatNotSupportedOnDevice = 804, /* compat not supported on device */
  qiaoDrvErrorMpsConnectionFailed = 805, /* mps connection failed */
  qiaoDrvErrorMpsRpcFailure = 806, /* mps rpc failure */
  qiaoDrvErrorMpsServerNotReady = 807, /* mps server not ready */
  qiaoDrvErrorMpsMaxClientsReached = 808, /* mps max clients reached */
  qiaoDrvErrorMpsMaxConnectionsReached = 809, /* mps max connections reached */
  qiaoDrvErrorMpsClientTerminated = 810, /* mps client terminated */
  qiaoDrvErrorCdpNotSupported = 811, /* cdp not supported */
  qiaoDrvErrorCdpVersionMismatch = 812, /* cdp version mismatch */
  qiaoDrvErrorStreamCaptureUnsupported = 900, /* stream capture unsupported */
  qiaoDrvErrorStreamCaptureInvalidated = 901, /* stream capture invalidated */
  qiaoDrvErrorStreamCaptureMerge = 902, /* stream capture merge */
  qiaoDrvErrorStreamCaptureUnmatched = 903, /* stream capture unmatched */
  qiaoDrvErrorStreamCaptureUnjoined = 904, /* stream capture unjoined */
  qiaoDrvErrorStreamCaptureIsolation = 905, /* stream capture isolation */
  qiaoDrvErrorStreamCaptureImplicit = 906, /* stream capture implicit */
  qiaoDrvErrorCapturedEvent = 907, /* captured event */
  qiaoDrvErrorStreamCaptureWrongThread = 908, /* stream capture wrong thread */
  qiaoDrvErrorTimeout = 909, /* timeout */
  qiaoDrvErrorGraphExecUpdateFailure = 910, /* graph exec update failure */
  qiaoDrvErrorExternalDevice = 911, /* external device */
  qiaoDrvErrorInvalidClusterSize = 912, /* invalid cluster size */
  qiaoDrvErrorFunctionNotLoaded = 913, /* function not loaded */
  qiaoDrvErrorInvalidResourceType = 914, /* invalid resource type */
  qiaoDrvErrorInvalidResourceConfiguration = 915, /* invalid resource configuration */
  qiaoDrvErrorUnknown = 999, /* unknown error */
} qiaoDrvError;

#endif /* QIAO_DRIVER_ERRORS_H */
