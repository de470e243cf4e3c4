/* cuda_fp16.h as the translator parses it: Qiao's half precision has CUDA's names and meaning
 * (qiao/half.h), so CUDA programs' __half code parses against it. */
#pragma once
#include "vector_types.h"
#include <qiao/half.h>
