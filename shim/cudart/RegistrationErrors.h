// Errors the shim itself detects (a fatbinary without PTX, a module that fails to load) become
// the calling thread's last error, exactly as libqiao records its own, so that
// cudaGetLastError after a <<<>>> launch reports them.
#pragma once

#include "support/Expected.h"

namespace qiao::shim {

// Records `status` as the thread's last error when it failed; returns its code (0 when ok).
int recordError(const Status &status);

// Whether `code` poisons the device (then nothing about the module is remembered as failed).
bool isStickyError(int code);

} // namespace qiao::shim
