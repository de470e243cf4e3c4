# A CUDA project of our own (trees/NAME: sources, a helper header, its own build files) ported
# as a user would: translated as a tree, built by its migrated build files, run. Driven by
# translator/tests/CMakeLists.txt.
#   TRANSLATE SOURCE WORK BIN QIAO_DIR BUILD=make|cmake EXPECTED
#   optional: INPUTS   directories of the tree given as separate inputs, comma-separated (each
#                      lands in its own directory of the output), instead of the tree itself
#             MAKE_DIR the directory of the output that make runs in (default: its root)
#             RUN      what runs the program, relative to MAKE_DIR (default: app), in MAKE_DIR
#             COPIED   how many files the report must count as copied
# The translation must convert every CUDA name it meets (report: not_converted 0) and parse
# every file cleanly (no QT1002), a second run over the output must change nothing, and the
# program must print EXPECTED and exit 0.
# BUILD=make also checks that the tree cannot be lost: `-o` naming the input is refused, and an
# output directory inside the input tree is not translated again by the next run.

cmake_policy(SET CMP0007 NEW)

function(fail message)
  message(FATAL_ERROR "${message}")
endfunction()

function(translate rc_var)
  execute_process(COMMAND ${TRANSLATE} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  set(${rc_var} ${rc} PARENT_SCOPE)
  set(translate_stdout "${out}" PARENT_SCOPE)
  set(translate_output "${out}${err}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(COPY ${SOURCE}/ DESTINATION ${WORK}/tree)
set(tree ${WORK}/tree)
set(out ${WORK}/ported)

set(inputs ${tree})
if(DEFINED INPUTS)
  string(REPLACE "," ";" inputs "${INPUTS}")
  list(TRANSFORM inputs PREPEND ${tree}/)
elseif(BUILD STREQUAL "make")
  # The output inside the input tree, as a user writes it; the first run must refuse to write
  # over the input.
  set(out ${tree}/ported)
  file(GLOB_RECURSE before RELATIVE ${tree} ${tree}/*)
  file(READ ${tree}/src/main.cu main_before)
  translate(rc ${tree} -o ${tree})
  file(READ ${tree}/src/main.cu main_after)
  file(GLOB_RECURSE after RELATIVE ${tree} ${tree}/*)
  if(NOT rc EQUAL 2 OR NOT main_before STREQUAL main_after OR NOT before STREQUAL after)
    fail("`qiao-translate DIR -o DIR` was not refused (exit ${rc}):\n${translate_output}")
  endif()
endif()

translate(rc ${inputs} -o ${out} --report ${WORK}/report.json)
message("${translate_output}")
if(NOT rc EQUAL 0)
  fail("qiao-translate exited with ${rc}")
endif()
file(READ ${WORK}/report.json report)
string(JSON left GET "${report}" total not_converted)
if(NOT left EQUAL 0)
  fail("${left} CUDA names were left unconverted; see ${WORK}/report.json")
endif()
string(JSON files LENGTH "${report}" files)
math(EXPR last "${files} - 1")
foreach(i RANGE ${last})
  string(JSON clean GET "${report}" files ${i} parsed_cleanly)
  string(JSON input GET "${report}" files ${i} input)
  if(input MATCHES "\\.(cu|cuh|h)$" AND NOT clean)
    fail("${input} did not parse cleanly (QT1002); see ${WORK}/report.json")
  endif()
endforeach()

if(DEFINED COPIED)
  string(JSON copied GET "${report}" tree copied)
  if(NOT copied EQUAL COPIED)
    fail("the report counts ${copied} files copied, not ${COPIED}; see ${WORK}/report.json")
  endif()
endif()

if(BUILD STREQUAL "make" AND NOT DEFINED INPUTS)
  # The next run, as the user repeats it: the output inside the tree is skipped, not ported
  # again into ported/ported.
  translate(rc ${tree} -o ${out})
  if(NOT rc EQUAL 0 OR EXISTS ${out}/ported)
    fail("a second run translated its own output (exit ${rc}):\n${translate_output}")
  endif()
endif()

translate(rc --dry-run ${out})
if(NOT rc EQUAL 0 OR NOT translate_stdout STREQUAL "")
  fail("a second run over the output changes it (exit ${rc}):\n${translate_output}")
endif()

if(NOT DEFINED RUN)
  set(RUN app)
endif()
if(BUILD STREQUAL "make")
  # The migrated Makefile names qiao-c++ and keeps nvcc's flags.
  set(ENV{PATH} "${BIN}:$ENV{PATH}")
  set(make_dir ${out}/${MAKE_DIR})
  execute_process(COMMAND make -C ${make_dir} RESULT_VARIABLE rc OUTPUT_VARIABLE log
                  ERROR_VARIABLE log)
  set(program ${make_dir}/${RUN})
  set(run_dir ${make_dir})
else()
  execute_process(COMMAND ${CMAKE_COMMAND} -S ${out} -B ${out}/build -DQiao_DIR=${QIAO_DIR}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(rc EQUAL 0)
    execute_process(COMMAND ${CMAKE_COMMAND} --build ${out}/build RESULT_VARIABLE rc
                    OUTPUT_VARIABLE log ERROR_VARIABLE log)
  endif()
  set(program ${out}/build/${RUN})
  set(run_dir ${out}/build)
endif()
if(NOT rc EQUAL 0)
  fail("the migrated project does not build:\n${log}")
endif()

execute_process(COMMAND ${program} WORKING_DIRECTORY ${run_dir} RESULT_VARIABLE rc
                OUTPUT_VARIABLE output ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0 OR NOT output STREQUAL "${EXPECTED}\n")
  fail("the ported program failed (exit ${rc}):\n${output}${err}")
endif()
