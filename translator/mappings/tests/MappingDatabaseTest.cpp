// Facts about the committed database (translator/mappings/*.xml), loaded as qiao-translate will.
#include "MappingDatabase.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

using namespace qiao::mappings;

namespace {

const MappingDatabase &db() {
  static const Expected<MappingDatabase> loaded = MappingDatabase::loadDirectory(QIAO_MAPPINGS_DIR);
  if (!loaded) {
    for (const Error &e : loaded.errors())
      ADD_FAILURE() << e.str();
    std::abort(); // every test below needs the database; the errors are printed above
  }
  return *loaded;
}

void expectTarget(std::string_view cuda, std::string_view target, std::string_view name,
                  Status status) {
  auto r = db().lookup(cuda, target);
  ASSERT_TRUE(r.has_value()) << cuda << " for " << target;
  EXPECT_EQ(r->target->name, name) << cuda << " for " << target;
  EXPECT_EQ(r->target->status, status) << cuda << " for " << target;
}

} // namespace

TEST(MappingDatabase, LoadsCleanlyAndFast) {
  auto start = std::chrono::steady_clock::now();
  auto loaded = MappingDatabase::loadDirectory(QIAO_MAPPINGS_DIR);
  auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
  ASSERT_TRUE(loaded);
  std::cout << "loaded " << loaded->size() << " records in " << ms.count() << " ms\n";
  // The budget is 100 ms; the margin keeps slow or loaded CI machines from failing spuriously.
  EXPECT_LT(ms.count(), 500.0);
  EXPECT_EQ(loaded->targets(), (std::vector<std::string>{"hip", "qiao"}));
}

TEST(MappingDatabase, RuntimeFunctions) {
  expectTarget("cudaMalloc", "qiao", "qiaoMalloc", Status::Supported);
  expectTarget("cudaMalloc", "hip", "hipMalloc", Status::Supported);
  expectTarget("cudaMemcpyAsync", "qiao", "qiaoMemcpyAsync", Status::Supported);
  expectTarget("cudaStreamCreateWithFlags", "qiao", "qiaoStreamCreateWithFlags", Status::Supported);
  expectTarget("cudaGetErrorName", "qiao", "qiaoGetErrorName", Status::Supported);
  const Record *r = db().find("cudaMalloc");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, Kind::Function);
  EXPECT_EQ(r->family, "memory");
  EXPECT_EQ(r->library, "runtime");
}

TEST(MappingDatabase, TypesEnumsAndMacros) {
  const Record *r = db().find("cudaMemcpyHostToDevice");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, Kind::EnumConstant);
  EXPECT_EQ(r->family, "memory");
  expectTarget("cudaMemcpyHostToDevice", "qiao", "qiaoMemcpyHostToDevice", Status::Supported);
  expectTarget("cudaSuccess", "qiao", "qiaoSuccess", Status::Supported);
  expectTarget("cudaError_t", "qiao", "qiaoError_t", Status::Supported);
  expectTarget("cudaDeviceProp", "qiao", "qiaoDeviceProp_t", Status::Supported);
  expectTarget("cudaStreamNonBlocking", "qiao", "qiaoStreamNonBlocking", Status::Supported);
  EXPECT_EQ(db().find("cudaMemcpyKind")->kind, Kind::Enum);
  EXPECT_EQ(db().find("cudaStream_t")->kind, Kind::Type);
  EXPECT_EQ(db().find("CUDART_CB")->kind, Kind::Macro);
  EXPECT_EQ(db().find("CUDA_VERSION")->kind, Kind::Macro);
}

TEST(MappingDatabase, DriverApiMapsToModuleApi) {
  expectTarget("cuModuleLoadData", "qiao", "qiaoModuleLoadData", Status::Supported);
  expectTarget("cuModuleGetFunction", "qiao", "qiaoModuleGetFunction", Status::Supported);
  expectTarget("cuLaunchKernel", "qiao", "qiaoModuleLaunchKernel", Status::Supported);
  expectTarget("cuLaunchKernel", "hip", "hipModuleLaunchKernel", Status::Supported);
  // The name users write (#define cuMemAlloc cuMemAlloc_v2) and the symbol both are recorded.
  ASSERT_NE(db().find("cuMemAlloc"), nullptr);
  ASSERT_NE(db().find("cuMemAlloc_v2"), nullptr);
  EXPECT_EQ(db().find("cuMemAlloc")->kind, Kind::Function);
  EXPECT_EQ(db().find("CUDA_SUCCESS")->kind, Kind::EnumConstant);
  EXPECT_EQ(db().find("cuCtxCreate")->family, "context");
}

TEST(MappingDatabase, UnsupportedAndVersions) {
  auto getParams = db().lookup("cudaGraphMemcpyNodeGetParams", "qiao");
  ASSERT_TRUE(getParams.has_value());
  EXPECT_EQ(getParams->record->family, "graph");
  EXPECT_EQ(getParams->target->status, Status::Unsupported);
  expectTarget("cudaGraphMemcpyNodeGetParams", "hip", "hipGraphMemcpyNodeGetParams",
               Status::Supported);
  expectTarget("cudaGraphClone", "qiao", "qiaoGraphClone", Status::Supported);
  expectTarget("cudaGraphCreate", "qiao", "qiaoGraphCreate", Status::Supported);
  // Deprecated in the CUDA 13 headers (__CUDA_DEPRECATED) with the version HIPIFY records.
  EXPECT_EQ(db().find("cudaDeviceSetSharedMemConfig")->deprecated, "12.4");
  // Removed before CUDA 13 but still in old code: recorded, with the version it went away.
  const Record *bind = db().find("cudaBindTexture");
  ASSERT_NE(bind, nullptr);
  EXPECT_EQ(bind->removed, "12.0");
  EXPECT_EQ(bind->targets.at("qiao").status, Status::Unsupported);
  EXPECT_EQ(db().find("cudaMallocAsync")->since, "11.2");
  // Libraries are out of scope: no records.
  EXPECT_EQ(db().find("cublasCreate"), nullptr);
  EXPECT_EQ(db().find("curandCreateGenerator"), nullptr);
}

TEST(MappingDatabase, DeviceFunctionsKeepTheirNames) {
  for (const char *name : {"__syncthreads", "atomicAdd", "__shfl_down_sync", "__ballot_sync",
                           "sqrtf", "__expf", "__fdividef", "__float2half"}) {
    const Record *r = db().find(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->kind, Kind::DeviceFunction) << name;
    EXPECT_EQ(r->targets.at("qiao").name, name);
  }
  EXPECT_EQ(db().find("atomicAdd")->family, "atomic");
  EXPECT_EQ(db().find("__shfl_down_sync")->family, "warp");
  EXPECT_EQ(db().find("__syncthreads")->family, "sync");
  EXPECT_EQ(db().find("sqrtf")->family, "math");
  EXPECT_EQ(db().find("__float2half")->family, "half");
}

TEST(MappingDatabase, IncludeRewrites) {
  expectTarget("cuda_runtime.h", "qiao", "qiao/qiao_runtime.h", Status::Supported);
  expectTarget("cuda_runtime.h", "hip", "hip/hip_runtime.h", Status::Supported);
  EXPECT_EQ(db().find("cuda_runtime.h")->kind, Kind::Header);
}

// Every qiao name the runtime header declares whose cuda twin the database knows is the
// qiao mapping of that twin: the header and the data cannot drift apart unnoticed.
TEST(MappingDatabase, EveryQiaoRuntimeNameIsMapped) {
  std::ifstream in(QIAO_RUNTIME_HEADER);
  ASSERT_TRUE(in) << QIAO_RUNTIME_HEADER;
  std::stringstream text;
  text << in.rdbuf();
  std::string header = text.str();
  std::set<std::string> names;
  std::regex word(R"(\bqiao[A-Z]\w*)");
  for (auto it = std::sregex_iterator(header.begin(), header.end(), word);
       it != std::sregex_iterator(); ++it)
    names.insert(it->str());
  ASSERT_GT(names.size(), 100u);
  std::size_t twins = 0;
  for (const std::string &name : names) {
    std::string cuda = "cuda" + name.substr(4);
    const Record *r = db().find(cuda);
    if (r == nullptr)
      continue; // a Qiao-only name (qiaoLaunchKernelGGL, qiaoModuleLoadData, ...)
    ++twins;
    const Target &t = r->targets.at("qiao");
    EXPECT_EQ(t.name, name) << cuda;
    EXPECT_EQ(t.status, Status::Supported) << cuda;
  }
  EXPECT_GT(twins, 300u);
}

TEST(MappingDatabase, NoDuplicateNames) {
  std::set<std::string> seen;
  for (const Record &r : db().records())
    EXPECT_TRUE(seen.insert(r.cuda).second) << r.cuda;
}

TEST(MappingDatabase, MainFamiliesHaveRecords) {
  auto counts = db().countsByFamily("qiao");
  for (const char *family :
       {"device", "error", "stream", "event", "memory", "launch", "module", "graph", "texture",
        "occupancy", "math", "atomic", "warp", "include"}) {
    EXPECT_GT(counts[family].total(), 0u) << family;
  }
  for (const char *family : {"memory", "stream", "event", "error", "device", "math"})
    EXPECT_GT(counts[family].supported, 0u) << family;
  EXPECT_GT(counts["graph"].supported, 0u);   // capture, explicit nodes, launch
  EXPECT_GT(counts["graph"].unsupported, 0u); // cloning, updates, conditional nodes, ...
  Counts qiao = db().totals("qiao"), hip = db().totals("hip");
  EXPECT_EQ(qiao.total(), db().size());
  EXPECT_EQ(hip.total(), db().size());
  for (const auto &[family, c] : counts)
    std::cout << family << ": " << c.supported << " supported, " << c.unsupported
              << " unsupported\n";
}
