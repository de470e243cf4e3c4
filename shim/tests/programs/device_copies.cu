// The device runtime's copies and fills: cudaMemcpyAsync, cudaMemsetAsync and their 2D and 3D
// forms called from device code, each ordered with the grids launched into the same stream (a
// copy sees what the grid before it wrote; the grid after it sees the copy), in the block's
// implicit stream, a stream it created and the tail launch stream; and the errors device code
// gets back for a copy direction other than device to device, a pointer into shared memory, a
// row wider than its pitch and a stream that is not the block's.
#include "check.h"

constexpr int kBlocks = 4;
constexpr int kWords = 64;

__global__ void fill(int *data, int value) { data[threadIdx.x] = value + threadIdx.x; }
__global__ void addOne(int *data) { data[threadIdx.x] += 1; }

// Per block: `source` (kWords), `copied` (kWords), `zeroed` (kWords), a 16 x 8 byte grid
// `plane` (pitch 16) and a 4 x 4 x 4 byte box `box` (pitch 8, 4 rows per slice).
struct Buffers {
  int *source, *copied, *zeroed, *tailCopy;
  unsigned char *plane, *box, *boxCopy;
  int *status;
};

__global__ void parent(Buffers b) {
  if (threadIdx.x != 0)
    return;
  int k = blockIdx.x;
  int *source = b.source + kWords * k, *copied = b.copied + kWords * k;
  int *zeroed = b.zeroed + kWords * k;
  int code = cudaSuccess;
  // The implicit stream: fill, copy what it wrote, add one to the copy, then clear the source.
  fill<<<1, kWords>>>(source, 1000 * k);
  code |= cudaMemcpyAsync(copied, source, kWords * sizeof(int), cudaMemcpyDeviceToDevice, 0);
  addOne<<<1, kWords>>>(copied);
  code |= cudaMemsetAsync(zeroed, 0x5a, kWords * sizeof(int), 0);
  fill<<<1, kWords / 2>>>(zeroed, -k);

  // A stream of the block's: a 2D fill of columns 2..9 of rows 1..6, a 2D copy of 4 x 2 of it to
  // columns 10..13 of rows 6..7, a 3D fill of the box's 2 x 2 x 2 corner and a 3D copy of its
  // 3 x 3 x 3 corner to (1, 1, 1) of another box.
  cudaStream_t stream;
  code |= cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);
  unsigned char *plane = b.plane + 16 * 8 * k, *box = b.box + 8 * 4 * 4 * k;
  code |= cudaMemset2DAsync(plane + 16 + 2, 16, 7 + k, 8, 6, stream);
  code |= cudaMemcpy2DAsync(plane + 16 * 6 + 10, 16, plane + 16 + 2, 16, 4, 2, cudaMemcpyDefault,
                            stream);
  cudaPitchedPtr boxPointer = {box, 8, 4, 4};
  code |= cudaMemset3DAsync(boxPointer, 9, cudaExtent{2, 2, 2}, stream);
  cudaMemcpy3DParms p = {};
  p.srcPtr = boxPointer;
  p.dstPtr = cudaPitchedPtr{b.boxCopy + 8 * 4 * 4 * k, 8, 4, 4};
  p.dstPos = cudaPos{1, 1, 1};
  p.extent = cudaExtent{3, 3, 3};
  p.kind = cudaMemcpyDeviceToDevice;
  code |= cudaMemcpy3DAsync(&p, stream);
  code |= cudaStreamDestroy(stream);

  // The tail launch stream: after everything above.
  code |= cudaMemcpyAsync(b.tailCopy + kWords * k, copied, kWords * sizeof(int),
                          cudaMemcpyDeviceToDevice, cudaStreamTailLaunch);
  code |= cudaMemcpyAsync(copied, source, 0, cudaMemcpyDeviceToDevice, 0); // nothing to do
  code |= cudaGetLastError();
  b.status[8 * k] = code;

  __shared__ int shared[4];
  b.status[8 * k + 1] = cudaMemcpyAsync(copied, source, 4, cudaMemcpyHostToDevice, 0);
  b.status[8 * k + 2] = cudaMemcpyAsync(shared, source, 4, cudaMemcpyDeviceToDevice, 0);
  b.status[8 * k + 3] = cudaMemset2DAsync(plane, 4, 0, 8, 2, 0);
  b.status[8 * k + 4] = cudaMemsetAsync(zeroed, 0, 4, reinterpret_cast<cudaStream_t>(0x1234));
  b.status[8 * k + 5] = cudaPeekAtLastError();
  b.status[8 * k + 6] = cudaGetLastError();
  b.status[8 * k + 7] = cudaGetLastError();
}

int main() {
  Buffers b;
  CHECK(cudaMalloc(&b.source, kBlocks * kWords * sizeof(int)));
  CHECK(cudaMalloc(&b.copied, kBlocks * kWords * sizeof(int)));
  CHECK(cudaMalloc(&b.zeroed, kBlocks * kWords * sizeof(int)));
  CHECK(cudaMalloc(&b.tailCopy, kBlocks * kWords * sizeof(int)));
  CHECK(cudaMalloc(&b.plane, kBlocks * 16 * 8));
  CHECK(cudaMalloc(&b.box, kBlocks * 8 * 4 * 4));
  CHECK(cudaMalloc(&b.boxCopy, kBlocks * 8 * 4 * 4));
  CHECK(cudaMalloc(&b.status, kBlocks * 8 * sizeof(int)));
  CHECK(cudaMemset(b.plane, 0, kBlocks * 16 * 8));
  CHECK(cudaMemset(b.box, 1, kBlocks * 8 * 4 * 4));
  CHECK(cudaMemset(b.boxCopy, 0, kBlocks * 8 * 4 * 4));
  parent<<<kBlocks, 32>>>(b);
  CHECK(cudaGetLastError());
  CHECK(cudaDeviceSynchronize());

  static int copied[kBlocks * kWords], zeroed[kBlocks * kWords], tail[kBlocks * kWords];
  static int status[kBlocks * 8];
  static unsigned char plane[kBlocks * 16 * 8], box[kBlocks * 8 * 4 * 4];
  CHECK(cudaMemcpy(copied, b.copied, sizeof copied, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(zeroed, b.zeroed, sizeof zeroed, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(tail, b.tailCopy, sizeof tail, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(status, b.status, sizeof status, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(plane, b.plane, sizeof plane, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(box, b.boxCopy, sizeof box, cudaMemcpyDeviceToHost));
  for (int k = 0; k < kBlocks; ++k) {
    const int *s = status + 8 * k;
    EXPECT(s[0] == cudaSuccess);
    EXPECT(s[1] == cudaErrorInvalidMemcpyDirection && s[2] == cudaErrorInvalidValue);
    EXPECT(s[3] == cudaErrorInvalidPitchValue && s[4] == cudaErrorInvalidResourceHandle);
    EXPECT(s[5] == cudaErrorInvalidResourceHandle && s[6] == cudaErrorInvalidResourceHandle);
    EXPECT(s[7] == cudaSuccess);
    for (int t = 0; t < kWords; ++t) {
      EXPECT(copied[kWords * k + t] == 1000 * k + t + 1);
      EXPECT(tail[kWords * k + t] == 1000 * k + t + 1);
      int expected = t < kWords / 2 ? -k + t : 0x5a5a5a5a;
      EXPECT(zeroed[kWords * k + t] == expected);
    }
    for (int row = 0; row < 8; ++row)
      for (int col = 0; col < 16; ++col) {
        bool filled =
            (row >= 1 && row <= 6 && col >= 2 && col < 10) || (row >= 6 && col >= 10 && col < 14);
        EXPECT(plane[16 * 8 * k + 16 * row + col] == (filled ? 7 + k : 0));
      }
    // The source box holds 9 in its 2 x 2 x 2 corner and 1 elsewhere; its 3 x 3 x 3 corner lands
    // at (1, 1, 1) of the copy, which is 0 elsewhere.
    for (int z = 0; z < 4; ++z)
      for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 8; ++x) {
          int value = box[8 * 4 * 4 * k + 8 * 4 * z + 8 * y + x];
          bool inside = x >= 1 && x < 4 && y >= 1 && y < 4 && z >= 1 && z < 4;
          int expected = !inside ? 0 : (x - 1 < 2 && y - 1 < 2 && z - 1 < 2) ? 9 : 1;
          EXPECT(value == expected);
        }
  }
  std::printf("copies ordered with child grids: copied[%d] = %d, zeroed[%d] = %d\n",
              kWords * 3 + 63, copied[kWords * 3 + 63], kWords * 3 + 40, zeroed[kWords * 3 + 40]);
  std::printf("2D and 3D fills and copies in a device stream ok\n");
  std::printf("tail launch stream copy ok: %d\n", tail[kWords * 3 + 63]);
  std::printf("errors: %s, %s, %s, %s\n", cudaGetErrorName(cudaError_t(status[1])),
              cudaGetErrorName(cudaError_t(status[2])), cudaGetErrorName(cudaError_t(status[3])),
              cudaGetErrorName(cudaError_t(status[4])));
  std::printf("PASS device_copies\n");
  return 0;
}
