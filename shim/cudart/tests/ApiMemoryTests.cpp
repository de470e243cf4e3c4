// Memory through libcudart.so.13: allocation of each kind, copies in 1, 2 and 3 dimensions and
// their per-thread-default-stream flavours, memset, pointer attributes.
// cuda_runtime.h as a host-only C++ program includes it: typed cudaMalloc templates,
// make_cudaExtent and friends.
#include <cuda_runtime.h>

#include <gtest/gtest.h>

#include <cstdint>
#include <numeric>
#include <vector>

extern "C" {
// Exported by libcudart.so.13; declared by cuda_runtime_api.h only under
// CUDA_API_PER_THREAD_DEFAULT_STREAM.
cudaError_t cudaMemcpy_ptds(void *dst, const void *src, size_t count, cudaMemcpyKind kind);
cudaError_t cudaMemset_ptds(void *devPtr, int value, size_t count);
cudaError_t cudaMemcpyAsync_ptsz(void *dst, const void *src, size_t count, cudaMemcpyKind kind,
                                 cudaStream_t stream);
cudaError_t cudaStreamSynchronize_ptsz(cudaStream_t stream);
}

namespace {

TEST(CudartMemory, MallocCopyRoundTrip) {
  std::vector<int> in(1000), out(1000, 0);
  std::iota(in.begin(), in.end(), 7);
  int *device = nullptr;
  ASSERT_EQ(cudaMalloc(&device, in.size() * sizeof(int)), cudaSuccess);
  ASSERT_NE(device, nullptr);
  ASSERT_EQ(cudaMemcpy(device, in.data(), in.size() * sizeof(int), cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy(out.data(), device, out.size() * sizeof(int), cudaMemcpyDeviceToHost),
            cudaSuccess);
  EXPECT_EQ(out, in);
  EXPECT_EQ(cudaFree(device), cudaSuccess);
}

TEST(CudartMemory, MemsetAndDeviceToDevice) {
  unsigned char *a = nullptr, *b = nullptr;
  ASSERT_EQ(cudaMalloc(&a, 64), cudaSuccess);
  ASSERT_EQ(cudaMalloc(&b, 64), cudaSuccess);
  ASSERT_EQ(cudaMemset(a, 0x5A, 64), cudaSuccess);
  ASSERT_EQ(cudaMemcpy(b, a, 64, cudaMemcpyDeviceToDevice), cudaSuccess);
  unsigned char host[64] = {};
  ASSERT_EQ(cudaMemcpy(host, b, 64, cudaMemcpyDefault), cudaSuccess);
  for (unsigned char c : host)
    EXPECT_EQ(c, 0x5A);
  cudaFree(a);
  cudaFree(b);
}

TEST(CudartMemory, PerThreadDefaultStreamFlavours) {
  int *device = nullptr;
  ASSERT_EQ(cudaMalloc(&device, 4 * sizeof(int)), cudaSuccess);
  ASSERT_EQ(cudaMemset_ptds(device, 0, 4 * sizeof(int)), cudaSuccess);
  int in[4] = {1, 2, 3, 4}, out[4] = {};
  ASSERT_EQ(cudaMemcpyAsync_ptsz(device, in, sizeof in, cudaMemcpyHostToDevice, 0), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize_ptsz(0), cudaSuccess);
  ASSERT_EQ(cudaMemcpy_ptds(out, device, sizeof out, cudaMemcpyDeviceToHost), cudaSuccess);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[3], 4);
  cudaFree(device);
}

TEST(CudartMemory, BadCopiesFailWithCudasCodes) {
  cudaGetLastError();
  int host = 0;
  EXPECT_EQ(cudaMemcpy(&host, &host, sizeof host, static_cast<cudaMemcpyKind>(42)),
            cudaErrorInvalidMemcpyDirection);
  EXPECT_EQ(cudaGetLastError(), cudaErrorInvalidMemcpyDirection);
  void *p = nullptr;
  EXPECT_EQ(cudaMalloc(&p, size_t(1) << 62), cudaErrorMemoryAllocation);
  EXPECT_EQ(cudaGetLastError(), cudaErrorMemoryAllocation);
}

TEST(CudartMemory, PitchedCopy2D) {
  const size_t width = 10, height = 5;
  char *device = nullptr;
  size_t pitch = 0;
  ASSERT_EQ(cudaMallocPitch(reinterpret_cast<void **>(&device), &pitch, width, height),
            cudaSuccess);
  EXPECT_GE(pitch, width);
  std::vector<char> in(width * height), out(width * height, 0);
  for (size_t i = 0; i < in.size(); ++i)
    in[i] = static_cast<char>(i);
  ASSERT_EQ(cudaMemset2D(device, pitch, 0, width, height), cudaSuccess);
  ASSERT_EQ(cudaMemcpy2D(device, pitch, in.data(), width, width, height, cudaMemcpyHostToDevice),
            cudaSuccess);
  ASSERT_EQ(cudaMemcpy2D(out.data(), width, device, pitch, width, height, cudaMemcpyDeviceToHost),
            cudaSuccess);
  EXPECT_EQ(out, in);
  cudaFree(device);
}

TEST(CudartMemory, Malloc3DMemset3DCopy3D) {
  cudaExtent extent = make_cudaExtent(8, 4, 3);
  cudaPitchedPtr pitched{};
  ASSERT_EQ(cudaMalloc3D(&pitched, extent), cudaSuccess);
  ASSERT_GE(pitched.pitch, 8u);
  ASSERT_EQ(cudaMemset3D(pitched, 7, extent), cudaSuccess);
  std::vector<unsigned char> out(8 * 4 * 3, 0);
  cudaMemcpy3DParms p{};
  p.srcPtr = pitched;
  p.dstPtr = make_cudaPitchedPtr(out.data(), 8, 8, 4);
  p.extent = extent;
  p.kind = cudaMemcpyDeviceToHost;
  ASSERT_EQ(cudaMemcpy3D(&p), cudaSuccess);
  for (unsigned char c : out)
    EXPECT_EQ(c, 7);
  cudaFree(pitched.ptr);
}

TEST(CudartMemory, HostPinnedManagedAndAttributes) {
  void *pinned = nullptr, *managed = nullptr, *device = nullptr;
  ASSERT_EQ(cudaMallocHost(&pinned, 256), cudaSuccess);
  ASSERT_EQ(cudaMallocManaged(&managed, 256, cudaMemAttachGlobal), cudaSuccess);
  ASSERT_EQ(cudaMalloc(&device, 256), cudaSuccess);
  cudaPointerAttributes attributes;
  ASSERT_EQ(cudaPointerGetAttributes(&attributes, device), cudaSuccess);
  EXPECT_EQ(attributes.type, cudaMemoryTypeDevice);
  EXPECT_EQ(attributes.devicePointer, device);
  ASSERT_EQ(cudaPointerGetAttributes(&attributes, managed), cudaSuccess);
  EXPECT_EQ(attributes.type, cudaMemoryTypeManaged);
  ASSERT_EQ(cudaPointerGetAttributes(&attributes, pinned), cudaSuccess);
  EXPECT_EQ(attributes.type, cudaMemoryTypeHost);
  static_cast<int *>(managed)[3] = 42; // managed memory is host-addressable
  int back = 0;
  ASSERT_EQ(cudaMemcpy(&back, static_cast<int *>(managed) + 3, sizeof back, cudaMemcpyDefault),
            cudaSuccess);
  EXPECT_EQ(back, 42);
  EXPECT_EQ(cudaFreeHost(pinned), cudaSuccess);
  EXPECT_EQ(cudaFree(managed), cudaSuccess);
  EXPECT_EQ(cudaFree(device), cudaSuccess);
}

TEST(CudartMemory, HostRegisterAndDevicePointer) {
  std::vector<int> buffer(64, 3);
  ASSERT_EQ(cudaHostRegister(buffer.data(), buffer.size() * sizeof(int), cudaHostRegisterMapped),
            cudaSuccess);
  void *mapped = nullptr;
  ASSERT_EQ(cudaHostGetDevicePointer(&mapped, buffer.data(), 0), cudaSuccess);
  EXPECT_NE(mapped, nullptr);
  EXPECT_EQ(cudaHostUnregister(buffer.data()), cudaSuccess);
}

TEST(CudartMemory, MemGetInfo) {
  size_t free = 0, total = 0;
  ASSERT_EQ(cudaMemGetInfo(&free, &total), cudaSuccess);
  EXPECT_GT(total, 0u);
  EXPECT_LE(free, total);
}

TEST(CudartMemory, StreamOrderedAllocator) {
  cudaStream_t stream = nullptr;
  ASSERT_EQ(cudaStreamCreate(&stream), cudaSuccess);
  void *p = nullptr;
  ASSERT_EQ(cudaMallocAsync(&p, 128, stream), cudaSuccess);
  ASSERT_EQ(cudaMemsetAsync(p, 1, 128, stream), cudaSuccess);
  unsigned char host[128] = {};
  ASSERT_EQ(cudaMemcpyAsync(host, p, sizeof host, cudaMemcpyDeviceToHost, stream), cudaSuccess);
  ASSERT_EQ(cudaFreeAsync(p, stream), cudaSuccess);
  ASSERT_EQ(cudaStreamSynchronize(stream), cudaSuccess);
  EXPECT_EQ(host[0], 1);
  EXPECT_EQ(host[127], 1);
  EXPECT_EQ(cudaStreamDestroy(stream), cudaSuccess);
}

TEST(CudartMemory, ChannelDescIsFilledIn) {
  cudaChannelFormatDesc desc = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  EXPECT_EQ(desc.x, 32);
  EXPECT_EQ(desc.y, 0);
  EXPECT_EQ(desc.f, cudaChannelFormatKindFloat);
}

} // namespace
