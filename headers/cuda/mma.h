/* mma.h as the translator parses it: Qiao's warp matrix functions have CUDA's names and meaning
 * (qiao/mma.h), so CUDA programs' nvcuda::wmma code parses against them. */
#pragma once
#define __CUDA_MMA_H__ /* its guard, tested by helper headers */
#include <qiao/mma.h>
