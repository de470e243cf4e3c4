// MD2 (RFC 1319) and HMAC-MD2 (RFC 2104 with MD2's 16-byte block): the keyed digest NVIDIA's
// runtime expects from the integrity-check export table.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace qiao::dark {

using Md2Digest = std::array<std::uint8_t, 16>;

// Incremental MD2: update() any number of times, then finish() once.
class Md2 {
public:
  void update(const void *data, std::size_t bytes);
  Md2Digest finish();

private:
  void addByte(std::uint8_t byte);
  void transformBlock();

  std::array<std::uint8_t, 48> state_{};    // X in RFC 1319
  std::array<std::uint8_t, 16> block_{};    // the bytes of the block being filled
  std::array<std::uint8_t, 16> checksum_{}; // C
  std::uint8_t lastChecksum_ = 0;           // L
  std::size_t filled_ = 0;
};

// HMAC-MD2 of `message` under a 16-byte `key` (the key is exactly one block, so it is used as is).
class HmacMd2 {
public:
  explicit HmacMd2(const std::array<std::uint8_t, 16> &key);
  void update(const void *data, std::size_t bytes) { inner_.update(data, bytes); }
  Md2Digest finish();

private:
  std::array<std::uint8_t, 16> key_;
  Md2 inner_;
};

} // namespace qiao::dark
