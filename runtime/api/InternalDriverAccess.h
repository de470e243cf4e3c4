/* An internal entry point of libqiao, exported for Qiao's own tools (the driver conformance run)
 * and not part of the runtime API: it may change between releases. */
#ifndef QIAO_INTERNAL_DRIVER_ACCESS_H
#define QIAO_INTERNAL_DRIVER_ACCESS_H

#include <qiao/driver.h>
#include <qiao/qiao_runtime.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opens the driver chain `spec` (a QIAO_DRIVER value: `emu`, `validate:trace:NAME`, ...) through
 * the runtime's loader and checks its table, without calling init; the caller calls the table
 * directly. The runtime's own driver (QIAO_DRIVER) is unaffected. Returns qiaoSuccess,
 * qiaoErrorInvalidValue (a NULL argument) or qiaoErrorInsufficientDriver (the line on stderr
 * says why). */
__attribute__((visibility("default"))) qiaoError_t
qiaoInternalOpenDriver(const char *spec, const qiaoDriverTable **table);

#ifdef __cplusplus
}
#endif

#endif /* QIAO_INTERNAL_DRIVER_ACCESS_H */
