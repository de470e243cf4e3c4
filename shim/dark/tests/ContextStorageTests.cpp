// Context-local storage (c693336e): put, get and erase per (context, key); null means current.
#include "FakeDriver.h"

#include <gtest/gtest.h>

using namespace qiao::dark;
using namespace qiao::dark::test;

namespace {

using Put = int (*)(CUcontext, void *, void *, void (*)(CUcontext, void *, void *));
using Erase = int (*)(CUcontext, void *);
using Get = int (*)(void **, CUcontext, void *);

TEST(ContextStorage, PutGetErase) {
  auto put = slotAs<Put>(kContextStorage, 0);
  auto erase = slotAs<Erase>(kContextStorage, 1);
  auto get = slotAs<Get>(kContextStorage, 2);
  int key, value;
  void *out = nullptr;
  CUcontext context = fakeContext();
  EXPECT_EQ(get(&out, context, &key), 400); // unknown key: the runtime then creates its state
  EXPECT_EQ(put(context, &key, &value, nullptr), 0);
  EXPECT_EQ(get(&out, context, &key), 0);
  EXPECT_EQ(out, &value);
  EXPECT_EQ(erase(context, &key), 0);
  EXPECT_EQ(get(&out, context, &key), 400);
}

TEST(ContextStorage, NullContextMeansCurrent) {
  auto put = slotAs<Put>(kContextStorage, 0);
  auto get = slotAs<Get>(kContextStorage, 2);
  int key, value;
  void *out = nullptr;
  gCurrent = nullptr;
  EXPECT_EQ(put(nullptr, &key, &value, nullptr), 201); // no current context
  gCurrent = fakeContext();
  EXPECT_EQ(put(nullptr, &key, &value, nullptr), 0);
  EXPECT_EQ(get(&out, fakeContext(), &key), 0);
  EXPECT_EQ(out, &value);
  EXPECT_EQ(get(nullptr, nullptr, &key), 1);
  gCurrent = nullptr;
}

} // namespace
