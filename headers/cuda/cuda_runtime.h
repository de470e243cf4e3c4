/* CUDA's runtime header as qiao-translate parses it: Clang in CUDA host mode, this header
 * force-included as nvcc force-includes NVIDIA's (no NVIDIA toolkit needed). It declares what
 * CUDA programs name (runtime API, builtin variables, device functions, vector types) so that
 * Clang resolves those names to declarations here, which is how the translator knows a name is
 * CUDA's. Nothing here is ever compiled into a program. */
#pragma once

/* The include guards of NVIDIA's headers that cuda_runtime.h brings in: helper headers test them
 * to learn what was included, and must take the same branches here as under nvcc (the
 * translator maps each to the guard of the Qiao header that declares the same things). */
#define __CUDA_RUNTIME_H__
#define __CUDA_RUNTIME_API_H__
#define __DRIVER_TYPES_H__
#define __VECTOR_TYPES_H__

#include "crt_host_defines.h"

/* Clang's declarations of threadIdx, blockIdx, blockDim, gridDim and warpSize (part of Clang). */
#include <__clang_cuda_builtin_vars.h>

#ifdef __cplusplus
/* The global allocation functions are declared implicitly, host-only: <new> (Clang's wrapper,
 * which needs malloc and free) and <exception>, which shares part of it, must declare them
 * before the region below, or their host-and-device redeclarations conflict. Device code's
 * malloc and free are overloads of the host ones. */
#include <stdlib.h>
#include <exception>
#include <new>
#include <typeinfo>
/* C++17's exception classes too: their what() overrides must stay host functions like the
 * std::exception::what() they override, or Clang rejects <optional> and the rest. (Not those
 * that bring <cstdio> with them: printf must come from the region below.) */
#if __cplusplus >= 201703L
#include <any>
#include <optional>
#include <variant>
#endif
extern "C" {
__attribute__((device)) void *malloc(size_t size) noexcept;
__attribute__((device)) void free(void *ptr) noexcept;
}
#endif
/* Device code calls the C and C++ libraries (printf, sqrtf, std::min, memcpy) and helpers the
 * program forgot to mark __device__, all of which nvcc's front end would report only when
 * generating device code. The translator parses for the host alone and must not stop at such
 * calls, so every declaration from here on, the program's included, is host-and-device unless
 * it says otherwise (the region Clang's own CUDA wrappers use for <cmath>, left open). */
#pragma clang force_cuda_host_device begin
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#ifdef __cplusplus
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#endif

#include "cuda_runtime_api.h"
#include "vector_types.h"
#include "device_functions.h"

#ifdef __cplusplus
#include "cuda_runtime_templates.h"
#endif
