// Graphs above the seam: what a graph, its nodes and an instantiated graph hold, and the hooks
// stream submission uses while a stream captures. A graph is a list of nodes, each after its
// dependencies; launching one submits the nodes' work in that order to one stream, which
// honours every dependency (a capture records work in the order the program issued it).
#pragma once

#include "Clusters.h"
#include "Streams.h"

#include <memory>
#include <thread>
#include <utility>
#include <vector>

// A kernel node's launch as it was given, for qiaoGraph*KernelNodeGetParams: the kernel (and,
// for the runtime API, the host function that names it), its shape, and a copy of the arguments
// with a pointer to each, which the node owns as CUDA's does. Never changed once made, so clones
// share it.
struct qiaoKernelLaunch {
  const void *hostFunction = nullptr;
  qiaoFunction_st *function = nullptr;
  dim3 grid, block;
  unsigned shared = 0;
  std::vector<unsigned char> arguments;
  std::vector<void *> argumentPointers;
};

struct qiaoGraphNode_st {
  qiaoGraphNodeType type = qiaoGraphNodeTypeEmpty;
  qiao::rt::StreamWork work; // empty for an empty node
  std::vector<qiaoGraphNode_st *> dependencies;
  // What some kinds of node name besides their work: the event of an event record or wait node
  // (a launch marks it recorded or waited on), the graph a child graph node owns and runs, the
  // allocation of a memory node.
  qiaoEvent_st *event = nullptr;
  qiaoGraph_st *child = nullptr;
  void *allocation = nullptr;
  // The graph that holds the node.
  qiaoGraph_st *graph = nullptr;
  std::shared_ptr<const qiaoKernelLaunch> kernel; // kernel nodes
  // In a clone (qiaoGraphClone): the node it copies, for qiaoGraphNodeFindInClone.
  const qiaoGraphNode_st *original = nullptr;
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
  // The child graph node that owns this graph, which then goes away with it.
  qiaoGraphNode_st *owner = nullptr;
};

// The shape of a graph as instantiated: each node's type and dependencies (as indices into
// `nodes`, in the order they were added), and a child graph's own shape. qiaoGraphExecUpdate
// accepts a graph of the same shape.
struct qiaoGraphShape {
  struct Node {
    qiaoGraphNodeType type;
    std::vector<size_t> dependencies;
    std::unique_ptr<qiaoGraphShape> child;
    const void *allocation; // a memory node's allocation, which an update cannot change
  };
  std::vector<Node> nodes;
};

struct qiaoGraphExec_st {
  // One node's work; child graphs are expanded into their nodes' steps.
  struct Step {
    const qiaoGraphNode_st *node; // identifies the step for qiaoGraphExec*NodeSetParams
    qiaoGraphNodeType type;
    qiao::rt::StreamWork work; // empty for nodes that do nothing when launched
    int device;
    qiaoEvent_st *event; // event record and wait nodes
  };
  std::vector<Step> steps; // in an order that respects every dependency
  qiaoGraphShape shape;
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

// Graph construction helpers shared by graph.cpp and the files of the other node kinds.
Expected<qiaoGraph_st *> knownGraph(Runtime &rt, qiaoGraph_t graph);
// Adds a node after its dependencies, which must be nodes of the same graph; the new node is
// returned for the caller to fill in what its kind names besides the work.
Expected<qiaoGraphNode_st *> addNode(Runtime &rt, qiaoGraphNode_t *pNode, qiaoGraph_t graph,
                                     const qiaoGraphNode_t *dependencies, size_t count,
                                     qiaoGraphNodeType type, StreamWork work);
// The nodes in an order where each comes after all it depends on; a cycle is refused.
Expected<std::vector<const qiaoGraphNode_st *>> launchOrder(const qiaoGraph_st &graph);
// The steps that launch the graph (children expanded), and its shape.
Status flattenGraph(const qiaoGraph_st &graph, std::vector<qiaoGraphExec_st::Step> &steps,
                    qiaoGraphShape &shape);
// Destroys a graph with its child graphs, forgetting their handles. Needs rt.mutex held.
void destroyGraph(Runtime &rt, qiaoGraph_st *graph);
// Whether the graph (or a child) holds memory nodes, which CUDA does not let clone or nest.
bool holdsMemoryNodes(const qiaoGraph_st &graph);

// A kernel's arguments packed as the driver takes them, from kernelParams (one pointer per
// parameter) or extra (a buffer); qiaoErrorInvalidValue when they do not fit (launch.cpp).
Expected<std::vector<unsigned char>> packArguments(const qiaoFunction_st &f, void **kernelParams,
                                                   void **extra);
// Makes `node` a kernel node launching f (named by hostFunction for the runtime API, or null)
// with these parameters, checked as a launch on the graph's device is (graph_kernel.cpp). Needs
// rt.mutex held.
Status setKernelNode(Runtime &rt, qiaoGraphNode_st &node, const void *hostFunction,
                     qiaoFunction_st *f, dim3 grid, dim3 block, unsigned shared, void **params,
                     void **extra);

// Validates a kernel launch for `device` and returns the work that enqueues it, the arguments
// copied now (launch.cpp). Needs rt.mutex held.
Expected<StreamWork> kernelWork(Runtime &rt, qiaoFunction_st *f, int device, dim3 grid, dim3 block,
                                size_t dynamicShared, void **kernelParams, void **extra,
                                bool cooperative, const ClusterRequest &cluster = {});

} // namespace qiao::rt
