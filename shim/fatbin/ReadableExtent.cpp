#include "ReadableExtent.h"

#include "ElfSections.h"
#include "FormatError.h"

#include <cerrno>
#include <cinttypes>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <link.h>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace qiao::fatbin {
namespace {

constexpr std::uint64_t kSectionAllocated = 0x2; // SHF_ALLOC
constexpr const char *kMainProgram = "/proc/self/exe";

// The loaded object and segment that hold an address (from the dynamic loader's own list).
struct LoadedSegment {
  std::string path;            // the object's file; the main program's is /proc/self/exe
  std::uint64_t bias = 0;      // load address minus link address
  std::uint64_t linkEnd = 0;   // the segment's end, as a link address
  unsigned long long subs = 0; // objects the loader had unloaded when this was found
  bool cacheable = false;
  // The segment as the loader mapped it, to check that the file read is the object loaded (not
  // the dynamic loader itself, as /proc/self/exe is under `ld.so ./app`, nor a file replaced
  // since).
  std::uint64_t fileOffset = 0;
  std::uint64_t linkStart = 0;
  std::uint64_t memorySize = 0;
  unsigned programHeaders = 0;
};

struct SegmentSearch {
  std::uint64_t address = 0;
  bool found = false;
  LoadedSegment segment;
};

int matchSegment(dl_phdr_info *info, size_t size, void *data) {
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
    search.segment.path = name != nullptr && name[0] != 0 ? name : kMainProgram;
    search.segment.bias = info->dlpi_addr;
    search.segment.linkEnd = header.p_vaddr + header.p_memsz;
    search.segment.fileOffset = header.p_offset;
    search.segment.linkStart = header.p_vaddr;
    search.segment.memorySize = header.p_memsz;
    search.segment.programHeaders = info->dlpi_phnum;
    // A loader too old to count unloads passes a shorter struct: then nothing is cached.
    search.segment.cacheable = size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs);
    if (search.segment.cacheable)
      search.segment.subs = info->dlpi_subs;
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

// The allocated sections of a loaded object's file, as link addresses.
struct SectionSpan {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
  std::string name;
};

struct ObjectSections {
  std::string path;
  std::uint64_t bias = 0;
  std::vector<SectionSpan> sections; // empty when the file or its section table is unreadable
};

// Section tables read so far: a program registers one fatbin per translation unit, all in the
// same few objects. Emptied when the loader has unloaded an object since (dlpi_subs grew), as
// another may now sit at the same address.
struct SectionCache {
  std::mutex mutex;
  unsigned long long subs = 0;
  std::vector<std::shared_ptr<const ObjectSections>> objects;
};

SectionCache &sectionCache() {
  static auto *cache = new SectionCache(); // never destroyed: used from exit handlers
  return *cache;
}

// True when the ELF file has the program headers the loader mapped the segment from.
bool isTheLoadedFile(ByteView file, const LoadedSegment &segment) {
  constexpr std::uint32_t kLoadSegment = 1; // PT_LOAD
  auto table = file.read<std::uint64_t>(32);
  auto entrySize = file.read<std::uint16_t>(54);
  auto count = file.read<std::uint16_t>(56);
  if (!table || !entrySize || !count || *count != segment.programHeaders)
    return false;
  for (std::uint64_t i = 0; i < *count; ++i) {
    auto header = file.slice(*table + i * *entrySize, *entrySize);
    if (!header || header->size() < 48)
      return false;
    if (header->read<std::uint32_t>(0) == kLoadSegment &&
        header->read<std::uint64_t>(8) == segment.fileOffset &&
        header->read<std::uint64_t>(16) == segment.linkStart &&
        header->read<std::uint64_t>(40) == segment.memorySize)
      return true;
  }
  return false;
}

// The allocated sections of an ELF file.
std::shared_ptr<const ObjectSections> sectionsOf(ByteView file,
                                                 std::shared_ptr<ObjectSections> object) {
  auto elf = readElfSections(file);
  if (!elf)
    return object;
  for (const ElfSection &section : elf->sections)
    if ((section.flags & kSectionAllocated) != 0 && section.size != 0)
      object->sections.push_back({section.address, section.address + section.size, section.name});
  return object;
}

std::shared_ptr<const ObjectSections> readObjectSections(const LoadedSegment &segment) {
  auto object = std::make_shared<ObjectSections>();
  object->path = segment.path;
  object->bias = segment.bias;
  // The main program's file is /proc/self/exe, except when the program was started through the
  // dynamic loader (`ld.so ./app`): then it is the path the program was started by.
  std::vector<std::string> candidates = {segment.path};
  if (segment.path == kMainProgram && program_invocation_name != nullptr)
    candidates.push_back(program_invocation_name);
  for (const std::string &path : candidates) {
    MappedFile file(path);
    if (file.valid() && isTheLoadedFile(file.bytes(), segment))
      return sectionsOf(file.bytes(), std::move(object));
  }
  return object;
}

std::shared_ptr<const ObjectSections> objectSections(const LoadedSegment &segment) {
  if (!segment.cacheable)
    return readObjectSections(segment);
  SectionCache &cache = sectionCache();
  std::lock_guard lock(cache.mutex);
  if (cache.subs != segment.subs) {
    cache.objects.clear();
    cache.subs = segment.subs;
  }
  for (const auto &object : cache.objects)
    if (object->bias == segment.bias && object->path == segment.path)
      return object;
  cache.objects.push_back(readObjectSections(segment));
  return cache.objects.back();
}

// The section of the object's file that holds `linkAddress`, cut at the segment's end (a section
// header cannot make more memory readable than the loader mapped); the segment when the file or
// its section table cannot be read.
ReadableExtent sectionExtent(const LoadedSegment &segment, std::uint64_t linkAddress) {
  ReadableExtent extent{segment.linkEnd - linkAddress, "the loaded segment of " + segment.path};
  auto object = objectSections(segment);
  for (const SectionSpan &section : object->sections) {
    if (linkAddress < section.start || linkAddress >= section.end)
      continue;
    if (section.end <= segment.linkEnd)
      extent = {section.end - linkAddress, "section " + section.name + " of " + segment.path};
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
    else if (end != 0 || from > address)
      break; // the mappings are listed in address order
    // A line longer than the buffer (a long path) is read to its end before the next is parsed.
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
