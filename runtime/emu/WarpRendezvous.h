// Warp collectives of host-compiled kernels (driver.h: qiaoDrvHostThreadOps::warpExchange),
// completed in lockstep.
//
// The lanes of a warp run one after another as fibers, each until it parks: at a collective, at
// a barrier or by exiting. A collective completes only when its warp is quiescent (no lane of it
// runs), so every lane that would execute it together with the others on hardware has arrived:
// the lanes parked with the same membermask form one instance, as the lanes that execute a
// .sync instruction together do. The instance completes when every live lane of its mask is in
// it (CUDA's rule for __shfl_sync, __ballot_sync, __syncwarp...: wait for the non-exited lanes
// named in mask). A lane whose mask excludes it takes part as hardware's converged lanes do
// (PTX ISA, vote.sync / shfl.sync: participants are the executing lanes of the membermask): it
// gets the members' ballot and may read a member's value, but contributes nothing and holds no
// one back.
//
// Mask 0 is a convergence point, not a collective: the lanes parked at one with the same value
// (a call site) are released together, each with their set as its ballot. __activemask() is one:
// on hardware it names the lanes that execute it together.
#pragma once

#include <cstdint>

namespace qiao::emu {

struct LaneOffer {
  uint32_t mask = 0;    // membermask as the kernel gave it; 0: a convergence point
  uint64_t value = 0;   // what the lane offers (a call site at a convergence point)
  uint32_t srcLane = 0; // the lane whose value it reads
  bool predicate = false;
};

struct LaneResult {
  uint64_t value = 0; // srcLane's value when srcLane is in the instance, else the lane's own
  uint32_t ballot = 0;
};

// Completes what can complete among the lanes of a quiescent warp. `waiting`: the lanes parked
// at a collective (their offers valid); `live`: the lanes that exist and have not exited.
// Returns the lanes released, whose results are filled in; the others keep waiting (a member of
// their mask is parked elsewhere, e.g. at a barrier).
uint32_t completeCollectives(const LaneOffer (&offers)[32], uint32_t waiting, uint32_t live,
                             LaneResult (&results)[32]);

} // namespace qiao::emu
