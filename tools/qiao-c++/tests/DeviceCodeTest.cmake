# qiao-c++'s device pass: which path a program's kernels took, and the fallbacks.
#   PTX_PROGRAM, HOST_PROGRAM: reduce.cpp built with --qiao-device-code=ptx and host
#   EXPECTED: reduce.expected; VARIABLES_PROGRAM, VARIABLES_EXPECTED: device_variables.cpp's
#   PTX build and output; GROUPS_PROGRAM, GROUPS_EXPECTED: cooperative_groups.cpp's;
#   LIBDEVICE_PROGRAM, LIBDEVICE_EXPECTED: libdevice_math.cpp's PTX build
#   and output (empty program: no libdevice here); QIAO_CXX_BIN, SOURCE_DIR, WORK
file(MAKE_DIRECTORY ${WORK})
file(READ ${EXPECTED} expected)

# Runs program under the trace layer; sets <out_var> to the timeline JSON.
function(traced program out_var)
  set(trace ${WORK}/trace.json)
  file(REMOVE ${trace})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_DRIVER=trace:emu QIAO_TRACE_FILE=${trace}
                          ${program}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
    message(FATAL_ERROR "${program} under the trace layer: exit ${rc}\n${out}${err}")
  endif()
  file(READ ${trace} json)
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

traced(${PTX_PROGRAM} json)
if(NOT json MATCHES "\"enqueueLaunch\"" OR json MATCHES "\"enqueueHostKernel\"")
  message(FATAL_ERROR "the PTX build's kernels did not all launch as module kernels")
endif()
# The module's copies of __device__ and __constant__ variables, through the symbol API.
file(READ ${VARIABLES_EXPECTED} variables_expected)
set(expected_saved "${expected}")
set(expected "${variables_expected}")
traced(${VARIABLES_PROGRAM} json)
if(NOT json MATCHES "\"enqueueLaunch\"" OR json MATCHES "\"enqueueHostKernel\"")
  message(FATAL_ERROR "the kernel with device variables did not launch as a module kernel")
endif()
# Cooperative groups in PTX (the grid's barrier only exists there).
file(READ ${GROUPS_EXPECTED} expected)
traced(${GROUPS_PROGRAM} json)
if(NOT json MATCHES "\"enqueueLaunch\"" OR json MATCHES "\"enqueueHostKernel\"")
  message(FATAL_ERROR "the cooperative groups kernels did not all launch as module kernels")
endif()

# Host-compiled, the grid has no barrier: the cooperative launch runs as a plain one and
# grid.sync() fails it with qiaoErrorLaunchFailure, saying why, instead of deadlocking.
execute_process(COMMAND ${QIAO_CXX_BIN} --qiao-device-code=host -O1
                        ${SOURCE_DIR}/cooperative_groups.cpp -o ${WORK}/groups_host)
execute_process(COMMAND ${WORK}/groups_host OUTPUT_VARIABLE out ERROR_VARIABLE err
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "grid: launch qiaoSuccess, run qiaoErrorLaunchFailure"
   OR NOT err MATCHES "grid.sync\\(\\) in a host-compiled kernel")
  message(FATAL_ERROR "grid.sync() host-compiled: exit ${rc}\n${out}${err}")
endif()

# Transcendental math (libdevice's) in PTX: every kernel a module kernel, under both backends.
if(LIBDEVICE_PROGRAM)
  file(READ ${LIBDEVICE_EXPECTED} expected)
  traced(${LIBDEVICE_PROGRAM} json)
  if(NOT json MATCHES "\"enqueueLaunch\"" OR json MATCHES "\"enqueueHostKernel\"")
    message(FATAL_ERROR "the math kernels did not all launch as module kernels")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_EXEC=check ${LIBDEVICE_PROGRAM}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL expected OR NOT err STREQUAL "")
    message(FATAL_ERROR "math kernels under QIAO_EXEC=check: exit ${rc}\n${out}${err}")
  endif()
endif()
set(expected "${expected_saved}")
traced(${HOST_PROGRAM} json)
if(json MATCHES "\"enqueueLaunch\"" OR NOT json MATCHES "\"enqueueHostKernel\"")
  message(FATAL_ERROR "the host build's kernels did not all launch as host kernels")
endif()

# Both PTX backends on every launch, memory compared: only PTX kernels can run so.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_EXEC=check ${PTX_PROGRAM}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected OR NOT err STREQUAL "")
  message(FATAL_ERROR "QIAO_EXEC=check: exit ${rc}\n${out}${err}")
endif()

# QIAO_DEVICE_CODE=host at run time: the registered PTX is ignored.
execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_DEVICE_CODE=host QIAO_DRIVER=trace:emu
                        QIAO_TRACE_FILE=${WORK}/host-at-run.json ${PTX_PROGRAM}
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
file(READ ${WORK}/host-at-run.json json)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected OR json MATCHES "\"enqueueLaunch\"")
  message(FATAL_ERROR "QIAO_DEVICE_CODE=host still launched PTX kernels (exit ${rc})")
endif()

# Fallbacks, said under --qiao-verbose: no device compiler, and a unit whose device side does
# not compile (a host-only function called from a kernel); both programs still run.
set(source ${WORK}/fallback.cpp)
file(WRITE ${source} "#include <qiao/device.h>\nint hostOnly() { return 42; }\n__global__ void k(int *p) { p[threadIdx.x] = hostOnly(); }\nint main() {\n  int *d; qiaoMalloc(&d, 8 * sizeof(int));\n  qiaoLaunchKernelGGL(k, dim3(1), dim3(8), 0, 0, d);\n  int h[8]; qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost);\n  return h[7] == 42 ? 0 : 1;\n}\n")
foreach(case missing broken)
  set(env)
  set(file ${source})
  if(case STREQUAL "missing")
    set(env QIAO_DEVICE_CXX=${WORK}/no-such-clang)
    set(file ${SOURCE_DIR}/reduce.cpp)
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env} ${QIAO_CXX_BIN} --qiao-verbose -O1
                          ${file} -o ${WORK}/${case}
                  RESULT_VARIABLE rc ERROR_VARIABLE verbose)
  if(NOT rc EQUAL 0 OR NOT verbose MATCHES "kernels stay host-compiled")
    message(FATAL_ERROR "${case} device compiler: exit ${rc}, no fallback said:\n${verbose}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_DRIVER=trace:emu
                          QIAO_TRACE_FILE=${WORK}/${case}.json ${WORK}/${case}
                  RESULT_VARIABLE rc OUTPUT_QUIET)
  file(READ ${WORK}/${case}.json json)
  if(NOT rc EQUAL 0 OR json MATCHES "\"enqueueLaunch\"")
    message(FATAL_ERROR "${case} device compiler: the program (exit ${rc}) is not host-compiled")
  endif()
endforeach()

# No libdevice (QIAO_LIBDEVICE naming no file): math beyond PTX's instructions stays
# host-compiled, and --qiao-verbose says why.
file(WRITE ${WORK}/math.cpp "#include <qiao/device.h>\n__global__ void k(float *p) { p[threadIdx.x] = expf(p[threadIdx.x]); }\nint main() {\n  float *d; qiaoMalloc(&d, 8 * sizeof(float)); qiaoMemset(d, 0, 8 * sizeof(float));\n  qiaoLaunchKernelGGL(k, dim3(1), dim3(8), 0, 0, d);\n  float h[8]; qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost);\n  return h[7] == 1.0f ? 0 : 1;\n}\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E env QIAO_LIBDEVICE=${WORK}/no-such-libdevice.bc
                        ${QIAO_CXX_BIN} --qiao-verbose -O1 ${WORK}/math.cpp -o ${WORK}/math
                RESULT_VARIABLE rc ERROR_VARIABLE verbose)
if(NOT rc EQUAL 0 OR NOT verbose MATCHES "kernels stay host-compiled: .*expf.*no libdevice")
  message(FATAL_ERROR "math without libdevice: exit ${rc}, no fallback said:\n${verbose}")
endif()
execute_process(COMMAND ${WORK}/math RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "math without libdevice: the host-compiled program exited ${rc}")
endif()

# nvcc's floating-point flags take true or false.
execute_process(COMMAND ${QIAO_CXX_BIN} --ftz=yes ${WORK}/math.cpp -o ${WORK}/bad
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "takes true or false")
  message(FATAL_ERROR "--ftz=yes: exit ${rc}: ${err}")
endif()

# Small loops of a known trip count are unrolled as nvcc's PTX unrolls them: n-body's inner
# loop over a 256-body tile 8 times (the NVPTX target's own threshold unrolls it twice). The
# PTX is embedded in the program as text: one rsqrt.approx line per unrolled iteration.
file(WRITE ${WORK}/tile_loop.cpp "#include <qiao/device.h>\n__global__ void k(const float4 *p, float *out, float eps) {\n  __shared__ float4 tile[256];\n  tile[threadIdx.x] = p[threadIdx.x];\n  __syncthreads();\n  float4 me = tile[threadIdx.x];\n  float a = 0;\n  for (unsigned j = 0; j < 256; ++j) {\n    float4 o = tile[j];\n    float dx = o.x - me.x, dy = o.y - me.y, dz = o.z - me.z;\n    float inv = rsqrtf(dx * dx + dy * dy + dz * dz + eps);\n    a += dx * o.w * inv * inv * inv;\n  }\n  out[threadIdx.x] = a;\n}\nint main() { return 0; }\n")
execute_process(COMMAND ${QIAO_CXX_BIN} -O1 ${WORK}/tile_loop.cpp -o ${WORK}/tile_loop
                RESULT_VARIABLE rc)
file(STRINGS ${WORK}/tile_loop lines REGEX "rsqrt\\.approx")
list(LENGTH lines unrolled)
if(NOT rc EQUAL 0 OR NOT unrolled EQUAL 8)
  message(FATAL_ERROR "the tile loop's PTX: exit ${rc}, ${unrolled} rsqrt.approx (nvcc's: 8)")
endif()

# A bad mode is refused.
execute_process(COMMAND ${QIAO_CXX_BIN} --qiao-device-code=sass ${source} -o ${WORK}/bad
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "takes ptx or host")
  message(FATAL_ERROR "--qiao-device-code=sass: exit ${rc}: ${err}")
endif()
