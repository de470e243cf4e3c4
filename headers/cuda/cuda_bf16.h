/* cuda_bf16.h as the translator parses it: Qiao's bfloat16 has CUDA's names and meaning
 * (qiao/bf16.h), so CUDA programs' __nv_bfloat16 code parses against it. */
#pragma once
#define __CUDA_BF16_H__ /* its guard, tested by helper headers */
#include "vector_types.h"
#include <qiao/bf16.h>
