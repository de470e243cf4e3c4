// One reporter per requested name that the stand-in does not implement: the runtime resolves
// several hundred names up front, and must get a callable function for each.
#include "Standin.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace qiao::dark::standin {
namespace {

constexpr std::size_t kMaxNames = 1024;

std::mutex gMutex;
std::vector<std::string> &names() {
  static auto *list = new std::vector<std::string>; // outlives the runtime's exit handlers
  return *list;
}

template <std::size_t I> int reporter() {
  static std::atomic<bool> reported{false};
  if (!reported.exchange(true))
    std::fprintf(stderr, "qiao: standin driver: %s is not implemented\n", names()[I].c_str());
  return 801;
}

template <std::size_t... I> std::array<void *, kMaxNames> reporters(std::index_sequence<I...>) {
  return {reinterpret_cast<void *>(&reporter<I>)...};
}

int overflow() { return 801; }

} // namespace

void *notImplemented(const char *name) {
  static const auto table = reporters(std::make_index_sequence<kMaxNames>{});
  std::lock_guard lock(gMutex);
  auto &list = names();
  for (std::size_t i = 0; i < list.size(); ++i)
    if (list[i] == name)
      return table[i];
  if (list.size() == kMaxNames)
    return reinterpret_cast<void *>(&overflow);
  list.emplace_back(name);
  return table[list.size() - 1];
}

} // namespace qiao::dark::standin
