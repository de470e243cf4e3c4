# driver_signatures/driver_calls.cpp (every supported driver-API function called with CUDA's
# parameter types) translated must convert every CUDA name and compile with qiao-c++ as C++14:
# each mapped name has a counterpart that takes what CUDA code passes. Driven by
# translator/tests/CMakeLists.txt.   TRANSLATE QIAO_CXX SOURCE WORK

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${TRANSLATE} ${SOURCE} -o ${WORK}/driver_calls.cpp
                        --report ${WORK}/report.json
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "qiao-translate exited with ${rc}:\n${out}${err}")
endif()
file(READ ${WORK}/report.json report)
string(JSON left GET "${report}" total not_converted)
if(NOT left EQUAL 0)
  message(FATAL_ERROR "${left} CUDA names were left unconverted:\n${out}${err}")
endif()
execute_process(COMMAND ${QIAO_CXX} -std=c++14 -Wall -Werror -fsyntax-only
                        ${WORK}/driver_calls.cpp
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the translated calls do not compile:\n${out}${err}")
endif()
