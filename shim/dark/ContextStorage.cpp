// Table c693336e-1121-df11-a8c3-68f355d89593 (context-local storage): the runtime keeps its
// per-context state in the driver, keyed by (context, key). Unlike the other tables, slot 0 is a
// function here, not the size.
#include "DriverImports.h"
#include "Table.h"

#include <map>
#include <mutex>
#include <utility>

namespace qiao::dark {
namespace {

using Destructor = void (*)(CUcontext, void *, void *);

struct Stored {
  void *value = nullptr;
  Destructor destructor = nullptr;
};

std::mutex gMutex;
// Never destroyed: the runtime erases its entries from its own exit handlers, which may run after
// this library's static destructors.
std::map<std::pair<CUcontext, void *>, Stored> &storage() {
  static auto *values = new std::map<std::pair<CUcontext, void *>, Stored>;
  return *values;
}

// A null context means the calling thread's current one.
CUcontext resolve(CUcontext context) {
  if (context == nullptr)
    cuCtxGetCurrent(&context);
  return context;
}

// Slot 0: (context, key, value, destructor).
int put(CUcontext context, void *key, void *value, Destructor destructor) {
  context = resolve(context);
  if (context == nullptr)
    return kInvalidContext;
  std::lock_guard lock(gMutex);
  storage()[{context, key}] = Stored{value, destructor};
  return kSuccess;
}

// Slot 1: (context, key).
int erase(CUcontext context, void *key) {
  context = resolve(context);
  if (context == nullptr)
    return kInvalidContext;
  std::lock_guard lock(gMutex);
  storage().erase({context, key});
  return kSuccess;
}

// Slot 2: (value out, context, key); an unknown key is CUDA_ERROR_INVALID_HANDLE, which tells the
// runtime to create its state and put() it.
int get(void **value, CUcontext context, void *key) {
  if (value == nullptr)
    return kInvalidValue;
  context = resolve(context);
  if (context == nullptr)
    return kInvalidContext;
  std::lock_guard lock(gMutex);
  auto found = storage().find({context, key});
  if (found == storage().end())
    return kInvalidHandle;
  *value = found->second.value;
  return kSuccess;
}

} // namespace

void fillContextStorage(Table &table) {
  table.set(0, reinterpret_cast<const void *>(&put));
  table.set(1, reinterpret_cast<const void *>(&erase));
  table.set(2, reinterpret_cast<const void *>(&get));
}

} // namespace qiao::dark
