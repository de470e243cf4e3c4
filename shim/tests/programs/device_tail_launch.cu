// Dynamic parallelism's named streams: a grid's tail launches (cudaStreamTailLaunch) start only
// after the grid and all the work it launched into other streams has completed, descendants
// included, and two tail launches run in the order they were made; a fire-and-forget launch
// (cudaStreamFireAndForget) runs on its own and is still part of the parent's work, so it has
// run before the parent's tail launch and before the host sees the parent complete. Each grid
// appends a letter to a log.
#include "check.h"

struct Log {
  int next;
  char letters[16];
};

__device__ void append(Log *log, char letter) { log->letters[atomicAdd(&log->next, 1)] = letter; }

__global__ void note(Log *log, char letter) { append(log, letter); }

// An ordinary child that has a child and a tail launch of its own.
__global__ void child(Log *log) {
  append(log, 'C');
  note<<<1, 1, 0, cudaStreamTailLaunch>>>(log, 'c');
  note<<<1, 1>>>(log, 'G');
}

__global__ void parent(Log *log, int *errors) {
  if (threadIdx.x == 0) {
    note<<<1, 1, 0, cudaStreamTailLaunch>>>(log, 'T');
    note<<<1, 1, 0, cudaStreamTailLaunch>>>(log, 'U');
    note<<<1, 1, 0, cudaStreamFireAndForget>>>(log, 'F');
    child<<<1, 1>>>(log);
    errors[0] = cudaGetLastError();
  }
  __syncthreads();
  if (threadIdx.x == 0)
    append(log, 'P');
}

int index(const Log &log, char letter) {
  for (int i = 0; i < log.next; ++i)
    if (log.letters[i] == letter)
      return i;
  return -1;
}

int main() {
  Log *log;
  int *errors;
  CHECK(cudaMalloc(&log, sizeof(Log)));
  CHECK(cudaMalloc(&errors, sizeof(int)));
  CHECK(cudaMemset(log, 0, sizeof(Log)));
  parent<<<1, 32>>>(log, errors);
  CHECK(cudaDeviceSynchronize());
  Log h{};
  int error = -1;
  CHECK(cudaMemcpy(&h, log, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(&error, errors, sizeof error, cudaMemcpyDeviceToHost));
  EXPECT(error == cudaSuccess && h.next == 7);
  std::printf("log %.7s\n", h.letters);
  // The parent's tail launches come last, in order.
  EXPECT(index(h, 'T') == 5 && index(h, 'U') == 6);
  // The child's tail launch follows the child and its own child.
  EXPECT(index(h, 'c') > index(h, 'C') && index(h, 'c') > index(h, 'G'));
  EXPECT(index(h, 'G') > index(h, 'C'));
  // Fire-and-forget ran before the parent's tail launch.
  EXPECT(index(h, 'F') >= 0 && index(h, 'F') < index(h, 'T'));
  std::printf("tail launches after all other work, in order, and fire-and-forget ran\n");
  std::printf("PASS device_tail_launch\n");
  return 0;
}
