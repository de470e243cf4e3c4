// The object store behind the kernel cache: QIAO_CACHE_DIR, what it keeps and what it refuses.
#include "KernelCache.h"
#include "TempDirectory.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace qiao::jit::test {
namespace {

// An ELF header's first bytes and a little more: all the store looks at.
const std::vector<char> kObject = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 42};

TEST(KernelCache, KeepsAnObjectUnderItsKey) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  setenv("QIAO_CACHE_DIR", dir.path().c_str(), 1);
  KernelCache cache;
  ASSERT_TRUE(cache.enabled());
  EXPECT_EQ(cache.directory(), dir.path());
  EXPECT_FALSE(cache.load("abc").has_value());
  cache.store("abc", kObject);
  std::optional<std::vector<char>> loaded = cache.load("abc");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(*loaded, kObject);
  EXPECT_FALSE(cache.load("abd").has_value());
  EXPECT_EQ(dir.files(), 1u); // the temporary file was renamed into place
}

// A file that is not an object (a truncated write by another tool, a stray file) is compiled
// again, not linked.
TEST(KernelCache, RefusesAFileThatIsNotAnObject) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  setenv("QIAO_CACHE_DIR", dir.path().c_str(), 1);
  KernelCache cache;
  std::ofstream(dir.path() + "/abc.o") << "not an object";
  std::ofstream(dir.path() + "/abd.o") << "\x7f"
                                          "EL";
  EXPECT_FALSE(cache.load("abc").has_value());
  EXPECT_FALSE(cache.load("abd").has_value());
}

TEST(KernelCache, OffDisablesIt) {
  setenv("QIAO_CACHE_DIR", "off", 1);
  KernelCache cache;
  EXPECT_FALSE(cache.enabled());
  cache.store("abc", kObject);
  EXPECT_FALSE(cache.load("abc").has_value());
}

TEST(KernelCache, DefaultsUnderXdgCacheHome) {
  TempDirectory dir;
  ASSERT_FALSE(dir.path().empty());
  unsetenv("QIAO_CACHE_DIR");
  setenv("XDG_CACHE_HOME", dir.path().c_str(), 1);
  KernelCache cache;
  EXPECT_EQ(cache.directory(), dir.path() + "/qiao");
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() + "/qiao"));
}

} // namespace
} // namespace qiao::jit::test
