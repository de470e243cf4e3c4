// A kernel the driver API's way: PTX loaded into a module, a function looked up by name, device
// memory named by integer addresses, cuLaunchKernel with a parameter array, results read back.
#include "axpy_ptx.h"
#include "driver_checks.h"

#include <vector>

bool checkKernels(CUdevice device) {
  CUcontext context;
  CU_CHECK(cuCtxCreate(&context, NULL, 0, device));
  CUmodule module;
  CU_CHECK(cuModuleLoadData(&module, kAxpyPtx));
  CUfunction axpy, missing;
  CU_CHECK(cuModuleGetFunction(&axpy, module, "axpy"));
  EXPECT_THAT(cuModuleGetFunction(&missing, module, "no_such_kernel") == CUDA_ERROR_NOT_FOUND,
              "an unknown kernel name was found");

  const unsigned int n = 3000;
  const size_t bytes = n * sizeof(float);
  std::vector<float> x(n), y(n);
  for (unsigned int i = 0; i < n; ++i)
    x[i] = float(i % 100);
  CUdeviceptr dX, dY, dTail;
  CU_CHECK(cuMemAlloc(&dX, bytes));
  CU_CHECK(cuMemAlloc(&dY, bytes));
  CU_CHECK(cuMemAlloc(&dTail, bytes / 2));
  CU_CHECK(cuMemcpyHtoD(dX, x.data(), bytes));
  CU_CHECK(cuMemsetD32(dY, 0x3f800000u, n)); // 1.0f in every element

  CUstream stream;
  CU_CHECK(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  float a = 2.0f;
  unsigned int count = n;
  void *params[] = {&a, &dX, &dY, &count};
  const unsigned int block = 128, grid = (n + block - 1) / block;
  CU_CHECK(cuLaunchKernel(axpy, grid, 1, 1, block, 1, 1, 0, stream, params, NULL));
  CU_CHECK(cuMemcpyDtoHAsync(y.data(), dY, bytes, stream));
  CU_CHECK(cuStreamSynchronize(stream));
  for (unsigned int i = 0; i < n; ++i)
    EXPECT_THAT(y[i] == 2.0f * x[i] + 1.0f, "y[%u] = %g", i, double(y[i]));

  // Device addresses are integers: the second half of y, by arithmetic on its address.
  CU_CHECK(cuMemcpyDtoD(dTail, dY + bytes / 2, bytes / 2));
  std::vector<float> tail(n / 2);
  CU_CHECK(cuMemcpyDtoH(tail.data(), dTail, bytes / 2));
  EXPECT_THAT(tail[0] == y[n / 2], "tail[0] = %g", double(tail[0]));

  CUdeviceptr dLaunches;
  size_t globalBytes = 0;
  CU_CHECK(cuModuleGetGlobal(&dLaunches, &globalBytes, module, "launches"));
  unsigned int launches = 0;
  CU_CHECK(cuMemcpyDtoH(&launches, dLaunches, sizeof launches));
  EXPECT_THAT(globalBytes == 4 && launches == 1, "%zu bytes, %u launches", globalBytes, launches);

  CU_CHECK(cuCtxSynchronize());
  CU_CHECK(cuStreamDestroy(stream));
  CU_CHECK(cuMemFree(dX));
  CU_CHECK(cuMemFree(dY));
  CU_CHECK(cuMemFree(dTail));
  CU_CHECK(cuModuleUnload(module));
  CU_CHECK(cuCtxDestroy(context));
  return true;
}
