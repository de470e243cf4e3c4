/* cuda_fp16.h as the translator parses it: Qiao's half precision has CUDA's names and meaning
 * (qiao/half.h), so CUDA programs' __half code parses against it. */
#pragma once
#define __CUDA_FP16_H__ /* its guard, tested by helper headers */
#include "vector_types.h"
#include <qiao/half.h>
