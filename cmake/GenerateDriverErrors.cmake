# Writes headers/qiao/driver_errors.h (C drivers' names for the error codes) from
# headers/qiao/qiao_errors.def, the one list of codes: qiaoErrorX becomes qiaoDrvErrorX, qiaoSuccess
# qiaoDrvSuccess. Run as a script:
#   cmake -DDEF=headers/qiao/qiao_errors.def -DOUT=headers/qiao/driver_errors.h -P this file
# The checked-in header must equal what this writes: with -DCHECK=<the checked-in header> the
# script fails when they differ (the CTest test driver_errors.in_sync).
if(NOT DEF OR NOT OUT)
  message(FATAL_ERROR "usage: cmake -DDEF=qiao_errors.def -DOUT=driver_errors.h -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
file(STRINGS "${DEF}" records REGEX "^QIAO_ERROR\\(")
set(body "")
foreach(record IN LISTS records)
  if(NOT record MATCHES "^QIAO_ERROR\\(qiao(Success|Error[A-Za-z0-9_]*), *(-?[0-9]+), *\"(.*)\"\\)$")
    message(FATAL_ERROR "unexpected record in ${DEF}: ${record}")
  endif()
  string(APPEND body "  qiaoDrv${CMAKE_MATCH_1} = ${CMAKE_MATCH_2}, /* ${CMAKE_MATCH_3} */\n")
endforeach()
file(WRITE "${OUT}" "\
/*
 * Qiao driver seam: every status code a driver returns, by name, for drivers written in C (which
 * cannot include the runtime's header). Values are CUDA's cudaError_t numbers, as
 * qiao/qiao_runtime.h's qiaoError_t.
 *
 * Generated from headers/qiao/qiao_errors.def by cmake/GenerateDriverErrors.cmake: do not edit;
 * change the .def and rerun it (the test driver_errors.in_sync fails until then).
 */
#ifndef QIAO_DRIVER_ERRORS_H
#define QIAO_DRIVER_ERRORS_H

typedef enum qiaoDrvError {
${body}} qiaoDrvError;

#endif /* QIAO_DRIVER_ERRORS_H */
")
if(CHECK)
  file(READ "${OUT}" generated)
  file(READ "${CHECK}" checkedIn)
  if(NOT generated STREQUAL checkedIn)
    message(FATAL_ERROR "${CHECK} is out of date with ${DEF}: regenerate it with\n"
                        "  cmake -DDEF=${DEF} -DOUT=${CHECK} -P ${CMAKE_CURRENT_LIST_FILE}")
  endif()
endif()
