// Peer copies around a ring of devices: device d fills its buffer with d, then every buffer moves
// one device along with cudaMemcpyPeerAsync on the receiving device's stream, ordered after the
// sender's fill by an event recorded on the sender's stream. Then the peer-access calls and their
// error codes, a cudaMemcpyDefault copy between devices, and cudaDeviceReset of one device only.
#include "check.h"

#include <vector>

__global__ void fillWith(int *data, int n, int value) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    data[i] = value * 1000 + i;
}

int main() {
  int devices = 0;
  CHECK(cudaGetDeviceCount(&devices));
  EXPECT(devices >= 2);
  const int n = 4096;
  const size_t bytes = n * sizeof(int);
  std::vector<int *> sent(devices), received(devices);
  std::vector<cudaStream_t> streams(devices);
  std::vector<cudaEvent_t> filled(devices);
  for (int d = 0; d < devices; ++d) {
    CHECK(cudaSetDevice(d));
    CHECK(cudaStreamCreateWithFlags(&streams[d], cudaStreamNonBlocking));
    CHECK(cudaEventCreateWithFlags(&filled[d], cudaEventDisableTiming));
    CHECK(cudaMalloc(&sent[d], bytes));
    CHECK(cudaMalloc(&received[d], bytes));
    CHECK(cudaMemset(received[d], 0xff, bytes));
    fillWith<<<(n + 127) / 128, 128, 0, streams[d]>>>(sent[d], n, d);
    CHECK(cudaGetLastError());
    CHECK(cudaEventRecord(filled[d], streams[d]));
  }
  for (int d = 0; d < devices; ++d) {
    const int from = (d + devices - 1) % devices;
    CHECK(cudaSetDevice(d));
    // Waiting on an event of another device orders the copy after that device's fill.
    CHECK(cudaStreamWaitEvent(streams[d], filled[from], 0));
    CHECK(cudaMemcpyPeerAsync(received[d], d, sent[from], from, bytes, streams[d]));
  }
  for (int d = 0; d < devices; ++d) {
    CHECK(cudaSetDevice(d));
    CHECK(cudaStreamSynchronize(streams[d]));
  }
  std::vector<int> host(n);
  for (int d = 0; d < devices; ++d) {
    const int from = (d + devices - 1) % devices;
    CHECK(cudaMemcpy(host.data(), received[d], bytes, cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; ++i)
      if (host[i] != from * 1000 + i) {
        std::printf("FAIL device %d got %d at %d, expected %d\n", d, host[i], i, from * 1000 + i);
        return 1;
      }
  }
  std::printf("ring of %d devices ok\n", devices);

  // Synchronous peer copy and a cudaMemcpyDefault copy between devices (unified addressing).
  CHECK(cudaSetDevice(0));
  CHECK(cudaMemcpyPeer(received[0], 0, sent[1], 1, bytes));
  CHECK(cudaMemcpy(received[1], sent[0], bytes, cudaMemcpyDefault));
  CHECK(cudaMemcpy(host.data(), received[0], bytes, cudaMemcpyDefault));
  EXPECT(host[7] == 1007);
  CHECK(cudaMemcpy(host.data(), received[1], bytes, cudaMemcpyDefault));
  EXPECT(host[7] == 7);
  std::printf("peer and default copies ok\n");

  // Peer access between distinct devices; CUDA's codes for a repeat, an undo and the device
  // itself.
  int can = -1;
  CHECK(cudaDeviceCanAccessPeer(&can, 0, 1));
  EXPECT(can == 1);
  CHECK(cudaDeviceCanAccessPeer(&can, 1, 1));
  EXPECT(can == 0);
  CHECK(cudaSetDevice(0));
  EXPECT(cudaDeviceDisablePeerAccess(1) == cudaErrorPeerAccessNotEnabled);
  EXPECT(cudaGetLastError() == cudaErrorPeerAccessNotEnabled);
  CHECK(cudaDeviceEnablePeerAccess(1, 0));
  EXPECT(cudaDeviceEnablePeerAccess(1, 0) == cudaErrorPeerAccessAlreadyEnabled);
  EXPECT(cudaDeviceEnablePeerAccess(0, 0) == cudaErrorInvalidDevice);
  EXPECT(cudaDeviceEnablePeerAccess(devices, 0) == cudaErrorInvalidDevice);
  (void)cudaGetLastError();
  CHECK(cudaDeviceDisablePeerAccess(1));
  std::printf("peer access codes ok\n");

  // Resetting device 1 leaves device 0's memory and streams alone.
  CHECK(cudaSetDevice(1));
  CHECK(cudaDeviceReset());
  CHECK(cudaSetDevice(0));
  CHECK(cudaMemcpyAsync(host.data(), sent[0], bytes, cudaMemcpyDeviceToHost, streams[0]));
  CHECK(cudaStreamSynchronize(streams[0]));
  EXPECT(host[n - 1] == n - 1);
  cudaPointerAttributes attributes;
  CHECK(cudaPointerGetAttributes(&attributes, sent[0]));
  EXPECT(attributes.device == 0);
  std::printf("reset of device 1 kept device 0\n");
  for (int d = 0; d < devices; ++d) {
    CHECK(cudaSetDevice(d));
    CHECK(cudaDeviceReset());
  }
  std::printf("PASS peer_ring\n");
  return 0;
}
