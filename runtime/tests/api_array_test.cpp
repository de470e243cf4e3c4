// CUDA arrays: formats accepted and refused, 2D copies in and out at offsets, the 1D forms that
// run on across rows, 3D copies naming an array (positions and widths in texels), queries.
#include <qiao/qiao_runtime.h>

#include <gtest/gtest.h>

#include <vector>

namespace {

TEST(Array, FormatsOfOneTwoOrFourEqualChannels) {
  qiaoArray_t array = nullptr;
  qiaoChannelFormatDesc float4 = qiaoCreateChannelDesc(32, 32, 32, 32, qiaoChannelFormatKindFloat);
  ASSERT_EQ(qiaoMallocArray(&array, &float4, 8, 2, 0), qiaoSuccess);
  qiaoChannelFormatDesc desc{};
  qiaoExtent extent{};
  unsigned flags = 7;
  ASSERT_EQ(qiaoArrayGetInfo(&desc, &extent, &flags, array), qiaoSuccess);
  EXPECT_EQ(desc.w, 32);
  EXPECT_EQ(extent.width, 8u);
  EXPECT_EQ(extent.height, 2u);
  EXPECT_EQ(extent.depth, 0u);
  EXPECT_EQ(flags, 0u);
  EXPECT_EQ(qiaoFreeArray(array), qiaoSuccess);
  EXPECT_EQ(qiaoGetLastError(), qiaoSuccess);

  qiaoChannelFormatDesc three = qiaoCreateChannelDesc(8, 8, 8, 0, qiaoChannelFormatKindUnsigned);
  qiaoChannelFormatDesc mixed = qiaoCreateChannelDesc(8, 16, 0, 0, qiaoChannelFormatKindSigned);
  qiaoChannelFormatDesc byteFloat = qiaoCreateChannelDesc(8, 0, 0, 0, qiaoChannelFormatKindFloat);
  for (const auto &bad : {three, mixed, byteFloat})
    EXPECT_EQ(qiaoMallocArray(&array, &bad, 4, 4, 0), qiaoErrorInvalidChannelDescriptor);
  EXPECT_EQ(qiaoMallocArray(&array, &float4, 0, 4, 0), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoMallocArray(&array, &float4, 4, 4, qiaoArrayCubemap), qiaoErrorNotSupported);
  // A layered array counts its layers in depth, which qiaoMallocArray has none of.
  EXPECT_EQ(qiaoMallocArray(&array, &float4, 4, 4, qiaoArrayLayered), qiaoErrorInvalidValue);
  EXPECT_EQ(qiaoFreeArray(reinterpret_cast<qiaoArray_t>(0x40)), qiaoErrorInvalidResourceHandle);
  qiaoGetLastError();
}

TEST(Array, TwoDimensionalCopiesAtOffsets) {
  // 6 x 4 ints; copy a 3 x 2 block of the source into column 2, row 1, and read it all back.
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc<int>();
  qiaoArray_t array = nullptr;
  ASSERT_EQ(qiaoMallocArray(&array, &desc, 6, 4, 0), qiaoSuccess);
  std::vector<int> zeros(24, 0), block = {1, 2, 3, 0, 4, 5, 6, 0}, back(24, -1);
  ASSERT_EQ(qiaoMemcpyToArray(array, 0, 0, zeros.data(), zeros.size() * sizeof(int),
                              qiaoMemcpyHostToDevice),
            qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy2DToArray(array, 2 * sizeof(int), 1, block.data(), 4 * sizeof(int),
                                3 * sizeof(int), 2, qiaoMemcpyHostToDevice),
            qiaoSuccess);
  ASSERT_EQ(qiaoMemcpy2DFromArray(back.data(), 6 * sizeof(int), array, 0, 0, 6 * sizeof(int), 4,
                                  qiaoMemcpyDeviceToHost),
            qiaoSuccess);
  std::vector<int> expected(24, 0);
  expected[1 * 6 + 2] = 1, expected[1 * 6 + 3] = 2, expected[1 * 6 + 4] = 3;
  expected[2 * 6 + 2] = 4, expected[2 * 6 + 3] = 5, expected[2 * 6 + 4] = 6;
  EXPECT_EQ(back, expected);
  // The 1D form runs on past the end of a row: 8 ints from (column 4, row 1).
  std::vector<int> run(8, -1);
  ASSERT_EQ(qiaoMemcpyFromArray(run.data(), array, 4 * sizeof(int), 1, 8 * sizeof(int),
                                qiaoMemcpyDeviceToHost),
            qiaoSuccess);
  EXPECT_EQ(run, (std::vector<int>(expected.begin() + 10, expected.begin() + 18)));
  // Past the array's end: refused.
  EXPECT_EQ(qiaoMemcpy2DToArray(array, 4 * sizeof(int), 3, block.data(), 4 * sizeof(int),
                                3 * sizeof(int), 2, qiaoMemcpyHostToDevice),
            qiaoErrorInvalidValue);
  qiaoGetLastError();
  EXPECT_EQ(qiaoFreeArray(array), qiaoSuccess);
}

TEST(Array, ThreeDimensionalCopyCountsTexels) {
  qiaoChannelFormatDesc desc = qiaoCreateChannelDesc<float>();
  qiaoArray_t array = nullptr;
  ASSERT_EQ(qiaoMalloc3DArray(&array, &desc, qiaoExtent{4, 3, 2}, 0), qiaoSuccess);
  std::vector<float> volume(24), back(24, -1);
  for (int i = 0; i < 24; ++i)
    volume[i] = float(i);
  qiaoMemcpy3DParms in{};
  in.srcPtr = make_qiaoPitchedPtr(volume.data(), 4 * sizeof(float), 4, 3);
  in.dstArray = array;
  in.extent = make_qiaoExtent(4, 3, 2); // texels: an array takes part
  in.kind = qiaoMemcpyHostToDevice;
  ASSERT_EQ(qiaoMemcpy3D(&in), qiaoSuccess);
  qiaoMemcpy3DParms out{};
  out.srcArray = array;
  out.srcPos = make_qiaoPos(1, 0, 1); // from texel x 1 of slice 1
  out.dstPtr = make_qiaoPitchedPtr(back.data(), 4 * sizeof(float), 4, 3);
  out.extent = make_qiaoExtent(2, 3, 1);
  out.kind = qiaoMemcpyDeviceToHost;
  ASSERT_EQ(qiaoMemcpy3D(&out), qiaoSuccess);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 2; ++x)
      EXPECT_EQ(back[y * 4 + x], volume[12 + y * 4 + x + 1]) << x << "," << y;
  EXPECT_EQ(qiaoFreeArray(array), qiaoSuccess);
}

} // namespace
