// Bytes placed so that they end exactly where readable memory ends: an inaccessible page follows
// them. A reader that believes a size field and reads one byte too far crashes the test instead
// of reading unrelated memory unnoticed, as it would in a real program's .nv_fatbin section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace qiao::fatbin::test {

class GuardedBytes {
public:
  explicit GuardedBytes(const std::vector<std::uint8_t> &bytes);
  ~GuardedBytes();
  GuardedBytes(const GuardedBytes &) = delete;
  GuardedBytes &operator=(const GuardedBytes &) = delete;

  const std::uint8_t *data() const { return data_; }
  std::uint8_t *data() { return data_; }
  // The first byte that cannot be read.
  const std::uint8_t *guard() const { return guard_; }

private:
  std::uint8_t *mapping_ = nullptr;
  std::size_t mappingBytes_ = 0;
  std::uint8_t *data_ = nullptr;
  std::uint8_t *guard_ = nullptr;
};

} // namespace qiao::fatbin::test
