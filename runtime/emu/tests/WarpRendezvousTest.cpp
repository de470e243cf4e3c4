// Completion of warp collectives of host-compiled kernels (WarpRendezvous.h) as a pure function.
#include "WarpRendezvous.h"

#include <gtest/gtest.h>

namespace {

using qiao::emu::completeCollectives;
using qiao::emu::LaneOffer;
using qiao::emu::LaneResult;

struct WarpFixture {
  LaneOffer offers[32];
  LaneResult results[32];
  void offer(uint32_t lane, uint32_t mask, uint64_t value, uint32_t src, bool predicate = false) {
    offers[lane] = LaneOffer{mask, value, src, predicate};
  }
};

TEST(WarpRendezvous, WaitsForEveryLiveMemberOfTheMask) {
  WarpFixture w;
  for (uint32_t lane = 0; lane < 4; ++lane)
    w.offer(lane, 0xf, 10 + lane, (lane + 1) % 4, lane % 2 == 0);
  // Lane 3 is live but parked elsewhere: nothing completes.
  EXPECT_EQ(completeCollectives(w.offers, 0x7, 0xf, w.results), 0u);
  // Lane 3 exited: the others complete without it; lane 2 reads its own value.
  EXPECT_EQ(completeCollectives(w.offers, 0x7, 0x7, w.results), 0x7u);
  EXPECT_EQ(w.results[0].value, 11u);
  EXPECT_EQ(w.results[1].value, 12u);
  EXPECT_EQ(w.results[2].value, 12u);
  EXPECT_EQ(w.results[0].ballot, 0x5u);
}

TEST(WarpRendezvous, GuestsTakePartWithoutHoldingBack) {
  WarpFixture w;
  w.offer(0, 0x3, 100, 0, true);
  w.offer(1, 0x3, 101, 0, true);
  w.offer(5, 0x3, 105, 1, true); // outside the mask: reads lane 1, contributes no ballot bit
  EXPECT_EQ(completeCollectives(w.offers, 0x23, 0x3f, w.results), 0x23u);
  EXPECT_EQ(w.results[5].value, 101u);
  EXPECT_EQ(w.results[5].ballot, 0x3u);
  EXPECT_EQ(w.results[0].ballot, 0x3u);
}

TEST(WarpRendezvous, DifferentMasksAreDifferentInstances) {
  WarpFixture w;
  for (uint32_t lane = 0; lane < 8; ++lane)
    w.offer(lane, lane % 2 ? 0xaa : 0x55, lane, lane ^ 2, lane < 4);
  EXPECT_EQ(completeCollectives(w.offers, 0xff, 0xff, w.results), 0xffu);
  EXPECT_EQ(w.results[1].ballot, 0x0au);
  EXPECT_EQ(w.results[0].ballot, 0x05u);
  EXPECT_EQ(w.results[1].value, 3u);
  // Lane 1 parked elsewhere: the odd instance waits, the even one completes.
  EXPECT_EQ(completeCollectives(w.offers, 0xfd, 0xff, w.results), 0x55u);
}

TEST(WarpRendezvous, ConvergencePointsGroupBySite) {
  WarpFixture w;
  w.offer(0, 0, 7, 0);
  w.offer(2, 0, 7, 2);
  w.offer(3, 0, 9, 3);
  EXPECT_EQ(completeCollectives(w.offers, 0xd, 0xf, w.results), 0xdu);
  EXPECT_EQ(w.results[0].ballot, 0x5u);
  EXPECT_EQ(w.results[2].ballot, 0x5u);
  EXPECT_EQ(w.results[3].ballot, 0x8u);
}

} // namespace
