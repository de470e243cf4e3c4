/* mma.h as the translator parses it: Qiao's warp matrix functions have CUDA's names and meaning
 * (qiao/mma.h), so CUDA programs' nvcuda::wmma code parses against them. The device API they use
 * is the one cuda_runtime.h declares here, so qiao/device.h (which defines it again for host
 * compilation) is left out, and the three functions of Qiao's they call are declared. */
#pragma once
#define __CUDA_MMA_H__ /* its guard, tested by helper headers */
#include "vector_types.h"
#ifndef QIAO_DEVICE_H
#define QIAO_DEVICE_H
namespace qiao_device {
uint3 threadIndex();
dim3 blockSize();
unsigned lane();
} // namespace qiao_device
#endif
#include <qiao/mma.h>
