// DriverSlots.def says what driver.h says: the same slots in the same order, and for each slot
// the codes listed after "Errors:" in its contract comment (with "as moduleLoad" and "a sticky
// fault code" standing for those lists).
#include "DriverSlots.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {

using qiao::layers::Slot;
using qiao::layers::slotContracts;

std::string readHeader() {
  std::ifstream in(QIAO_DRIVER_HEADER_PATH);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The comment block that documents the slot: the last one before its declaration.
std::string contractComment(const std::string &header, const std::string &slot) {
  size_t declaration = header.find("(*" + slot + ")(");
  if (declaration == std::string::npos)
    return {};
  size_t close = header.rfind("*/", declaration);
  size_t open = header.rfind("/*", close);
  return header.substr(open, close - open);
}

std::set<std::string> documentedErrors(const std::string &header, const std::string &slot) {
  std::string comment = contractComment(header, slot);
  size_t errors = comment.find("Errors:");
  if (errors == std::string::npos)
    return {};
  std::string listed = comment.substr(errors);
  std::set<std::string> codes;
  std::regex code("(?:qiaoDrvError|\\.\\.\\.)([A-Za-z]+)");
  for (std::sregex_iterator it(listed.begin(), listed.end(), code), end; it != end; ++it)
    codes.insert("qiaoDrvError" + (*it)[1].str());
  if (listed.find("as moduleLoad") != std::string::npos)
    for (const std::string &inherited : documentedErrors(header, "moduleLoad"))
      codes.insert(inherited);
  if (listed.find("sticky fault code") != std::string::npos)
    for (const char *fault : {"IllegalAddress", "LaunchFailure", "Assert", "LaunchTimeout",
                              "MisalignedAddress", "IllegalInstruction"})
      codes.insert(std::string("qiaoDrvError") + fault);
  return codes;
}

TEST(SlotContracts, ListEverySlotOfTheTableInOrder) {
  std::string header = readHeader();
  ASSERT_FALSE(header.empty()) << QIAO_DRIVER_HEADER_PATH;
  size_t tableStart = header.find("typedef struct qiaoDriverTable {");
  size_t tableEnd = header.find("} qiaoDriverTable;");
  std::string table = header.substr(tableStart, tableEnd - tableStart);
  std::regex slot("\\(\\*([A-Za-z0-9]+)\\)\\(");
  std::vector<std::string> declared;
  for (std::sregex_iterator it(table.begin(), table.end(), slot), end; it != end; ++it)
    declared.push_back((*it)[1].str());
  std::vector<std::string> listed;
  for (const auto &contract : slotContracts())
    listed.push_back(contract.name);
  EXPECT_EQ(listed, declared);
  EXPECT_EQ(slotContracts().size() * sizeof(void (*)()),
            sizeof(qiaoDriverTable) - offsetof(qiaoDriverTable, init));
}

TEST(SlotContracts, ErrorsAreThoseDriverHDocuments) {
  std::string header = readHeader();
  for (const auto &contract : slotContracts()) {
    std::set<std::string> listed;
    for (qiaoDrvStatus code : contract.errors) {
      std::string name = qiao::layers::statusName(code);
      listed.insert(name.substr(0, name.find(' ')));
    }
    EXPECT_EQ(listed, documentedErrors(header, contract.name)) << contract.name;
  }
}

TEST(SlotContracts, EverySlotMayFailForWantOfMemoryButNotAnyOtherWay) {
  EXPECT_TRUE(qiao::layers::slotMayReturn(Slot::init, qiaoDrvErrorMemoryAllocation));
  EXPECT_TRUE(qiao::layers::slotMayReturn(Slot::queueQuery, qiaoDrvErrorIllegalAddress));
  EXPECT_FALSE(qiao::layers::slotMayReturn(Slot::enqueueCopy, qiaoDrvErrorIllegalAddress));
  EXPECT_FALSE(qiao::layers::slotMayReturn(Slot::memFree, qiaoDrvErrorInvalidResourceHandle));
  EXPECT_EQ(qiao::layers::statusName(qiaoDrvErrorNotReady), "qiaoDrvErrorNotReady (600)");
  EXPECT_EQ(qiao::layers::statusName(123456), "status 123456");
}

} // namespace
