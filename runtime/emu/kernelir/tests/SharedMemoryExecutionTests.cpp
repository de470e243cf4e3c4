// The reserved shared memory in Qiao kernel IR: nvcc's cooperative-groups tiles wider than a warp
// keep their scratch where %reserved_smem_offset_1 points, which the dialect reads through
// qiao.sreg.reserved_smem_offset_*; the kir driver places the region past the block's own shared
// memory. (The tiles themselves spin on that scratch until the tile's other warp arrives, which
// the kir driver's fibers cannot run: the host-kernel ops of the seam have no yield.)
#include "KirDifferential.h"
#include "NvccPtx.h"

#include <string>
#include <vector>

namespace {

using qiao::kir::test::DeviceArray;
using qiao::kir::test::KirModule;
using qiao::ptx::test::nvccPtx;

TEST(KernelIrReservedShared, RegistersDescribeOneKibibytePastTheBlocksSharedMemory) {
  std::string text = nvccPtx("large_tiles.cu");
  KirModule module(text);
  ASSERT_TRUE(module.loaded());
  DeviceArray<uint32_t> out(8);
  void *args[] = {&out.pointer()};
  ASSERT_EQ(module.run("smemRegisters", 1, 40, args, 200), qiaoSuccess);
  std::vector<uint32_t> v = out.read();
  uint32_t begin = v[0], end = v[1];
  EXPECT_EQ(end - begin, 1024u) << "CUDA reserves 1 KiB per block on compute capability 8.0+";
  EXPECT_GE(begin, 160u + 200u) << "past the static (160) and dynamic (200) bytes";
  EXPECT_EQ(v[2], 1024u);
  EXPECT_EQ(v[3], begin);
  EXPECT_GE(v[4], begin);
  EXPECT_LE(v[4] + 288, end) << "cooperative groups need 288 bytes from offset_1";
  EXPECT_EQ(v[5], 200u);
  EXPECT_EQ(v[6], 384u) << "160 static + 200 dynamic bytes in 128-byte units";
  EXPECT_EQ(v[7], 1u);
}

} // namespace
