// Libraries and kernels across a reset of the primary context, as NVIDIA's static runtime uses
// them: in CUDA a CUlibrary and its CUkernel handles are context-independent and outlive
// cuDevicePrimaryCtxReset; the kernel loads again into the new context, its device variables
// from their initial values, while a CUfunction belongs to the context it was got in.
#include <cuda.h>

#include <gtest/gtest.h>

#include <dlfcn.h>

namespace {

void *library() {
  static void *handle = dlopen(QIAO_LIBCUDA_PATH, RTLD_NOW | RTLD_LOCAL);
  return handle;
}

#define CU(name) reinterpret_cast<decltype(&::name)>(dlsym(library(), #name))

const char *kPtx = R"(.version 8.0
.target sm_80
.address_size 64
.visible .global .align 4 .u32 launches = 7;
.visible .entry bump(.param .u64 out)
{
  .reg .b32 %r<3>; .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r1, [launches];
  add.u32 %r2, %r1, 1;
  st.global.u32 [launches], %r2;
  st.global.u32 [%rd1], %r2;
  ret;
}
)";

// Launches `kernel` once (one thread) and returns what it wrote, or -1 on a failed call.
int launchOnce(CUkernel kernel) {
  CUdeviceptr out = 0;
  if (CU(cuMemAlloc_v2)(&out, sizeof(unsigned)) != CUDA_SUCCESS)
    return -1;
  void *args[] = {&out};
  // NVIDIA's static runtime passes the CUkernel where cuLaunchKernel takes a CUfunction.
  if (CU(cuLaunchKernel)(reinterpret_cast<CUfunction>(kernel), 1, 1, 1, 1, 1, 1, 0, nullptr, args,
                         nullptr) != CUDA_SUCCESS ||
      CU(cuCtxSynchronize)() != CUDA_SUCCESS)
    return -1;
  unsigned value = 0;
  if (CU(cuMemcpyDtoH_v2)(&value, out, sizeof value) != CUDA_SUCCESS)
    return -1;
  CU(cuMemFree_v2)(out);
  return static_cast<int>(value);
}

TEST(LibraryReset, KernelsOutliveAPrimaryContextReset) {
  ASSERT_NE(library(), nullptr) << dlerror();
  ASSERT_EQ(CU(cuInit)(0), CUDA_SUCCESS);
  CUdevice device = 0;
  CUcontext context = nullptr;
  ASSERT_EQ(CU(cuDevicePrimaryCtxRetain)(&context, device), CUDA_SUCCESS);
  ASSERT_EQ(CU(cuCtxSetCurrent)(context), CUDA_SUCCESS);

  CUlibrary lib = nullptr;
  ASSERT_EQ(CU(cuLibraryLoadData)(&lib, kPtx, nullptr, nullptr, 0, nullptr, nullptr, 0),
            CUDA_SUCCESS);
  CUkernel kernel = nullptr, again = nullptr;
  ASSERT_EQ(CU(cuLibraryGetKernel)(&kernel, lib, "bump"), CUDA_SUCCESS);
  ASSERT_EQ(CU(cuLibraryGetKernel)(&again, lib, "bump"), CUDA_SUCCESS);
  EXPECT_EQ(kernel, again); // one handle per kernel of a library
  CUkernel missing = nullptr;
  EXPECT_EQ(CU(cuLibraryGetKernel)(&missing, lib, "nothing"), CUDA_ERROR_NOT_FOUND);

  EXPECT_EQ(launchOnce(kernel), 8);
  EXPECT_EQ(launchOnce(kernel), 9);
  CUfunction before = nullptr;
  ASSERT_EQ(CU(cuKernelGetFunction)(&before, kernel), CUDA_SUCCESS);
  int threads = 0;
  EXPECT_EQ(CU(cuFuncGetAttribute)(&threads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, before),
            CUDA_SUCCESS);
  EXPECT_EQ(threads, 1024);

  ASSERT_EQ(CU(cuDevicePrimaryCtxReset_v2)(device), CUDA_SUCCESS);
  // The same handles, loaded again into the context after the reset: the variable starts over.
  EXPECT_EQ(launchOnce(kernel), 8);
  CUdeviceptr variable = 0;
  size_t bytes = 0;
  ASSERT_EQ(CU(cuLibraryGetGlobal)(&variable, &bytes, lib, "launches"), CUDA_SUCCESS);
  EXPECT_EQ(bytes, sizeof(unsigned));
  unsigned value = 0;
  ASSERT_EQ(CU(cuMemcpyDtoH_v2)(&value, variable, sizeof value), CUDA_SUCCESS);
  EXPECT_EQ(value, 8u);
  CUfunction after = nullptr;
  ASSERT_EQ(CU(cuKernelGetFunction)(&after, kernel), CUDA_SUCCESS);
  threads = 0;
  EXPECT_EQ(CU(cuFuncGetAttribute)(&threads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, after),
            CUDA_SUCCESS);
  EXPECT_EQ(threads, 1024);
  int attribute = 0;
  EXPECT_EQ(
      CU(cuKernelGetAttribute)(&attribute, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, kernel, device),
      CUDA_SUCCESS);
  EXPECT_EQ(attribute, 1024);

  EXPECT_EQ(CU(cuLibraryUnload)(lib), CUDA_SUCCESS);
  EXPECT_EQ(CU(cuLibraryUnload)(lib), CUDA_ERROR_INVALID_HANDLE);
  EXPECT_EQ(CU(cuDevicePrimaryCtxRelease_v2)(device), CUDA_SUCCESS);
}

// Qiao's libcudart resets the device through libqiao (cudaDeviceReset), not through
// cuDevicePrimaryCtxReset: a library of the driver API loads again after that reset too.
TEST(LibraryReset, KernelsOutliveTheRuntimesDeviceReset) {
  ASSERT_NE(library(), nullptr) << dlerror();
  ASSERT_EQ(CU(cuInit)(0), CUDA_SUCCESS);
  CUcontext context = nullptr;
  ASSERT_EQ(CU(cuDevicePrimaryCtxRetain)(&context, 0), CUDA_SUCCESS);
  ASSERT_EQ(CU(cuCtxSetCurrent)(context), CUDA_SUCCESS);
  CUlibrary lib = nullptr;
  ASSERT_EQ(CU(cuLibraryLoadData)(&lib, kPtx, nullptr, nullptr, 0, nullptr, nullptr, 0),
            CUDA_SUCCESS);
  CUkernel kernel = nullptr;
  ASSERT_EQ(CU(cuLibraryGetKernel)(&kernel, lib, "bump"), CUDA_SUCCESS);
  EXPECT_EQ(launchOnce(kernel), 8);
  // libqiao is libcuda's dependency: found through its handle.
  using DeviceReset = int();
  auto *deviceReset = reinterpret_cast<DeviceReset *>(dlsym(library(), "qiaoDeviceReset"));
  ASSERT_NE(deviceReset, nullptr) << dlerror();
  ASSERT_EQ(deviceReset(), 0);
  EXPECT_EQ(launchOnce(kernel), 8);
  EXPECT_EQ(launchOnce(kernel), 9);
  EXPECT_EQ(CU(cuLibraryUnload)(lib), CUDA_SUCCESS);
}

} // namespace
