// The library is built with hidden visibility (only CUDA's names leave it); the CUDA entry points
// defined in the Registration* and Launch* files are marked for export with this.
#pragma once

#define QIAO_SHIM_EXPORT __attribute__((visibility("default")))
