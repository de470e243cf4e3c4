#include "ReadableExtent.h"

#include "ElfSections.h"
#include "FormatError.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qiao::fatbin {
namespace {

constexpr std::uint64_t kSectionAllocated = 0x2; // SHF_ALLOC

// The loaded object and segment that hold an address (from the dynamic loader's own list).
struct LoadedSegment {
  std::string path;          // the object's file; the main program's is /proc/self/exe
  std::uint64_t bias = 0;    // load address minus link address
  std::uint64_t linkEnd = 0; // the segment's end, as a link address
};

struct SegmentSearch {
  std::uint64_t address = 0;
  bool found = false;
  LoadedSegment segment;
};

int matchSegment(dl_phdr_info *info, size_t, void *data) {
  auto &search = *static_cast<SegmentSearch *>(data);
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &header = info->dlpi_phdr[i];
    if (header.p_type != PT_LOAD)
      continue;
    std::uint64_t start = info->dlpi_addr + header.p_vaddr;
    if (search.address < start || search.address - start >= header.p_memsz)
      continue;
    search.found = true;
    const char *name = info->dlpi_name;
    search.segment.path = name != nullptr && name[0] != 0 ? name : "/proc/self/exe";
    search.segment.bias = info->dlpi_addr;
    search.segment.linkEnd = header.p_vaddr + header.p_memsz;
    return 1;
  }
  return 0;
}

// A read-only view of a whole file, unmapped when it goes.
class MappedFile {
public:
  explicit MappedFile(const std::string &path) {
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
      return;
    struct stat info {};
    if (fstat(fd, &info) == 0 && info.st_size > 0) {
      void *mapped =
          mmap(nullptr, static_cast<size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (mapped != MAP_FAILED) {
        data_ = mapped;
        size_ = static_cast<size_t>(info.st_size);
      }
    }
    close(fd);
  }
  ~MappedFile() {
    if (data_ != nullptr)
      munmap(data_, size_);
  }
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;

  bool valid() const { return data_ != nullptr; }
  ByteView bytes() const { return ByteView(data_, size_); }

private:
  void *data_ = nullptr;
  size_t size_ = 0;
};

// The section of the object's file that holds `linkAddress`, cut at the segment's end (a section
// header cannot make more memory readable than the loader mapped); the segment when the file or
// its section table cannot be read.
ReadableExtent sectionExtent(const LoadedSegment &segment, std::uint64_t linkAddress) {
  ReadableExtent extent{segment.linkEnd - linkAddress, "the loaded segment of " + segment.path};
  MappedFile file(segment.path);
  if (!file.valid())
    return extent;
  auto elf = readElfSections(file.bytes());
  if (!elf)
    return extent;
  for (const ElfSection &section : elf->sections) {
    if ((section.flags & kSectionAllocated) == 0 || linkAddress < section.address ||
        linkAddress - section.address >= section.size)
      continue;
    std::uint64_t end = section.address + section.size;
    if (end <= segment.linkEnd)
      extent = {end - linkAddress, "section " + section.name + " of " + segment.path};
    break;
  }
  return extent;
}

// The readable mapping (joined with readable mappings right after it) that holds `address`, from
// /proc/self/maps.
Expected<ReadableExtent> mappingExtent(std::uint64_t address) {
  std::FILE *maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr)
    return ReadableExtent{std::numeric_limits<std::uint64_t>::max(), "unknown memory"};
  std::uint64_t end = 0;
  char line[512];
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    std::uint64_t from = 0, to = 0;
    char read = '-';
    if (std::sscanf(line, "%" SCNx64 "-%" SCNx64 " %c", &from, &to, &read) != 3)
      continue;
    bool readable = read == 'r';
    if (end == 0 && readable && address >= from && address < to)
      end = to;
    else if (end != 0 && readable && from == end)
      end = to;
    else if (end != 0)
      break;
    // Lines that end before the address, or that are not readable, are skipped until it.
    bool seenLine = std::strchr(line, '\n') != nullptr;
    while (!seenLine && std::fgets(line, sizeof line, maps) != nullptr)
      seenLine = std::strchr(line, '\n') != nullptr;
  }
  std::fclose(maps);
  if (end == 0)
    return malformed("image address", hex(address), "an address in readable memory");
  return ReadableExtent{end - address, "its readable memory mapping"};
}

} // namespace

Expected<ReadableExtent> readableExtent(const void *address) {
  SegmentSearch search;
  search.address = reinterpret_cast<std::uintptr_t>(address);
  dl_iterate_phdr(matchSegment, &search);
  if (search.found)
    return sectionExtent(search.segment, search.address - search.segment.bias);
  return mappingExtent(search.address);
}

} // namespace qiao::fatbin
