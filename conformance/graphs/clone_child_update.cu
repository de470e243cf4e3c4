// Graph features beyond single nodes: a 3D memcpy node, a child graph (copied when added), event
// record and wait nodes, a clone that outlives its original, and cudaGraphExecUpdate, which takes
// new node parameters from a graph of the same shape and refuses one of another shape.
// conform: tags=graphs,clone,update,child
// expect: 3D node copied a 2 x 2 x 2 box, corner 64
// expect: clone with a child graph, event waited: 6 6 6 6
// expect: update -> value 9; another shape -> cudaErrorGraphExecUpdateFailure, result 2
// expect: PASS clone_child_update
#include "conform.h"

static cudaMemsetParams fillInts(int *dst, int value, size_t count) {
  cudaMemsetParams p = {};
  p.dst = dst;
  p.value = static_cast<unsigned>(value);
  p.elementSize = sizeof(int);
  p.width = count;
  p.height = 1;
  return p;
}

int main() {
  // A pitched 6 x 4 x 3 volume of ints uploaded, a 2 x 2 x 2 box from (3, 1, 1) copied out.
  int volume[3][4][6], box[2][2][2] = {};
  for (int z = 0; z < 3; ++z)
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 6; ++x)
        volume[z][y][x] = (z * 4 + y) * 6 + x;
  cudaPitchedPtr device;
  CHECK(cudaMalloc3D(&device, make_cudaExtent(6 * sizeof(int), 4, 3)));
  cudaMemcpy3DParms up = {}, down = {};
  up.srcPtr = make_cudaPitchedPtr(volume, 6 * sizeof(int), 6, 4);
  up.dstPtr = device;
  up.extent = make_cudaExtent(6 * sizeof(int), 4, 3);
  up.kind = cudaMemcpyHostToDevice;
  down.srcPtr = device;
  down.srcPos = make_cudaPos(3 * sizeof(int), 1, 1);
  down.dstPtr = make_cudaPitchedPtr(box, 2 * sizeof(int), 2, 2);
  down.extent = make_cudaExtent(2 * sizeof(int), 2, 2);
  down.kind = cudaMemcpyDeviceToHost;
  cudaGraph_t copies;
  CHECK(cudaGraphCreate(&copies, 0));
  cudaGraphNode_t upNode, downNode;
  CHECK(cudaGraphAddMemcpyNode(&upNode, copies, nullptr, 0, &up));
  CHECK(cudaGraphAddMemcpyNode(&downNode, copies, &upNode, 1, &down));
  cudaGraphExec_t exec;
  CHECK(cudaGraphInstantiate(&exec, copies, 0));
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaStreamSynchronize(0));
  EXPECT(box[0][0][0] == volume[1][1][3] && box[1][1][1] == volume[2][2][4]);
  std::printf("3D node copied a 2 x 2 x 2 box, corner %d\n", box[1][1][1]);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(copies));
  CHECK(cudaFree(device.ptr));

  // A child graph sets 4 ints to 6 after the parent cleared them; an event recorded after it is
  // waited on; the parent is cloned and only the clone runs.
  int *d, h[4] = {};
  CHECK(cudaMalloc(&d, sizeof h));
  cudaGraph_t child, parent, clone;
  CHECK(cudaGraphCreate(&child, 0));
  cudaGraphNode_t six;
  cudaMemsetParams sixes = fillInts(d, 6, 4), zeros = fillInts(d, 0, 4);
  CHECK(cudaGraphAddMemsetNode(&six, child, nullptr, 0, &sixes));
  cudaEvent_t done;
  CHECK(cudaEventCreate(&done));
  CHECK(cudaGraphCreate(&parent, 0));
  cudaGraphNode_t clear, childNode, record, wait, download;
  CHECK(cudaGraphAddMemsetNode(&clear, parent, nullptr, 0, &zeros));
  CHECK(cudaGraphAddChildGraphNode(&childNode, parent, &clear, 1, child));
  CHECK(cudaGraphDestroy(child)); // the node holds its own copy
  CHECK(cudaGraphAddEventRecordNode(&record, parent, &childNode, 1, done));
  CHECK(cudaGraphAddEventWaitNode(&wait, parent, &record, 1, done));
  CHECK(cudaGraphAddMemcpyNode1D(&download, parent, &wait, 1, h, d, sizeof h,
                                 cudaMemcpyDeviceToHost));
  CHECK(cudaGraphClone(&clone, parent));
  CHECK(cudaGraphDestroy(parent));
  CHECK(cudaGraphInstantiate(&exec, clone, 0));
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaEventSynchronize(done));
  CHECK(cudaStreamSynchronize(0));
  std::printf("clone with a child graph, event waited: %d %d %d %d\n", h[0], h[1], h[2], h[3]);
  EXPECT(h[0] == 6 && h[3] == 6);
  CHECK(cudaGraphExecDestroy(exec));
  CHECK(cudaGraphDestroy(clone));

  // cudaGraphExecUpdate: same shape, new memset value; then a graph with one node more.
  cudaGraph_t first, second, bigger;
  cudaGraphNode_t a, b, c;
  cudaMemsetParams threes = fillInts(d, 3, 4), nines = fillInts(d, 9, 4);
  CHECK(cudaGraphCreate(&first, 0));
  CHECK(cudaGraphAddMemsetNode(&a, first, nullptr, 0, &threes));
  CHECK(cudaGraphCreate(&second, 0));
  CHECK(cudaGraphAddMemsetNode(&b, second, nullptr, 0, &nines));
  CHECK(cudaGraphInstantiate(&exec, first, 0));
  cudaGraphExecUpdateResultInfo info;
  CHECK(cudaGraphExecUpdate(exec, second, &info));
  EXPECT(info.result == cudaGraphExecUpdateSuccess);
  CHECK(cudaGraphLaunch(exec, 0));
  CHECK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(cudaGraphCreate(&bigger, 0));
  CHECK(cudaGraphAddMemsetNode(&a, bigger, nullptr, 0, &threes));
  CHECK(cudaGraphAddMemsetNode(&c, bigger, &a, 1, &nines));
  cudaError_t refused = cudaGraphExecUpdate(exec, bigger, &info);
  std::printf("update -> value %d; another shape -> %s, result %d\n", h[0],
              cudaGetErrorName(refused), int(info.result));
  EXPECT(h[0] == 9 && refused == cudaErrorGraphExecUpdateFailure &&
         info.result == cudaGraphExecUpdateErrorTopologyChanged);
  cudaGetLastError();
  CHECK(cudaGraphExecDestroy(exec));
  for (cudaGraph_t g : {first, second, bigger})
    CHECK(cudaGraphDestroy(g));
  CHECK(cudaEventDestroy(done));
  CHECK(cudaFree(d));
  std::printf("PASS clone_child_update\n");
  return 0;
}
