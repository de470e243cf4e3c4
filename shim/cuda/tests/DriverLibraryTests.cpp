// libcuda.so.1 as programs see it: loaded with dlopen, called through cuda.h's declarations.
// Every exported name resolves; cuGetProcAddress answers what dlsym answers, per version and
// stream flavour; error names and strings; what needs cuInit and a context.
#include <cuda.h>

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <fstream>
#include <string>
#include <vector>

namespace {

void *library() {
  static void *handle = dlopen(QIAO_LIBCUDA_PATH, RTLD_NOW | RTLD_LOCAL);
  return handle;
}

template <class F> F *function(const char *name) {
  return reinterpret_cast<F *>(dlsym(library(), name));
}

std::vector<std::string> exportedNames() {
  std::vector<std::string> names;
  std::ifstream file(QIAO_LIBCUDA_EXPORTS);
  for (std::string line; std::getline(file, line);)
    if (!line.empty() && line[0] != '#')
      names.push_back(line);
  return names;
}

using GetProcAddress = CUresult(const char *, void **, int, cuuint64_t,
                                CUdriverProcAddressQueryResult *);

void *procAddress(const char *name, int version, cuuint64_t flags, CUresult *result = nullptr,
                  CUdriverProcAddressQueryResult *status = nullptr) {
  void *pfn = reinterpret_cast<void *>(0x1);
  CUdriverProcAddressQueryResult found{};
  CUresult code =
      function<GetProcAddress>("cuGetProcAddress_v2")(name, &pfn, version, flags, &found);
  if (result)
    *result = code;
  if (status)
    *status = found;
  return pfn;
}

} // namespace

TEST(DriverLibrary, LoadsAndExportsEveryName) {
  ASSERT_NE(library(), nullptr) << dlerror();
  auto names = exportedNames();
  EXPECT_EQ(names.size(), 637u);
  for (const auto &name : names)
    EXPECT_NE(dlsym(library(), name.c_str()), nullptr) << name;
}

TEST(DriverLibrary, ProcAddressOfEveryNameMatchesDlsym) {
  for (const auto &name : exportedNames()) {
    // Asked for by its exported name at the CUDA 13 version: a name that is not a versioned
    // request (cuMemAlloc) answers with itself.
    CUresult result;
    void *pfn = procAddress(name.c_str(), 13000, CU_GET_PROC_ADDRESS_DEFAULT, &result);
    ASSERT_EQ(result, CUDA_SUCCESS) << name;
    EXPECT_NE(pfn, nullptr) << name;
    bool versionedRequest =
        name.find("_v") == std::string::npos && name.find("_pt") == std::string::npos;
    if (!versionedRequest) {
      EXPECT_EQ(pfn, dlsym(library(), name.c_str())) << name;
    }
  }
}

TEST(DriverLibrary, ProcAddressHonoursVersions) {
  auto same = [](const char *request, int version, const char *symbol, cuuint64_t flags = 0) {
    EXPECT_EQ(procAddress(request, version, flags), dlsym(library(), symbol))
        << request << " at " << version;
  };
  same("cuMemAlloc", 2000, "cuMemAlloc");
  same("cuMemAlloc", 3020, "cuMemAlloc_v2");
  same("cuMemAlloc", 13000, "cuMemAlloc_v2");
  same("cuCtxCreate", 11040, "cuCtxCreate_v3");
  same("cuCtxCreate", 12050, "cuCtxCreate_v4");
  same("cuEventElapsedTime", 12000, "cuEventElapsedTime");
  same("cuEventElapsedTime", 12080, "cuEventElapsedTime_v2");
  same("cuGetProcAddress", 12000, "cuGetProcAddress_v2");
  same("cuInit", 2000, "cuInit");
  // Per-thread default stream flavours on request.
  same("cuLaunchKernel", 12000, "cuLaunchKernel_ptsz",
       CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM);
  same("cuLaunchKernel", 12000, "cuLaunchKernel", CU_GET_PROC_ADDRESS_LEGACY_STREAM);
  same("cuMemcpyHtoD", 12000, "cuMemcpyHtoD_v2_ptds",
       CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM);
  same("cuInit", 12000, "cuInit", CU_GET_PROC_ADDRESS_PER_THREAD_DEFAULT_STREAM);

  CUresult result;
  CUdriverProcAddressQueryResult status;
  EXPECT_EQ(procAddress("cuNoSuchFunction", 12000, 0, &result, &status), nullptr);
  EXPECT_EQ(result, CUDA_ERROR_NOT_FOUND);
  EXPECT_EQ(status, CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND);
  EXPECT_EQ(procAddress("", 12000, 0, &result, &status), nullptr);
  EXPECT_EQ(result, CUDA_ERROR_NOT_FOUND);
  EXPECT_EQ(procAddress("cuGetProcAddress", 11000, 0, &result, &status), nullptr);
  EXPECT_EQ(result, CUDA_ERROR_NOT_FOUND);
  EXPECT_EQ(status, CU_GET_PROC_ADDRESS_VERSION_NOT_SUFFICIENT);
  procAddress("cuInit", 12000, 4, &result);
  EXPECT_EQ(result, CUDA_ERROR_INVALID_VALUE);
}

TEST(DriverLibrary, ErrorNamesAndStrings) {
  auto name = function<decltype(cuGetErrorName)>("cuGetErrorName");
  auto text = function<decltype(cuGetErrorString)>("cuGetErrorString");
  struct Expected {
    CUresult code;
    const char *name;
    const char *text;
  };
  const Expected cases[] = {
      {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
      {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
      {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
      {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
      {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
      {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
      {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
      {CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS",
       "an illegal memory access was encountered"},
      {CUDA_ERROR_UNKNOWN, "CUDA_ERROR_UNKNOWN", "unknown error"},
  };
  for (const auto &expected : cases) {
    const char *got = nullptr;
    ASSERT_EQ(name(expected.code, &got), CUDA_SUCCESS);
    EXPECT_STREQ(got, expected.name);
    ASSERT_EQ(text(expected.code, &got), CUDA_SUCCESS);
    EXPECT_STREQ(got, expected.text);
  }
  const char *got = "unchanged";
  EXPECT_EQ(name(static_cast<CUresult>(12345), &got), CUDA_ERROR_INVALID_VALUE);
  EXPECT_EQ(got, nullptr);
  EXPECT_EQ(name(CUDA_SUCCESS, nullptr), CUDA_ERROR_INVALID_VALUE);
}

TEST(DriverLibrary, ExportTableIsRefusedWithNotSupported) {
  auto exportTable = function<decltype(cuGetExportTable)>("cuGetExportTable");
  CUuuid id{};
  const void *table = reinterpret_cast<const void *>(0x1);
  EXPECT_EQ(exportTable(&table, &id), CUDA_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(table, nullptr);
}

TEST(DriverLibrary, StubReportsNotSupported) {
  auto stub = function<CUresult()>("cuGraphicsUnregisterResource"); // graphics interop
  EXPECT_EQ(stub(), CUDA_ERROR_NOT_SUPPORTED);
}

// cuInit changes the library's state for good: checked in a fresh process of its own (a
// threadsafe death test re-runs the binary for it). Exits 0 when every step holds.
[[noreturn]] void initOrderingAndContexts() {
  auto check = [](bool holds, int line) {
    if (!holds) {
      std::fprintf(stderr, "check failed at line %d\n", line);
      std::exit(1);
    }
  };
#define CHECK_THAT(condition) check((condition), __LINE__)
  int count = -1, version = 0;
  CUdevice device = -1;
  CUdeviceptr pointer = 0;
  CUcontext context = nullptr, popped = nullptr;
  CHECK_THAT(function<decltype(cuDeviceGetCount)>("cuDeviceGetCount")(&count) ==
             CUDA_ERROR_NOT_INITIALIZED);
  CHECK_THAT(function<decltype(cuDeviceGet)>("cuDeviceGet")(&device, 0) ==
             CUDA_ERROR_NOT_INITIALIZED);
  CHECK_THAT(function<decltype(cuCtxGetCurrent)>("cuCtxGetCurrent")(&context) ==
             CUDA_ERROR_NOT_INITIALIZED);
  CHECK_THAT(function<decltype(cuDriverGetVersion)>("cuDriverGetVersion")(&version) ==
                 CUDA_SUCCESS &&
             version == 13000);
  auto init = function<decltype(cuInit)>("cuInit");
  CHECK_THAT(init(1) == CUDA_ERROR_INVALID_VALUE);
  CHECK_THAT(init(0) == CUDA_SUCCESS);
  CHECK_THAT(function<decltype(cuDeviceGetCount)>("cuDeviceGetCount")(&count) == CUDA_SUCCESS &&
             count == 1);
  CHECK_THAT(function<decltype(cuDeviceGet)>("cuDeviceGet")(&device, 1) ==
             CUDA_ERROR_INVALID_DEVICE);
  CHECK_THAT(function<decltype(cuDeviceGet)>("cuDeviceGet")(&device, 0) == CUDA_SUCCESS);
  // Attributes share cudaDeviceAttr's numbering.
  int value = 0;
  auto attribute = function<decltype(cuDeviceGetAttribute)>("cuDeviceGetAttribute");
  CHECK_THAT(attribute(&value, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK, device) == CUDA_SUCCESS &&
             value == 1024);
  CHECK_THAT(attribute(&value, CU_DEVICE_ATTRIBUTE_WARP_SIZE, device) == CUDA_SUCCESS &&
             value == 32);
  CHECK_THAT(attribute(&value, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device) ==
                 CUDA_SUCCESS &&
             value >= 8);
  int major = 0, minor = -1;
  CHECK_THAT(function<CUresult(int *, int *, CUdevice)>("cuDeviceComputeCapability")(
                 &major, &minor, device) == CUDA_SUCCESS &&
             major == value);
  char name[8];
  CHECK_THAT(function<decltype(cuDeviceGetName)>("cuDeviceGetName")(name, sizeof name, device) ==
                 CUDA_SUCCESS &&
             name[7] == '\0');
  // No context yet: context-bound calls fail, the stack is empty.
  auto alloc = function<decltype(cuMemAlloc)>("cuMemAlloc_v2");
  CHECK_THAT(alloc(&pointer, 64) == CUDA_ERROR_INVALID_CONTEXT);
  auto pop = function<decltype(cuCtxPopCurrent)>("cuCtxPopCurrent_v2");
  CHECK_THAT(pop(&popped) == CUDA_ERROR_INVALID_CONTEXT);
  // An explicit context: created current, usable, destroyed.
  auto create = function<decltype(cuCtxCreate)>("cuCtxCreate_v4");
  CHECK_THAT(create(&context, nullptr, 0, device) == CUDA_SUCCESS);
  CHECK_THAT(alloc(&pointer, 64) == CUDA_SUCCESS && pointer != 0);
  CUdeviceptr base = 0;
  size_t size = 0;
  CHECK_THAT(function<decltype(cuMemGetAddressRange)>("cuMemGetAddressRange_v2")(
                 &base, &size, pointer + 10) == CUDA_SUCCESS &&
             base == pointer && size == 64);
  CHECK_THAT(function<decltype(cuMemFree)>("cuMemFree_v2")(pointer) == CUDA_SUCCESS);
  CHECK_THAT(pop(&popped) == CUDA_SUCCESS && popped == context);
  CHECK_THAT(alloc(&pointer, 64) == CUDA_ERROR_INVALID_CONTEXT);
  auto destroy = function<decltype(cuCtxDestroy)>("cuCtxDestroy_v2");
  CHECK_THAT(destroy(context) == CUDA_SUCCESS);
  CHECK_THAT(function<decltype(cuCtxPushCurrent)>("cuCtxPushCurrent_v2")(context) ==
             CUDA_ERROR_INVALID_CONTEXT);
  // The primary context: retained, current, released.
  CUcontext primary = nullptr;
  unsigned flags = 1;
  int active = 0;
  auto state = function<decltype(cuDevicePrimaryCtxGetState)>("cuDevicePrimaryCtxGetState");
  CHECK_THAT(state(device, &flags, &active) == CUDA_SUCCESS && active == 0 && flags == 0);
  CHECK_THAT(function<decltype(cuDevicePrimaryCtxRetain)>("cuDevicePrimaryCtxRetain")(
                 &primary, device) == CUDA_SUCCESS);
  CHECK_THAT(function<decltype(cuCtxSetCurrent)>("cuCtxSetCurrent")(primary) == CUDA_SUCCESS);
  CHECK_THAT(state(device, &flags, &active) == CUDA_SUCCESS && active == 1);
  CHECK_THAT(destroy(primary) == CUDA_ERROR_INVALID_CONTEXT);
  CHECK_THAT(alloc(&pointer, 64) == CUDA_SUCCESS);
  CHECK_THAT(function<decltype(cuDevicePrimaryCtxRelease)>("cuDevicePrimaryCtxRelease_v2")(
                 device) == CUDA_SUCCESS);
  CHECK_THAT(alloc(&pointer, 64) == CUDA_ERROR_INVALID_CONTEXT);
#undef CHECK_THAT
  std::exit(0);
}

TEST(DriverLibraryDeathTest, InitOrderingAndContexts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(initOrderingAndContexts(), ::testing::ExitedWithCode(0), "");
}
