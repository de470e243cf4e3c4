// What the validate layer knows of the driver's objects: which handles are live, of which device,
// and which were destroyed (to say "used after destroy" rather than "unknown"). Thread-safe.
#pragma once

#include <qiao/driver.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace qiao::layers::validate {

enum class HandleKind { Queue, Event, Module, Function, Texture };

const char *handleKindName(HandleKind kind);

class HandleTracker {
public:
  // device: the device it belongs to (-1: none, as events). owner: a function's module.
  void created(HandleKind kind, const void *handle, int32_t device, const void *owner = nullptr);
  void destroyed(HandleKind kind, const void *handle);
  bool live(HandleKind kind, const void *handle) const;
  // Empty when live; else why not ("destroyed by queueDestroy", "never returned by the driver").
  std::string whyNotLive(HandleKind kind, const void *handle) const;
  std::optional<int32_t> deviceOf(HandleKind kind, const void *handle) const;
  // The module a function came from, and that module's device.
  std::optional<int32_t> functionDevice(const void *function) const;
  void setEventDevice(const void *event, int32_t device);
  // deviceReset: every object of the device is dead (events recorded there included).
  void resetDevice(int32_t device);

  void allocated(const void *ptr, qiaoDrvMemKind kind, int32_t device);
  // Empty when ptr is a live allocation of that kind; else what is wrong.
  std::string checkFree(const void *ptr, qiaoDrvMemKind kind) const;
  void freed(const void *ptr);

private:
  struct Entry {
    int32_t device;
    const void *owner;
  };
  struct Allocation {
    qiaoDrvMemKind kind;
    int32_t device;
  };
  using Key = std::pair<HandleKind, const void *>;
  void kill(const Key &key);

  mutable std::mutex mutex_;
  std::map<Key, Entry> live_;
  std::map<Key, std::string> dead_; // handle -> how it died
  std::map<const void *, Allocation> allocations_;
};

} // namespace qiao::layers::validate
