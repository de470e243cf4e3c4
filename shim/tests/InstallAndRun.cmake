# Installs the build (cmake --install BUILD --prefix PREFIX), then runs one nvcc-built program with
# the installed qiao-run: the installed tree alone must find every library it needs (libcudart
# and libcuda in ../lib, libqiao through their $ORIGIN, the default driver beside libqiao, the
# kernel compiler beside the driver).
#   -DBUILD=dir -DPREFIX=dir -DRUNNER=RunProgram.cmake, and RunProgram.cmake's -DPROGRAM,
#   -DEXPECT_EXIT, -DEXPECT (and -DMISSING)
if(DEFINED MISSING)
  message(FATAL_ERROR "${MISSING}")
endif()
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${PREFIX}
                RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE why)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD} --prefix ${PREFIX} failed: ${why}")
endif()
foreach(file bin/qiao-run lib/libqiao.so lib/libqiao-driver-emu.so lib/libqiao-jit.so
             lib/libcudart.so.13 lib/libcuda.so.1 include/qiao/qiao_runtime.h)
  if(NOT EXISTS ${PREFIX}/${file})
    message(FATAL_ERROR "the installed tree has no ${file}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${PROGRAM} -DMODE=qiao-run
                        -DQIAO_RUN=${PREFIX}/bin/qiao-run -DEXPECT_EXIT=${EXPECT_EXIT}
                        -DEXPECT=${EXPECT} -P ${RUNNER}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the installed qiao-run failed:\n${out}\n${err}")
endif()
