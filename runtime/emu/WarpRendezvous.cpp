#include "WarpRendezvous.h"

#include <bit>

namespace qiao::emu {
namespace {

uint32_t bit(uint32_t lane) { return 1u << lane; }

// Releases `instance` (lanes parked with one mask, or at one convergence point): ballots over
// `members`, values read within the instance.
void release(const LaneOffer (&offers)[32], uint32_t instance, uint32_t members, uint32_t ballot,
             LaneResult (&results)[32]) {
  for (uint32_t m = members; m; m &= m - 1) {
    const uint32_t lane = std::countr_zero(m);
    if (offers[lane].predicate)
      ballot |= bit(lane);
  }
  for (uint32_t m = instance; m; m &= m - 1) {
    const uint32_t lane = std::countr_zero(m);
    const uint32_t src = offers[lane].srcLane;
    const bool inInstance = src < 32 && (instance & bit(src)) != 0;
    results[lane].value = inInstance ? offers[src].value : offers[lane].value;
    results[lane].ballot = ballot;
  }
}

} // namespace

uint32_t completeCollectives(const LaneOffer (&offers)[32], uint32_t waiting, uint32_t live,
                             LaneResult (&results)[32]) {
  uint32_t released = 0;
  uint32_t unsorted = waiting;
  while (unsorted) {
    const uint32_t first = std::countr_zero(unsorted);
    const uint32_t mask = offers[first].mask;
    uint32_t instance = 0;
    for (uint32_t m = unsorted; m; m &= m - 1) {
      const uint32_t lane = std::countr_zero(m);
      const LaneOffer &o = offers[lane];
      if (o.mask == mask && (mask != 0 || o.value == offers[first].value))
        instance |= bit(lane);
    }
    unsorted &= ~instance;
    if (mask == 0) {
      // A convergence point: everyone here, nobody else needed; the ballot names them.
      release(offers, instance, 0, instance, results);
      released |= instance;
      continue;
    }
    if ((mask & live & ~instance) != 0)
      continue; // a live member is parked somewhere else
    release(offers, instance, instance & mask, 0, results);
    released |= instance;
  }
  return released;
}

} // namespace qiao::emu
