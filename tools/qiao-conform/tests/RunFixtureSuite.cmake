# Runs qiao-conform over tests/suite (a program that passes, hangs, crashes, prints a wrong line,
# is a known gap, is listed but passes, or runs natively only) and checks what it reports.
#   -DCONFORM=path/to/qiao-conform -DSUITE=dir -DWORK=dir
cmake_policy(SET CMP0007 NEW)

function(expect_in text needle what)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what} lacks: ${needle}\n---\n${text}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${CONFORM} --suite ${SUITE} --list --tags good
                RESULT_VARIABLE rc OUTPUT_VARIABLE listed ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--list exited ${rc}: ${listed}${err}")
endif()
expect_in("${listed}" "fixture/passes" "--list --tags good")
expect_in("${listed}" "2 programs" "--list --tags good")

execute_process(COMMAND ${CONFORM} --suite ${SUITE} --cache ${WORK}/cache --modes shim,native
                        --exec interp -j 2 --junit ${WORK}/r.xml --html ${WORK}/r.html
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
message("${out}${err}")
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a run with failures must exit 1, not '${rc}'")
endif()
expect_in("${out}" "fixture/hangs [shim] timeout: killed at its time limit of 2 s" "summary")
expect_in("${out}" "fixture/crashes [shim] crash: killed by SIGSEGV" "summary")
expect_in("${out}"
          "fixture/wrong_line [shim] fail: line 2: expected 'two', got 'three'" "summary")
expect_in("${out}" "fixture/stale_entry [shim] xpass: passes, but expected-failures.txt lists it"
          "summary")
# pass fail timeout crash build-error skip xfail xpass total
string(REGEX MATCH "\nshim +1 +1 +1 +1 +0 +0 +1 +1 +6\n" shimRow "\n${out}")
if(NOT shimRow)
  message(FATAL_ERROR "the shim row must count 1 pass, fail, timeout, crash, xfail and xpass")
endif()

file(READ ${WORK}/r.xml junit)
expect_in("${junit}" "classname=\"conformance.fixture.shim\" name=\"hangs\"" "JUnit")
expect_in("${junit}" "<failure message=\"killed by SIGSEGV\" type=\"crash\"" "JUnit")
if(NOT EXISTS /proc/driver/nvidia/version)
  expect_in("${out}" "\nnative " "summary")
  expect_in("${junit}" "<skipped message=\"skipped: no NVIDIA driver\"" "JUnit")
endif()
file(READ ${WORK}/r.html html)
expect_in("${html}" "<td class=\"cell clickable timeout\"" "HTML")

# A second run finds every program in the cache: nothing is compiled again.
execute_process(COMMAND ${CONFORM} --suite ${SUITE} --cache ${WORK}/cache --modes shim
                        --filter passes --exec interp
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the passing program alone must pass (exit ${rc}):\n${out}${err}")
endif()
file(GLOB_RECURSE temporaries ${WORK}/cache/*.tmp.*)
if(temporaries)
  message(FATAL_ERROR "half-written files left in the cache: ${temporaries}")
endif()
