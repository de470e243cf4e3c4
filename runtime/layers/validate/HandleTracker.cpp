#include "HandleTracker.h"

#include <vector>

namespace qiao::layers::validate {

const char *handleKindName(HandleKind kind) {
  switch (kind) {
  case HandleKind::Queue:
    return "queue";
  case HandleKind::Event:
    return "event";
  case HandleKind::Module:
    return "module";
  case HandleKind::Function:
    return "function";
  case HandleKind::Texture:
    return "texture";
  }
  return "handle";
}

namespace {
const char *destroyerName(HandleKind kind) {
  switch (kind) {
  case HandleKind::Queue:
    return "queueDestroy";
  case HandleKind::Event:
    return "eventDestroy";
  case HandleKind::Module:
  case HandleKind::Function:
    return "moduleUnload";
  case HandleKind::Texture:
    return "textureDestroy";
  }
  return "destroy";
}
} // namespace

void HandleTracker::created(HandleKind kind, const void *handle, int32_t device,
                            const void *owner) {
  std::lock_guard lock(mutex_);
  Key key{kind, handle};
  dead_.erase(key); // an address reused for a new object
  live_[key] = Entry{device, owner};
}

void HandleTracker::kill(const Key &key) {
  live_.erase(key);
  dead_[key] = std::string("dead since ") + destroyerName(key.first);
}

void HandleTracker::destroyed(HandleKind kind, const void *handle) {
  std::lock_guard lock(mutex_);
  kill({kind, handle});
  if (kind != HandleKind::Module)
    return;
  std::vector<Key> functions;
  for (const auto &[key, entry] : live_)
    if (key.first == HandleKind::Function && entry.owner == handle)
      functions.push_back(key);
  for (const Key &key : functions)
    kill(key);
}

bool HandleTracker::live(HandleKind kind, const void *handle) const {
  std::lock_guard lock(mutex_);
  return live_.count({kind, handle}) != 0;
}

std::string HandleTracker::whyNotLive(HandleKind kind, const void *handle) const {
  std::lock_guard lock(mutex_);
  Key key{kind, handle};
  if (live_.count(key))
    return {};
  if (auto dead = dead_.find(key); dead != dead_.end())
    return dead->second;
  return "never returned by the driver";
}

std::optional<int32_t> HandleTracker::deviceOf(HandleKind kind, const void *handle) const {
  std::lock_guard lock(mutex_);
  auto it = live_.find({kind, handle});
  if (it == live_.end() || it->second.device < 0)
    return std::nullopt;
  return it->second.device;
}

std::optional<int32_t> HandleTracker::functionDevice(const void *function) const {
  std::lock_guard lock(mutex_);
  auto it = live_.find({HandleKind::Function, function});
  if (it == live_.end())
    return std::nullopt;
  auto module = live_.find({HandleKind::Module, it->second.owner});
  if (module == live_.end())
    return std::nullopt;
  return module->second.device;
}

void HandleTracker::setEventDevice(const void *event, int32_t device) {
  std::lock_guard lock(mutex_);
  if (auto it = live_.find({HandleKind::Event, event}); it != live_.end())
    it->second.device = device;
}

void HandleTracker::resetDevice(int32_t device) {
  std::lock_guard lock(mutex_);
  std::vector<Key> doomed;
  for (const auto &[key, entry] : live_)
    if (entry.device == device && key.first != HandleKind::Function)
      doomed.push_back(key);
  for (const auto &[key, entry] : live_)
    if (key.first == HandleKind::Function) {
      auto module = live_.find({HandleKind::Module, entry.owner});
      if (module != live_.end() && module->second.device == device)
        doomed.push_back(key);
    }
  for (const Key &key : doomed) {
    live_.erase(key);
    dead_[key] = "dead since deviceReset of device " + std::to_string(device);
  }
  for (auto it = allocations_.begin(); it != allocations_.end();)
    it = it->second.device == device ? allocations_.erase(it) : std::next(it);
}

void HandleTracker::allocated(const void *ptr, qiaoDrvMemKind kind, int32_t device) {
  std::lock_guard lock(mutex_);
  allocations_[ptr] = Allocation{kind, device};
}

std::string HandleTracker::checkFree(const void *ptr, qiaoDrvMemKind kind) const {
  std::lock_guard lock(mutex_);
  auto it = allocations_.find(ptr);
  if (it == allocations_.end())
    return "is not the start of a live allocation (never allocated, or freed already)";
  if (it->second.kind != kind)
    return "was allocated as kind " + std::to_string(it->second.kind) + ", freed as kind " +
           std::to_string(kind);
  return {};
}

void HandleTracker::freed(const void *ptr) {
  std::lock_guard lock(mutex_);
  allocations_.erase(ptr);
}

} // namespace qiao::layers::validate
