#include "GuardedBytes.h"

#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace qiao::fatbin::test {

GuardedBytes::GuardedBytes(const std::vector<std::uint8_t> &bytes) {
  std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::size_t dataPages = (bytes.size() + page - 1) / page;
  mappingBytes_ = (dataPages + 1) * page;
  void *mapped =
      mmap(nullptr, mappingBytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED)
    std::abort(); // a test machine without 2 pages of memory cannot run the tests at all
  mapping_ = static_cast<std::uint8_t *>(mapped);
  guard_ = mapping_ + dataPages * page;
  mprotect(guard_, page, PROT_NONE);
  data_ = guard_ - bytes.size();
  if (!bytes.empty())
    std::memcpy(data_, bytes.data(), bytes.size());
}

GuardedBytes::~GuardedBytes() { munmap(mapping_, mappingBytes_); }

} // namespace qiao::fatbin::test
