// The arrive/wait barrier functions of Qiao kernel IR (`qiao.mbarrier.*`) and the bulk copies
// that complete on them (`qiao.cp.async.bulk.*`), for the kir test driver. The object is the
// emulated device's own encoding (MbarrierState.h), so that tokens and pending counts read the
// same bits under both; a block's threads are fibers of one host thread, so an update is a plain
// read-modify-write. A wait that finds its phase incomplete lets the block's other threads run
// before it answers: the loops nvcc writes around test_wait and try_wait then finish, because
// the threads that arrive get their turn.
#include "KernelIrHost.h"

#include "MbarrierState.h"

#include <cstring>

namespace qiao::kirdriver {
namespace {

namespace state = qiao::ptx::mbarrier;

constexpr int32_t kIllegalAddress = 700;     // qiaoErrorIllegalAddress
constexpr int32_t kIllegalInstruction = 715; // qiaoErrorIllegalInstruction
constexpr int32_t kMisalignedAddress = 716;  // qiaoErrorMisalignedAddress

// Whether [p, p + bytes) lies in the calling block's shared window.
bool inSharedWindow(const void *p, uint64_t bytes) {
  const qiaoDrvHostThread &t = *currentThread().thread;
  auto begin = reinterpret_cast<uintptr_t>(t.dynamicShared);
  auto at = reinterpret_cast<uintptr_t>(p);
  return at >= begin && at - begin <= t.dynamicSharedBytes &&
         bytes <= t.dynamicSharedBytes - (at - begin);
}

void requireAligned(const void *p, uint64_t alignment, const char *what) {
  if (reinterpret_cast<uintptr_t>(p) % alignment != 0)
    kernelFault(kMisalignedAddress,
                std::string(what) + " is not " + std::to_string(alignment) + "-byte aligned");
}

// The object's word, after the checks the emulated device makes.
uint64_t &object(void *p) {
  if (!inSharedWindow(p, 8))
    kernelFault(kIllegalAddress, "the mbarrier object is not in shared memory");
  requireAligned(p, 8, "the mbarrier object");
  return *static_cast<uint64_t *>(p);
}

void check(state::Outcome outcome, const char *txMessage = nullptr) {
  switch (outcome) {
  case state::Outcome::Ok:
    return;
  case state::Outcome::CountOutOfRange:
    kernelFault(kIllegalInstruction, "mbarrier count outside [1, 2^20 - 1]");
  case state::Outcome::TooManyArrivals:
    kernelFault(kIllegalInstruction,
                "mbarrier arrival count exceeds the arrivals pending in the current phase");
  case state::Outcome::TxOutOfRange:
    kernelFault(kIllegalInstruction,
                txMessage ? txMessage : "mbarrier tx-count leaves [-(2^20 - 1), 2^20 - 1]");
  }
}

void init(void *p, uint32_t count) { check(state::init(object(p), count)); }
void inval(void *p) { object(p); }
uint64_t arrive(void *p, uint32_t count) {
  uint64_t token = 0;
  check(state::arrive(object(p), count, false, token));
  return token;
}
uint64_t arriveDrop(void *p, uint32_t count) {
  uint64_t token = 0;
  check(state::arrive(object(p), count, true, token));
  return token;
}
void expectTx(void *p, uint32_t bytes) { check(state::addTx(object(p), int64_t{bytes})); }
void completeTx(void *p, uint32_t bytes) { check(state::addTx(object(p), -int64_t{bytes})); }

// test_wait and try_wait answer the same: whether the phase has completed, asked again after the
// block's other threads had a turn when it had not.
template <bool Parity> bool wait(void *p, uint64_t phase) {
  auto complete = [&] {
    uint64_t word = object(p);
    return Parity ? state::parityPhaseComplete(word, static_cast<uint32_t>(phase))
                  : state::tokenPhaseComplete(word, phase);
  };
  if (complete())
    return true;
  yieldToBlock();
  return complete();
}
bool waitToken(void *p, uint64_t token) { return wait<false>(p, token); }
bool waitParity(void *p, uint32_t parity) { return wait<true>(p, parity); }
uint32_t pendingCount(uint64_t token) { return state::pendingCount(token); }

// cp.async.bulk: complete at once; into shared memory its bytes count as complete-tx on the
// mbarrier.
void checkBulk(void *dst, const void *src, uint32_t bytes) {
  if (bytes % 16 != 0)
    kernelFault(kIllegalInstruction, "cp.async.bulk size is not a multiple of 16 bytes");
  if (bytes) {
    requireAligned(dst, 16, "the cp.async.bulk destination");
    requireAligned(src, 16, "the cp.async.bulk source");
  }
}
void bulkToShared(void *dst, const void *src, uint32_t bytes, void *bar) {
  checkBulk(dst, src, bytes);
  if (bytes) {
    if (!inSharedWindow(dst, bytes))
      kernelFault(kIllegalAddress, "cp.async.bulk writes outside the block's shared memory");
    std::memmove(dst, src, bytes);
  }
  check(state::addTx(object(bar), -int64_t{bytes}),
        "cp.async.bulk: the mbarrier's tx-count leaves [-(2^20 - 1), 2^20 - 1]");
}
void bulkToGlobal(void *dst, const void *src, uint32_t bytes) {
  checkBulk(dst, src, bytes);
  if (bytes && !inSharedWindow(src, bytes))
    kernelFault(kIllegalAddress, "cp.async.bulk reads outside the block's shared memory");
  if (bytes)
    std::memmove(dst, src, bytes);
}

template <class F> void *address(F *f) { return reinterpret_cast<void *>(f); }

} // namespace

void addAsyncBarrierIntrinsics(std::vector<std::pair<std::string, void *>> &out) {
  out.insert(out.end(), {
                            {"qiao.mbarrier.init", address(init)},
                            {"qiao.mbarrier.inval", address(inval)},
                            {"qiao.mbarrier.arrive", address(arrive)},
                            {"qiao.mbarrier.arrive_drop", address(arriveDrop)},
                            {"qiao.mbarrier.expect_tx", address(expectTx)},
                            {"qiao.mbarrier.complete_tx", address(completeTx)},
                            {"qiao.mbarrier.test_wait", address(waitToken)},
                            {"qiao.mbarrier.test_wait.parity", address(waitParity)},
                            {"qiao.mbarrier.try_wait", address(waitToken)},
                            {"qiao.mbarrier.try_wait.parity", address(waitParity)},
                            {"qiao.mbarrier.pending_count", address(pendingCount)},
                            {"qiao.cp.async.bulk.shared", address(bulkToShared)},
                            {"qiao.cp.async.bulk.global", address(bulkToGlobal)},
                        });
}

} // namespace qiao::kirdriver
