/* qiao/device_prelude.h: included first in qiao-c++'s device pass (clang, CUDA mode, device
 * only; see qiao/device_ptx.h). Clang's wrappers of the standard headers (<new>, <algorithm>,
 * <cmath>, on its include path even with -nocudainc) expect what CUDA's own headers declare
 * before them: the device's heap, which PTX calls malloc and free (CUDA's device-side malloc). */
#ifndef QIAO_DEVICE_PRELUDE_H
#define QIAO_DEVICE_PRELUDE_H

/* With libdevice (qiao/device_libdevice.h): the device overloads of <cmath>'s functions, declared
 * before the standard library's own so that its using-declarations take them into std and its
 * constexpr overloads stay host functions (clang makes a constexpr function callable on both
 * sides unless a device overload of it was declared first). */
#ifdef QIAO_LIBDEVICE
#include <__clang_cuda_math_forward_declares.h>
#endif
#include <stdlib.h>

extern "C" __attribute__((device)) void *malloc(size_t bytes);
extern "C" __attribute__((device)) void free(void *pointer);

#endif /* QIAO_DEVICE_PRELUDE_H */
