#include "ContainerBuilder.h"

#include <cstring>

namespace qiao::fatbin::test {
namespace {

template <class T> void put(std::vector<std::uint8_t> &bytes, std::size_t offset, T value) {
  if (bytes.size() < offset + sizeof(T))
    bytes.resize(offset + sizeof(T));
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

} // namespace

std::vector<std::uint8_t> buildEntry(const EntrySpec &spec) {
  std::vector<std::uint8_t> header(spec.headerSize < 0x48 ? 0x48 : spec.headerSize, 0);
  put<std::uint16_t>(header, 0x00, spec.kind);
  put<std::uint16_t>(header, 0x02, 0x0101);
  put<std::uint32_t>(header, 0x04, spec.headerSize);
  put<std::uint64_t>(header, 0x08,
                     spec.payloadSize == UINT64_MAX ? spec.payload.size() : spec.payloadSize);
  put<std::uint32_t>(header, 0x10, spec.compressedSize);
  put<std::uint16_t>(header, 0x18, spec.minor);
  put<std::uint16_t>(header, 0x1a, spec.major);
  put<std::uint32_t>(header, 0x1c, spec.arch);
  put<std::uint64_t>(header, 0x28, spec.flags);
  put<std::uint64_t>(header, 0x38, spec.uncompressedSize);
  put<std::uint32_t>(header, 0x40, spec.optionsOffset);
  put<std::uint32_t>(header, 0x44, spec.optionsLength);
  if (spec.optionsOffset + spec.optionsText.size() <= header.size())
    std::memcpy(header.data() + spec.optionsOffset, spec.optionsText.data(),
                spec.optionsText.size());
  // A header declared shorter than 0x48 ends where it says.
  header.resize(spec.headerSize);
  header.insert(header.end(), spec.payload.begin(), spec.payload.end());
  return header;
}

std::vector<std::uint8_t> buildContainer(const ContainerSpec &spec) {
  std::vector<std::uint8_t> body;
  for (const EntrySpec &entry : spec.entries) {
    std::vector<std::uint8_t> bytes = buildEntry(entry);
    body.insert(body.end(), bytes.begin(), bytes.end());
  }
  std::vector<std::uint8_t> container;
  put<std::uint32_t>(container, 0, spec.magic);
  put<std::uint16_t>(container, 4, spec.version);
  put<std::uint16_t>(container, 6, spec.headerSize);
  put<std::uint64_t>(container, 8, spec.size == UINT64_MAX ? body.size() : spec.size);
  container.resize(spec.headerSize < 16 ? 16 : spec.headerSize);
  container.insert(container.end(), body.begin(), body.end());
  return container;
}

std::vector<std::uint8_t> bytesOf(const std::string &text) { return {text.begin(), text.end()}; }

} // namespace qiao::fatbin::test
