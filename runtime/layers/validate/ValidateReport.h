// How the validate layer reports: one line on stderr per violation, then abort() when
// QIAO_VALIDATE_ABORT=1.
#pragma once

#include "DriverSlots.h"

#include <string>

namespace qiao::layers::validate {

enum class Culprit { Runtime, Driver };

void report(Culprit culprit, Slot slot, const std::string &what);

// "0x7f..." for a handle or address.
std::string hex(const void *pointer);

} // namespace qiao::layers::validate
