// qiao-driver-cts --driver NAME [--without CAPABILITY]... [GoogleTest options]: the driver
// conformance run. Each test suite is one slot of qiaoDriverTable and checks what that slot's
// contract in qiao/driver.h says, calling the table directly (the runtime is not involved).
// NAME is a QIAO_DRIVER chain: a driver (`emu`, `acme` for libqiao-driver-acme.so) or layers
// over one (`validate:acme`). JUnit XML: --gtest_output=xml:FILE.
#include "CtsDriver.h"

#include <qiao/qiao_internal.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <set>
#include <string>

namespace qiao::cts {
namespace {

const qiaoDriverTable *table = nullptr;
std::string name;
qiaoDrvStatus initialised = qiaoDrvErrorUnknown;
std::set<std::string> missing;

void usage(std::FILE *to) {
  std::fprintf(to,
               "usage: qiao-driver-cts --driver NAME [--without CAPABILITY]... [gtest options]\n"
               "Checks that driver NAME (libqiao-driver-NAME.so, or LAYER:...:NAME) keeps the\n"
               "contract of qiao/driver.h, one test suite per slot.\n"
               "  --without kernels      the driver finds no kernels in PTX (skips their tests)\n"
               "  --without kernel-runs  it finds kernels but does not run them\n"
               "  --gtest_output=xml:FILE  JUnit XML report\n");
}

} // namespace

const qiaoDriverTable &driver() { return *table; }
const std::string &driverName() { return name; }
qiaoDrvStatus initStatus() { return initialised; }
bool has(const std::string &capability) {
  if (missing.count(capability))
    return false;
  return !(capability == "kernel-runs" && missing.count("kernels"));
}

} // namespace qiao::cts

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  using namespace qiao::cts;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if ((argument == "--driver" || argument == "--without") && i + 1 < argc) {
      std::string value = argv[++i];
      if (argument == "--driver")
        name = value;
      else if (value == "kernels" || value == "kernel-runs")
        missing.insert(value);
      else {
        std::fprintf(stderr, "qiao-driver-cts: unknown capability '%s'\n", value.c_str());
        return 2;
      }
    } else if (argument == "--help" || argument == "-h") {
      usage(stdout);
      return 0;
    } else {
      std::fprintf(stderr, "qiao-driver-cts: unexpected argument '%s'\n", argument.c_str());
      usage(stderr);
      return 2;
    }
  }
  if (name.empty()) {
    usage(stderr);
    return 2;
  }
  if (testing::GTEST_FLAG(list_tests))
    return RUN_ALL_TESTS();
  if (qiaoInternalOpenDriver(name.c_str(), &table) != qiaoSuccess) {
    std::fprintf(stderr, "qiao-driver-cts: cannot open driver %s (the line above says why)\n",
                 name.c_str());
    return 1;
  }
  // Once, before any other slot, as the runtime does; the init suite checks the answer.
  initialised = table->init();
  if (initialised != qiaoDrvSuccess)
    testing::GTEST_FLAG(filter) = "init.*"; // no other slot may be called
  return RUN_ALL_TESTS();
}
