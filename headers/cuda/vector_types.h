/* CUDA's vector types (int2, float4, ...) and make_ functions: Qiao's are the same names and
 * layout. dim3 comes with the runtime API. */
#pragma once
#include <qiao/vector_types.h>
