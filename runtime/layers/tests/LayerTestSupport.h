// What the layer tests share: a driver chain opened through the runtime's loader (initialised
// once per process, as the runtime does), and the validate layer's lines a piece of code printed.
#pragma once

#include <qiao/qiao_internal.h>

#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace qiao::layers::testing {

inline const qiaoDriverTable *openChain(const char *spec) {
  const qiaoDriverTable *table = nullptr;
  EXPECT_EQ(qiaoInternalOpenDriver(spec, &table), qiaoSuccess) << spec;
  static bool initialised = false;
  if (table && !initialised) {
    initialised = true;
    EXPECT_EQ(table->init(), qiaoDrvSuccess);
  }
  return table;
}

// The "qiao validate:" lines `code` wrote on stderr.
inline std::vector<std::string> violationsOf(const std::function<void()> &code) {
  ::testing::internal::CaptureStderr();
  code();
  std::istringstream text(::testing::internal::GetCapturedStderr());
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);)
    if (line.rfind("qiao validate: ", 0) == 0)
      lines.push_back(line);
  return lines;
}

} // namespace qiao::layers::testing
