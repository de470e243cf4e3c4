// The trace layer: every seam call becomes a span on the calling thread's track (slot name,
// arguments, result, outputs), and the work queued on a queue (kernels, copies, fills, host
// functions) becomes a span on that queue's track. A queue runs its work in order, so the layer
// brackets each piece of work with two host functions of its own queued on the same queue: the
// first runs when the work can start, the second when it has finished; the span between them is
// the work's execution as the driver ran it. Work still pending when the process exits (its
// queue never synchronised, or stopped by a fault) is written as an instant event at its
// submission. Output: QIAO_TRACE_FILE, default qiao-trace.json (TraceWriter.h on the format).
#include "LayerTable.h"
#include "Layers.h"
#include "SlotTag.h"
#include "TraceArgs.h"
#include "TraceWriter.h"

#include <cxxabi.h>
#include <dlfcn.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>

namespace qiao::layers {
namespace {

using trace::TraceWriter;

TraceWriter &writer() {
  // Never destroyed: queue threads may finish work while the process exits.
  static auto *instance = new TraceWriter;
  return *instance;
}

struct Names {
  std::mutex mutex;
  std::map<const void *, int32_t> queueDevices;
  std::map<const void *, std::string> kernels; // function -> demangled name
};

Names &names() {
  static auto *instance = new Names;
  return *instance;
}

std::string demangle(const char *name) {
  if (!name)
    return "kernel";
  int status = 0;
  char *readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string result = status == 0 && readable ? readable : name;
  std::free(readable);
  return result;
}

int64_t queueTrack(const void *queue) {
  int32_t device = -1;
  {
    std::lock_guard lock(names().mutex);
    if (auto it = names().queueDevices.find(queue); it != names().queueDevices.end())
      device = it->second;
  }
  return writer().queueTrack(queue, device);
}

// One piece of queued work, shared by the two host functions that bracket it.
struct WorkSpan {
  std::string name;
  std::string args;
  int64_t track = 0;
  double submitted = 0;
  double started = 0;
};

struct Pending {
  std::mutex mutex;
  std::set<std::shared_ptr<WorkSpan>> spans;
};

Pending &pending() {
  static auto *instance = new Pending;
  return *instance;
}

void workStarts(void *data) {
  auto *span = static_cast<std::shared_ptr<WorkSpan> *>(data);
  (*span)->started = writer().now();
  delete span;
}

void workEnds(void *data) {
  auto *span = static_cast<std::shared_ptr<WorkSpan> *>(data);
  double end = writer().now();
  {
    std::lock_guard lock(pending().mutex);
    pending().spans.erase(*span);
  }
  writer().span((*span)->track, (*span)->name, "work", (*span)->started, end - (*span)->started,
                (*span)->args);
  delete span;
}

// Queues the work through `enqueue` between the two bracketing host functions.
template <class Enqueue>
qiaoDrvStatus bracketWork(const qiaoDriverTable *next, qiaoDrvQueue queue, std::string name,
                          std::string args, Enqueue enqueue) {
  auto span = std::make_shared<WorkSpan>();
  span->name = std::move(name);
  span->args = std::move(args);
  span->track = queueTrack(queue);
  span->submitted = writer().now();
  auto *startRef = new std::shared_ptr<WorkSpan>(span);
  if (next->enqueueHostFn(queue, workStarts, startRef) != qiaoDrvSuccess) {
    delete startRef;
    return enqueue(); // the driver reports its own error for the queue
  }
  qiaoDrvStatus status = enqueue();
  if (status != qiaoDrvSuccess)
    return status; // the start marker runs alone and frees its reference
  auto *endRef = new std::shared_ptr<WorkSpan>(span);
  {
    std::lock_guard lock(pending().mutex);
    pending().spans.insert(span);
  }
  if (next->enqueueHostFn(queue, workEnds, endRef) != qiaoDrvSuccess) {
    std::lock_guard lock(pending().mutex);
    pending().spans.erase(span);
    delete endRef;
  }
  return status;
}

struct HostCall {
  qiaoDrvHostFn fn;
  void *userData;
  int64_t track;
};

void runHostCall(void *data) {
  auto *call = static_cast<HostCall *>(data);
  double start = writer().now();
  call->fn(call->userData);
  writer().span(call->track, "host function", "work", start, writer().now() - start,
                "{\"fn\":" + trace::hexValue(reinterpret_cast<const void *>(call->fn)) + "}");
  delete call;
}

const char *directionName(qiaoDrvCopyDirection direction) {
  switch (direction) {
  case QIAO_DRV_COPY_HOST_TO_HOST:
    return "HtoH";
  case QIAO_DRV_COPY_HOST_TO_DEVICE:
    return "HtoD";
  case QIAO_DRV_COPY_DEVICE_TO_HOST:
    return "DtoH";
  case QIAO_DRV_COPY_DEVICE_TO_DEVICE:
    return "DtoD";
  }
  return "unknown direction";
}

std::string kernelName(const qiaoDriverTable *next, qiaoDrvFunction function) {
  {
    std::lock_guard lock(names().mutex);
    if (auto it = names().kernels.find(function); it != names().kernels.end())
      return it->second;
  }
  const char *mangled = nullptr;
  next->functionName(function, &mangled);
  return demangle(mangled);
}

// A host-compiled kernel's entry has no name in the seam: the symbol table may know it.
std::string hostKernelName(qiaoDrvHostKernelEntry entry) {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void *>(entry), &info) != 0 && info.dli_sname)
    return demangle(info.dli_sname);
  char text[48];
  std::snprintf(text, sizeof text, "host kernel %p", reinterpret_cast<void *>(entry));
  return text;
}

// Writes every pending span as an instant and closes the file; runs at exit.
void finishTrace() {
  std::set<std::shared_ptr<WorkSpan>> left;
  {
    std::lock_guard lock(pending().mutex);
    left.swap(pending().spans);
  }
  for (const auto &span : left)
    writer().instant(span->track, span->name + " (not finished at exit)", "work", span->submitted,
                     span->args);
  writer().close();
}

struct TraceLayer {
  static inline const qiaoDriverTable *next = nullptr;

  // Queues the work of the enqueue* slots between markers; any other slot is called as is.
  template <Slot S, class... A> static qiaoDrvStatus forward(qiaoDrvStatus (*fn)(A...), A... args) {
    auto call = [&] { return fn(args...); };
    if constexpr (S == Slot::enqueueCopy) {
      auto [queue, dst, src, bytes, direction] = std::tuple<A...>(args...);
      return bracketWork(next, queue, std::string("memcpy ") + directionName(direction),
                         "{\"bytes\":" + std::to_string(bytes) + ",\"direction\":\"" +
                             directionName(direction) + "\"}",
                         call);
    } else if constexpr (S == Slot::enqueueCopy2D) {
      auto [queue, dst, dstPitch, src, srcPitch, width, height, direction] =
          std::tuple<A...>(args...);
      return bracketWork(next, queue, std::string("memcpy2D ") + directionName(direction),
                         "{\"bytes\":" + std::to_string(width * height) + ",\"direction\":\"" +
                             directionName(direction) + "\"}",
                         call);
    } else if constexpr (S == Slot::enqueueFill) {
      auto [queue, dst, pattern, elementSize, count] = std::tuple<A...>(args...);
      return bracketWork(next, queue, "memset",
                         "{\"bytes\":" + std::to_string(uint64_t(elementSize) * count) +
                             ",\"elementSize\":" + std::to_string(elementSize) + "}",
                         call);
    } else if constexpr (S == Slot::enqueueLaunch) {
      auto [queue, function, launch] = std::tuple<A...>(args...);
      return bracketWork(next, queue, kernelName(next, function),
                         "{\"launch\":" + trace::jsonValue(launch) + "}", call);
    } else if constexpr (S == Slot::enqueueHostKernel) {
      auto [queue, entry, launch] = std::tuple<A...>(args...);
      return bracketWork(next, queue, hostKernelName(entry),
                         "{\"launch\":" + trace::jsonValue(launch) + "}", call);
    } else if constexpr (S == Slot::enqueueHostFn) {
      auto [queue, hostFn, userData] = std::tuple<A...>(args...);
      if (!hostFn)
        return call();
      auto *hostCall = new HostCall{hostFn, userData, queueTrack(queue)};
      qiaoDrvStatus status = fn(queue, runHostCall, hostCall);
      if (status != qiaoDrvSuccess)
        delete hostCall;
      return status;
    } else {
      return call();
    }
  }

  // Facts later spans need: a queue's device, a kernel's name.
  template <Slot S, class... A> static void remember(qiaoDrvStatus status, A... args) {
    if (status != qiaoDrvSuccess)
      return;
    if constexpr (S == Slot::queueCreate) {
      auto [device, flags, priority, queue] = std::tuple<A...>(args...);
      std::lock_guard lock(names().mutex);
      names().queueDevices[*queue] = device;
    } else if constexpr (S == Slot::moduleGetFunction) {
      auto [module, name, function] = std::tuple<A...>(args...);
      std::string readable = demangle(name);
      std::lock_guard lock(names().mutex);
      names().kernels[*function] = readable;
    }
  }

  template <Slot S, class... A>
  static qiaoDrvStatus intercept(qiaoDrvStatus (*fn)(A...), A... args) {
    int64_t track = writer().hostThreadTrack();
    double start = writer().now();
    qiaoDrvStatus status = forward<S>(fn, args...);
    double end = writer().now();
    remember<S>(status, args...);

    const SlotContract &contract = slotContract(S);
    std::string json = "{";
    size_t index = 0;
    auto add = [&](auto value) {
      const std::string &name = contract.params[index++];
      json += trace::jsonString(name) + ":" + trace::jsonValue(value) + ",";
      if (status == qiaoDrvSuccess)
        if (std::string out = trace::jsonOutput(value); !out.empty())
          json += trace::jsonString("*" + name) + ":" + out + ",";
    };
    (add(args), ...);
    (void)add; // init has no arguments
    json += "\"result\":" + trace::jsonString(statusName(status)) + "}";
    writer().span(track, contract.name, "seam", start, end - start, json);
    return status;
  }
};

} // namespace

const qiaoDriverTable *traceLayer(const qiaoDriverTable *next) {
  static std::mutex mutex;
  static qiaoDriverTable table;
  std::lock_guard lock(mutex);
  if (TraceLayer::next && TraceLayer::next != next)
    return nullptr;
  if (!TraceLayer::next) {
    const char *path = std::getenv("QIAO_TRACE_FILE");
    // Without a file the layer still forwards: a trace that cannot be written must not stop
    // the program (the reason is on stderr).
    if (writer().open(path && *path ? path : "qiao-trace.json"))
      std::atexit(finishTrace);
    TraceLayer::next = next;
    table = makeLayerTable<TraceLayer>(next);
  }
  return &table;
}

} // namespace qiao::layers
