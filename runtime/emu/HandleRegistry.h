// The live objects behind one kind of opaque driver handle. Entry points resolve a handle here,
// so a stale or foreign handle becomes qiaoErrorInvalidResourceHandle rather than a wild pointer,
// and the shared_ptr returned keeps the object alive for the rest of the call even if another
// thread destroys the handle meanwhile.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace qiao::emu {

template <class T> class HandleRegistry {
public:
  void add(const void *handle, std::shared_ptr<T> object) {
    std::lock_guard lock(mutex_);
    objects_[handle] = std::move(object);
  }

  std::shared_ptr<T> find(const void *handle) const {
    std::lock_guard lock(mutex_);
    auto it = objects_.find(handle);
    return it == objects_.end() ? nullptr : it->second;
  }

  // Returns the removed object (null when the handle was not live).
  std::shared_ptr<T> remove(const void *handle) {
    std::lock_guard lock(mutex_);
    auto it = objects_.find(handle);
    if (it == objects_.end())
      return nullptr;
    std::shared_ptr<T> object = std::move(it->second);
    objects_.erase(it);
    return object;
  }

  // Empties the registry; the caller decides in which order the objects die.
  std::vector<std::shared_ptr<T>> takeAll() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<T>> all;
    all.reserve(objects_.size());
    for (auto &[handle, object] : objects_)
      all.push_back(std::move(object));
    objects_.clear();
    return all;
  }

  // Removes the objects `select` picks (called under the registry's lock: it must not call back).
  template <class Select> std::vector<std::shared_ptr<T>> takeIf(Select select) {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<T>> taken;
    for (auto it = objects_.begin(); it != objects_.end();) {
      if (select(static_cast<const T &>(*it->second))) {
        taken.push_back(std::move(it->second));
        it = objects_.erase(it);
      } else {
        ++it;
      }
    }
    return taken;
  }

  size_t size() const {
    std::lock_guard lock(mutex_);
    return objects_.size();
  }

private:
  mutable std::mutex mutex_;
  std::unordered_map<const void *, std::shared_ptr<T>> objects_;
};

} // namespace qiao::emu
