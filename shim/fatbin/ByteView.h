// Bounds-checked little-endian reads over a byte range. Every read of fatbin and ELF headers goes
// through here, so a corrupt size field can only produce an error, never a read out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace qiao::fatbin {

class ByteView {
public:
  ByteView() = default;
  explicit ByteView(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  ByteView(const void *data, std::size_t size)
      : bytes_(static_cast<const std::uint8_t *>(data), size) {}

  std::size_t size() const { return bytes_.size(); }
  const std::uint8_t *data() const { return bytes_.data(); }
  std::span<const std::uint8_t> span() const { return bytes_; }

  // True when [offset, offset + length) lies inside the view; immune to overflow.
  bool contains(std::uint64_t offset, std::uint64_t length) const {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }

  // The sub-range [offset, offset + length), or nothing when it does not fit.
  std::optional<ByteView> slice(std::uint64_t offset, std::uint64_t length) const {
    if (!contains(offset, length))
      return std::nullopt;
    return ByteView(bytes_.subspan(offset, length));
  }

  template <class T> std::optional<T> read(std::uint64_t offset) const {
    static_assert(std::is_integral_v<T>);
    if (!contains(offset, sizeof(T)))
      return std::nullopt;
    // The build targets little-endian hosts only (x86-64, AArch64), as do fatbins.
    T value;
    std::memcpy(&value, bytes_.data() + offset, sizeof(T));
    return value;
  }

private:
  std::span<const std::uint8_t> bytes_;
};

} // namespace qiao::fatbin
