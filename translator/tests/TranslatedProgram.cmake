# Driven by translator/tests/CMakeLists.txt.
#   MODE=tree:    TRANSLATE SOURCE OUT -- translate SOURCE to OUT (warnings allowed), then
#                 translate OUT again: it must change nothing.
#   MODE=program: QIAO_CXX QIAO_RUN TREE SOURCES NAME NVCC_PROGRAM WORK -- build the translated
#                 program, run it, and compare its verdict (exit code, standard output) with
#                 the nvcc-built program's under qiao-run.

function(fail message)
  message(FATAL_ERROR "${message}")
endfunction()

cmake_policy(SET CMP0007 NEW)

if(MODE STREQUAL "tree")
  file(REMOVE_RECURSE ${OUT})
  execute_process(COMMAND ${TRANSLATE} ${SOURCE} -o ${OUT} --report ${OUT}.report.json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    fail("qiao-translate ${SOURCE} exited with ${rc}")
  endif()
  execute_process(COMMAND ${TRANSLATE} --dry-run ${OUT} RESULT_VARIABLE rc OUTPUT_VARIABLE diff
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT diff STREQUAL "")
    fail("a second run over the output changes it (exit ${rc}):\n${diff}${err}")
  endif()
  return()
endif()

if(MODE STREQUAL "cmake")
  file(REMOVE_RECURSE ${OUT})
  execute_process(COMMAND ${TRANSLATE} ${SOURCE} -o ${OUT} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("qiao-translate ${SOURCE} exited with ${rc}:\n${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${OUT} -B ${OUT}/build -DQiao_DIR=${QIAO_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("the migrated project does not configure:\n${out}${err}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${OUT}/build RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("the migrated project does not build:\n${out}${err}")
  endif()
  execute_process(COMMAND ${OUT}/build/saxpy RESULT_VARIABLE rc OUTPUT_VARIABLE out TIMEOUT 60)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "PASS saxpy\n")
    fail("the migrated program failed (${rc}): ${out}")
  endif()
  return()
endif()

if(NOT MODE STREQUAL "program")
  fail("MODE must be tree or program")
endif()

string(REPLACE "|" ";" sources "${SOURCES}")
list(TRANSFORM sources PREPEND ${TREE}/)
file(MAKE_DIRECTORY ${WORK})
set(binary ${WORK}/${NAME}-translated)
execute_process(COMMAND ${QIAO_CXX} -O1 -o ${binary} ${sources} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  fail("qiao-c++ could not build the translated ${NAME}:\n${out}${err}")
endif()

execute_process(COMMAND ${binary} RESULT_VARIABLE translated_rc OUTPUT_VARIABLE translated_out
                ERROR_VARIABLE translated_err TIMEOUT 120)
execute_process(COMMAND ${QIAO_RUN} ${NVCC_PROGRAM} RESULT_VARIABLE native_rc
                OUTPUT_VARIABLE native_out ERROR_VARIABLE native_err TIMEOUT 120)
message("translated (exit ${translated_rc}):\n${translated_out}${translated_err}")
if(NOT translated_rc STREQUAL native_rc)
  fail("exit code ${translated_rc} translated, ${native_rc} for the nvcc build under qiao-run:\n"
       "${native_out}${native_err}")
endif()
# The program may print API names (cudaGetErrorName): translated, they carry Qiao's prefix.
string(REPLACE "qiaoError" "cudaError" translated_out "${translated_out}")
string(REPLACE "qiaoSuccess" "cudaSuccess" translated_out "${translated_out}")
if(NOT translated_out STREQUAL native_out)
  # Output of concurrently running blocks may interleave differently; the lines must agree.
  string(REPLACE "\n" ";" a "${translated_out}")
  string(REPLACE "\n" ";" b "${native_out}")
  list(SORT a)
  list(SORT b)
  if(NOT a STREQUAL b)
    fail("standard output differs from the nvcc build's under qiao-run:\n${native_out}")
  endif()
endif()
