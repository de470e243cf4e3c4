// The device runtime's streams, events and memory: a block creates two streams and an event,
// records the event after a child in the first stream and makes the second wait for it, so the
// child launched there reads what the first wrote; scratch memory from cudaMalloc in device code
// is filled by a child and read and freed by a tail launch, which runs after that child;
// cudaGetDevice names the device the grid runs on; streams and events need the flags CUDA
// requires of device code (cudaStreamNonBlocking, cudaEventDisableTiming).
#include "check.h"

constexpr int kBlocks = 6;

__global__ void fill(int *slot, int value) { slot[threadIdx.x] = value + threadIdx.x; }
__global__ void addPrevious(int *slot) { slot[32 + threadIdx.x] = slot[threadIdx.x] * 2; }
__global__ void drain(int *scratch, int *out) {
  out[threadIdx.x] = scratch[threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0)
    cudaFree(scratch);
}

__global__ void parent(int *ordered, int *drained, int *status) {
  if (threadIdx.x != 0)
    return;
  int *mine = ordered + 64 * blockIdx.x;
  cudaStream_t first, second, wrong;
  cudaEvent_t done, untimed;
  int code = cudaStreamCreateWithFlags(&first, cudaStreamNonBlocking);
  code |= cudaStreamCreateWithFlags(&second, cudaStreamNonBlocking);
  code |= cudaEventCreateWithFlags(&done, cudaEventDisableTiming);
  fill<<<1, 32, 0, first>>>(mine, 100 * blockIdx.x);
  code |= cudaEventRecord(done, first);
  code |= cudaStreamWaitEvent(second, done, 0);
  addPrevious<<<1, 32, 0, second>>>(mine);
  code |= cudaEventDestroy(done) | cudaStreamDestroy(first) | cudaStreamDestroy(second);

  int *scratch = nullptr;
  code |= cudaMalloc(&scratch, 32 * sizeof(int));
  fill<<<1, 32>>>(scratch, 7000 + blockIdx.x);
  drain<<<1, 32, 0, cudaStreamTailLaunch>>>(scratch, drained + 32 * blockIdx.x);
  code |= cudaGetLastError();
  int device = -1;
  code |= cudaGetDevice(&device);
  status[3 * blockIdx.x] = code;
  status[3 * blockIdx.x + 1] = device;
  bool refused = cudaStreamCreateWithFlags(&wrong, cudaStreamDefault) != cudaSuccess &&
                 cudaEventCreateWithFlags(&untimed, cudaEventDefault) != cudaSuccess;
  cudaGetLastError();
  status[3 * blockIdx.x + 2] = refused;
}

int main() {
  int *ordered, *drained, *status;
  CHECK(cudaMalloc(&ordered, 64 * kBlocks * sizeof(int)));
  CHECK(cudaMalloc(&drained, 32 * kBlocks * sizeof(int)));
  CHECK(cudaMalloc(&status, 3 * kBlocks * sizeof(int)));
  CHECK(cudaMemset(status, 0xff, 3 * kBlocks * sizeof(int)));
  parent<<<kBlocks, 32>>>(ordered, drained, status);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());
  static int o[64 * kBlocks], d[32 * kBlocks], s[3 * kBlocks];
  CHECK(cudaMemcpy(o, ordered, sizeof o, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(d, drained, sizeof d, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(s, status, sizeof s, cudaMemcpyDeviceToHost));
  for (int b = 0; b < kBlocks; ++b) {
    EXPECT(s[3 * b] == cudaSuccess && s[3 * b + 1] == 0 && s[3 * b + 2] == 1);
    for (int t = 0; t < 32; ++t) {
      EXPECT(o[64 * b + t] == 100 * b + t && o[64 * b + 32 + t] == 2 * (100 * b + t));
      EXPECT(d[32 * b + t] == 7000 + b + t);
    }
  }
  std::printf("event between device streams ok: %d -> %d\n", o[64 * 5 + 31], o[64 * 5 + 63]);
  std::printf("device cudaMalloc scratch drained by a tail launch: %d\n", d[32 * 5 + 31]);
  std::printf("cudaGetDevice in device code: %d\n", s[1]);
  std::printf("PASS device_runtime_objects\n");
  return 0;
}
