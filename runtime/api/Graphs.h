// Graphs above the seam: what a graph, its nodes and an instantiated graph hold, and the hooks
// stream submission uses while a stream captures. A graph is a list of nodes, each after its
// dependencies; launching one submits the nodes' work in that order to one stream, which
// honours every dependency (a capture records work in the order the program issued it).
#pragma once

#include "Streams.h"

#include <memory>
#include <thread>
#include <utility>
#include <vector>

struct qiaoGraphNode_st {
  qiaoGraphNodeType type = qiaoGraphNodeTypeEmpty;
  qiao::rt::StreamWork work; // empty for an empty node
  std::vector<qiaoGraphNode_st *> dependencies;
};

struct qiaoGraph_st {
  int device = 0;
  std::vector<std::unique_ptr<qiaoGraphNode_st>> nodes;
  // While a stream captures into the graph: the stream that began the capture, the capture's id
  // and whether something the capture cannot hold happened (the capture then fails at its end).
  qiaoStream_st *origin = nullptr;
  uint64_t captureId = 0;
  bool invalidated = false;
  // How the capture restricts other calls (qiaoStreamBeginCapture's mode) and who began it.
  qiaoStreamCaptureMode mode = qiaoStreamCaptureModeGlobal;
  std::thread::id thread;
};

struct qiaoGraphExec_st {
  struct Step {
    const qiaoGraphNode_st *node; // identifies the step for qiaoGraphExecKernelNodeSetParams
    qiaoGraphNodeType type;
    qiao::rt::StreamWork work;
    int device;
  };
  std::vector<Step> steps; // in an order that respects every dependency
};

namespace qiao::rt {

// Needs rt.mutex held. Appends work submitted to a capturing stream to its graph.
Status recordIntoCapture(Runtime &rt, qiaoStream_st *stream, StreamWork work,
                         qiaoGraphNodeType type);
// A call the capture cannot hold (a synchronous copy, a stream synchronise): invalidates the
// capture and fails with qiaoErrorStreamCaptureUnsupported, as CUDA does.
Status refuseInCapture(Runtime &rt, qiaoStream_st *stream);
// A "potentially unsafe" call (CUDA's term for calls outside stream order that a capture cannot
// hold, such as a device synchronize) from the calling thread: refused with
// qiaoErrorStreamCaptureUnsupported, invalidating the captures that forbid it, when the thread's
// capture interaction mode and the open captures' modes say so
// (qiaoThreadExchangeStreamCaptureMode). Needs rt.mutex held.
Status refuseUnsafeCall(Runtime &rt);
// A stream waiting on an event recorded during a capture becomes part of that capture.
Status joinCapture(Runtime &rt, qiaoStream_st *stream, qiaoGraph_st *graph);

// Validates a kernel launch for `device` and returns the work that enqueues it, the arguments
// copied now (launch.cpp). Needs rt.mutex held.
Expected<StreamWork> kernelWork(Runtime &rt, qiaoFunction_st *f, int device, dim3 grid, dim3 block,
                                size_t dynamicShared, void **kernelParams, void **extra,
                                bool cooperative);

} // namespace qiao::rt
