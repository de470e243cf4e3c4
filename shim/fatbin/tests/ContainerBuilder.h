// Builds fatbin containers field by field, so malformed-input tests say in code which field they
// break instead of carrying opaque binary blobs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qiao::fatbin::test {

struct EntrySpec {
  std::uint16_t kind = 1;          // PTX
  std::uint32_t headerSize = 0x50; // as nvcc writes PTX entries
  std::vector<std::uint8_t> payload;
  std::uint64_t payloadSize = UINT64_MAX; // UINT64_MAX: payload.size()
  std::uint32_t compressedSize = 0;
  std::uint16_t minor = 0;
  std::uint16_t major = 9;
  std::uint32_t arch = 80;
  std::uint64_t flags = 0x11; // 64-bit, Linux
  std::uint64_t uncompressedSize = 0;
  std::uint32_t optionsOffset = 0x48;
  std::uint32_t optionsLength = 0;
  std::string optionsText; // written at optionsOffset when it fits the header
};

struct ContainerSpec {
  std::uint32_t magic = 0xBA55ED50;
  std::uint16_t version = 1;
  std::uint16_t headerSize = 0x10;
  std::uint64_t size = UINT64_MAX; // UINT64_MAX: the entries' total
  std::vector<EntrySpec> entries;
};

std::vector<std::uint8_t> buildEntry(const EntrySpec &spec);
std::vector<std::uint8_t> buildContainer(const ContainerSpec &spec);

std::vector<std::uint8_t> bytesOf(const std::string &text);

} // namespace qiao::fatbin::test
