# Runs one nvcc-built program under `qiao-run --trace FILE` and checks the timeline it leaves.
#   -DPROGRAM=path -DQIAO_RUN=path -DTRACE=file -DCHECKER=CheckTrace.py -DPYTHON=python3
#   -DMISSING=message   nvcc was not found at configure time: fail with this message
if(DEFINED MISSING)
  message(FATAL_ERROR "${MISSING}")
endif()
file(REMOVE ${TRACE})
execute_process(COMMAND ${QIAO_RUN} --trace ${TRACE} ${PROGRAM} RESULT_VARIABLE exitCode
                OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
message("${out}\n${err}")
if(NOT exitCode STREQUAL "0")
  message(FATAL_ERROR "the program exited with '${exitCode}'")
endif()
execute_process(COMMAND ${PYTHON} ${CHECKER} ${TRACE} RESULT_VARIABLE checked)
if(NOT checked STREQUAL "0")
  message(FATAL_ERROR "the timeline in ${TRACE} is not what the program did")
endif()
