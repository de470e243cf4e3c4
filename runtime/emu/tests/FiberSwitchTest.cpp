// The user-space context switch of host-compiled kernels (FiberSwitch.h) and its stack pool.
#include "FiberSwitch.h"
#include "FiberStacks.h"

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using qiao::emu::FiberContext;
using qiao::emu::fiberJump;
using qiao::emu::fiberPrepare;
using qiao::emu::FiberStack;
using qiao::emu::fiberSwitch;
using qiao::emu::threadStackPool;

constexpr size_t kStackBytes = 256 << 10;

// A fiber with its own stack from the pool; the test's side is `home`.
struct TestFiber {
  FiberContext context;
  FiberStack stack;
  FiberContext *home = nullptr;
  int id = 0;
  std::vector<int> *log = nullptr;
  void back() { fiberSwitch(context, *home); }
};

struct StackGuard {
  std::vector<FiberStack> stacks;
  FiberStack take() {
    stacks.push_back(threadStackPool().take(kStackBytes));
    return stacks.back();
  }
  ~StackGuard() {
    for (FiberStack &s : stacks)
      threadStackPool().give(s);
  }
};

// 500 fibers, resumed round-robin 20 times each: every resumption continues where the fiber
// left off, with its locals (callee-saved registers and stack) intact.
void roundRobinFiber(void *self) {
  auto &f = *static_cast<TestFiber *>(self);
  int64_t sum = 0;
  const double scale = 1.5 * f.id;
  for (int round = 0; round < 20; ++round) {
    sum += f.id * 1000 + round;
    f.log->push_back(int(sum % 1000003));
    f.back();
  }
  f.log->push_back(scale == 1.5 * f.id ? -f.id : 1);
  fiberJump(*f.home);
}

TEST(FiberSwitch, ManyFibersRoundRobin) {
  constexpr int kFibers = 500;
  StackGuard stacks;
  FiberContext home;
  std::vector<int> log;
  std::vector<TestFiber> fibers(kFibers);
  for (int i = 0; i < kFibers; ++i) {
    fibers[i].stack = stacks.take();
    fibers[i].home = &home;
    fibers[i].id = i;
    fibers[i].log = &log;
    fiberPrepare(fibers[i].context, fibers[i].stack.base, fibers[i].stack.bytes, roundRobinFiber,
                 &fibers[i]);
  }
  for (int round = 0; round <= 20; ++round)
    for (int i = 0; i < kFibers; ++i)
      fiberSwitch(home, fibers[i].context);
  ASSERT_EQ(log.size(), size_t(kFibers) * 21);
  for (int round = 0; round < 20; ++round)
    for (int i = 0; i < kFibers; ++i) {
      int64_t sum = 0;
      for (int r = 0; r <= round; ++r)
        sum += i * 1000 + r;
      ASSERT_EQ(log[size_t(round) * kFibers + i], int(sum % 1000003)) << round << " " << i;
    }
  for (int i = 0; i < kFibers; ++i)
    EXPECT_EQ(log[size_t(20) * kFibers + i], -i);
}

// A fiber that recurses 150 KiB deep and switches out at the bottom: the frames below stay as
// they were.
struct DeepFiber {
  TestFiber base;
  int64_t result = 0;
};

int64_t descend(DeepFiber &f, int depth) {
  volatile char frame[1024];
  for (size_t i = 0; i < sizeof frame; ++i)
    frame[i] = char(depth + i);
  int64_t below = 0;
  if (depth == 0)
    f.base.back();
  else
    below = descend(f, depth - 1);
  int64_t own = 0;
  for (size_t i = 0; i < sizeof frame; ++i)
    own += frame[i];
  return below + own;
}

void deepFiber(void *self) {
  auto &f = *static_cast<DeepFiber *>(self);
  f.result = descend(f, 150);
  fiberJump(*f.base.home);
}

TEST(FiberSwitch, DeepStackSurvivesSwitches) {
  StackGuard stacks;
  FiberContext home;
  DeepFiber f;
  f.base.stack = stacks.take();
  f.base.home = &home;
  fiberPrepare(f.base.context, f.base.stack.base, f.base.stack.bytes, deepFiber, &f);
  fiberSwitch(home, f.base.context); // runs to the bottom and comes back
  // Scribble over this side's stack before resuming.
  volatile char noise[8192];
  for (size_t i = 0; i < sizeof noise; ++i)
    noise[i] = char(0x5a);
  fiberSwitch(home, f.base.context);
  int64_t expected = 0;
  for (int depth = 0; depth <= 150; ++depth)
    for (size_t i = 0; i < 1024; ++i)
      expected += char(depth + i);
  EXPECT_EQ(f.result, expected);
}

// Each context keeps its own rounding mode (MXCSR and the x87 control word); a new fiber starts
// with the ABI's default, whatever its creator's mode.
struct RoundingFiber {
  TestFiber base;
  int seenAtStart = -1, seenAfterSwitch = -1;
  float sseSum = 0;
  long double x87Sum = 0;
};

void roundingFiber(void *self) {
  auto &f = *static_cast<RoundingFiber *>(self);
  f.seenAtStart = std::fegetround();
  std::fesetround(FE_UPWARD);
  f.base.back();
  f.seenAfterSwitch = std::fegetround();
  volatile float one = 1.0f, third = 3.0f;
  f.sseSum = one / third;
  volatile long double lone = 1.0L, lthird = 3.0L;
  f.x87Sum = lone / lthird;
  fiberJump(*f.base.home);
}

TEST(FiberSwitch, FloatingPointControlStatePerFiber) {
  StackGuard stacks;
  FiberContext home;
  RoundingFiber f;
  f.base.stack = stacks.take();
  f.base.home = &home;
  std::fesetround(FE_TOWARDZERO);
  fiberPrepare(f.base.context, f.base.stack.base, f.base.stack.bytes, roundingFiber, &f);
  fiberSwitch(home, f.base.context);
  EXPECT_EQ(std::fegetround(), FE_TOWARDZERO); // the fiber's FE_UPWARD stayed with it
  std::fesetround(FE_DOWNWARD);
  fiberSwitch(home, f.base.context);
  EXPECT_EQ(std::fegetround(), FE_DOWNWARD);
  // The same inexact divisions rounded down here: the fiber's, rounded up, are one unit above.
  volatile float one = 1.0f, third = 3.0f;
  const float sseDown = one / third;
  volatile long double lone = 1.0L, lthird = 3.0L;
  const long double x87Down = lone / lthird;
  std::fesetround(FE_TONEAREST);
  EXPECT_EQ(f.seenAtStart, FE_TONEAREST);
  EXPECT_EQ(f.seenAfterSwitch, FE_UPWARD);
  EXPECT_GT(f.sseSum, sseDown);
  EXPECT_GT(f.x87Sum, x87Down);
}

// Exceptions are thrown and caught inside a fiber, also while another fiber is inside a try
// block: unwinding stays on the fiber's own stack.
struct ThrowingFiber {
  TestFiber base;
  TestFiber *other = nullptr;
  std::string caught;
};

void throwingFiber(void *self) {
  auto &f = *static_cast<ThrowingFiber *>(self);
  try {
    f.base.back(); // suspended inside the try block while the other fiber throws
    throw std::runtime_error("fiber " + std::to_string(f.base.id));
  } catch (const std::exception &e) {
    f.caught = e.what();
  }
  fiberJump(*f.base.home);
}

TEST(FiberSwitch, ExceptionsStayOnTheirFiber) {
  StackGuard stacks;
  FiberContext home;
  ThrowingFiber a, b;
  for (ThrowingFiber *f : {&a, &b}) {
    f->base.stack = stacks.take();
    f->base.home = &home;
    fiberPrepare(f->base.context, f->base.stack.base, f->base.stack.bytes, throwingFiber, f);
  }
  a.base.id = 1, b.base.id = 2;
  fiberSwitch(home, a.base.context); // a waits inside its try block
  fiberSwitch(home, b.base.context); // b too
  fiberSwitch(home, b.base.context); // b throws and catches
  EXPECT_EQ(b.caught, "fiber 2");
  EXPECT_EQ(a.caught, "");
  fiberSwitch(home, a.base.context);
  EXPECT_EQ(a.caught, "fiber 1");
  EXPECT_EQ(std::uncaught_exceptions(), 0);
}

// The pool hands a given-back stack out again instead of mapping a new one.
TEST(FiberStackPool, ReusesStacks) {
  qiao::emu::FiberStackPool pool;
  FiberStack first = pool.take(64 << 10);
  ASSERT_NE(first.base, nullptr);
  EXPECT_EQ(first.bytes, size_t(64 << 10));
  pool.give(first);
  FiberStack again = pool.take(64 << 10);
  EXPECT_EQ(again.base, first.base);
  pool.give(again);
}

} // namespace
