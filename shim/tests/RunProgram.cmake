# Runs one nvcc-built program on the Qiao device and checks its exit code and output.
#   -DPROGRAM=path      the program
#   -DMODE=qiao-run     run as `QIAO_RUN PROGRAM`
#   -DMODE=preload      run with LD_PRELOAD=CUDART and LD_LIBRARY_PATH=LIBDIR
#   -DMODE=check        run as `QIAO_RUN PROGRAM` with QIAO_EXEC=check: every launch runs on the
#                       interpreter and on the kernel compiler from the same memory; a difference
#                       or a kernel the compiler declined fails the test
#   -DENV=A=1|B=2       extra environment for the program (qiao-run mode)
#   -DEXPECT_EXIT=0     or `failure`: a nonzero exit code (a crash by signal never passes)
#   -DEXPECT=a|b|...    each must begin some line of stdout or stderr
#   -DMISSING=message   nvcc was not found at configure time: fail with this message
# A program that reached something the shim reports as missing ("qiao: ... is not implemented" /
# "is not supported yet") fails even when its own checks pass: a passing run must not depend on
# an error path the real driver would not take.
if(DEFINED MISSING)
  message(FATAL_ERROR "${MISSING}")
endif()

if(MODE STREQUAL "qiao-run" AND DEFINED ENV)
  string(REPLACE "|" ";" environment "${ENV}")
  set(command ${CMAKE_COMMAND} -E env ${environment} ${QIAO_RUN} ${PROGRAM})
elseif(MODE STREQUAL "qiao-run")
  set(command ${QIAO_RUN} ${PROGRAM})
elseif(MODE STREQUAL "check")
  set(command ${CMAKE_COMMAND} -E env QIAO_EXEC=check ${QIAO_RUN} ${PROGRAM})
elseif(MODE STREQUAL "preload")
  set(command ${CMAKE_COMMAND} -E env LD_PRELOAD=${CUDART} LD_LIBRARY_PATH=${LIBDIR} ${PROGRAM})
else()
  message(FATAL_ERROR "RunProgram.cmake: unknown MODE '${MODE}'")
endif()

# Check mode compiles every kernel before its first launch: on a host without AVX-512 a large
# kernel's compile takes three times as long (runtime/emu/jit/README.md, "Compile time").
if(MODE STREQUAL "check")
  set(timeout 300)
else()
  set(timeout 120)
endif()
execute_process(COMMAND ${command} RESULT_VARIABLE exitCode OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT ${timeout})
set(all "${out}\n${err}")
message("${all}")

if(EXPECT_EXIT STREQUAL "failure")
  if(NOT exitCode MATCHES "^[1-9][0-9]*$")
    message(FATAL_ERROR "expected a clean nonzero exit code, got '${exitCode}'")
  endif()
elseif(NOT exitCode STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "exit code '${exitCode}', expected ${EXPECT_EXIT}")
endif()

string(REPLACE "|" ";" lines "${EXPECT}")
foreach(line IN LISTS lines)
  string(FIND "\n${all}" "\n${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "missing output line: ${line}")
  endif()
endforeach()

# Under the kernel compiler, a kernel it could not compile is a failure too (it would pass
# interpreted, hiding the compiler's gap), and so is any difference from the interpreter.
if(MODE STREQUAL "check")
  if(all MATCHES "(^|\n)qiao: [^\n]*is interpreted")
    message(FATAL_ERROR "the kernel compiler declined a kernel")
  endif()
  string(REGEX MATCH "(^|\n)qiao: check: [^\n]*" difference "${all}")
  if(difference)
    string(STRIP "${difference}" difference)
    message(FATAL_ERROR "interpreter and kernel compiler differ: ${difference}")
  endif()
endif()

string(REGEX MATCH "(^|\n)qiao: [^\n]*(is not implemented|is not supported yet)" missingPiece "${all}")
if(missingPiece)
  string(STRIP "${missingPiece}" missingPiece)
  message(FATAL_ERROR "the program reached a piece the shim lacks: ${missingPiece}")
endif()
