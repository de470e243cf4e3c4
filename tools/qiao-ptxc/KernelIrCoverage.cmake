# Runs `qiao-ptxc FILE --emit=kir-report` on every PTX file of the corpus: each must give kernel
# IR that passes LLVM's verifier (or lower nothing), and at least MIN_KERNELS kernels must lower
# in all. Prints the totals.
#   cmake -DPTXC=... -DMIN_KERNELS=N -DFILES="a.ptx;b.ptx;..." [-DGLOBS="dir/*.ptx;..."] -P this
foreach(pattern IN LISTS GLOBS)
  file(GLOB matched ${pattern})
  list(APPEND FILES ${matched})
endforeach()
set(kernels 0)
set(lowered 0)
set(files 0)
foreach(file IN LISTS FILES)
  execute_process(COMMAND ${PTXC} ${file} --emit=kir-report RESULT_VARIABLE status
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${file}: qiao-ptxc --emit=kir-report failed (${status}):\n${err}${out}")
  endif()
  string(REGEX MATCH "kernels lowered: ([0-9]+) of ([0-9]+)" counts "${out}")
  if(NOT counts)
    message(FATAL_ERROR "${file}: no counts in the report:\n${out}")
  endif()
  math(EXPR lowered "${lowered} + ${CMAKE_MATCH_1}")
  math(EXPR kernels "${kernels} + ${CMAKE_MATCH_2}")
  math(EXPR files "${files} + 1")
  string(REGEX MATCHALL "kernel [^\n]*: not lowered: [^\n]*" missing "${out}")
  foreach(line IN LISTS missing)
    message(STATUS "${line}")
  endforeach()
endforeach()
message(STATUS "Qiao kernel IR: ${lowered} of ${kernels} kernels in ${files} PTX files lower fully "
               "and verify")
if(lowered LESS MIN_KERNELS)
  message(FATAL_ERROR "only ${lowered} kernels lowered; at least ${MIN_KERNELS} did before")
endif()
