# qiao-c++ as a compiler driver: a .cu file compiled with -c, linked in a second step, run;
# a compile error's status passes through; --qiao-verbose prints the command.
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/kernel.cu "#include <qiao/device.h>\n__global__ void k(int *p) { p[threadIdx.x] = QIAO_VALUE; }\nint main() {\n  int *d; qiaoMalloc(&d, 8 * sizeof(int));\n  qiaoLaunchKernelGGL(k, dim3(1), dim3(8), 0, 0, d);\n  int h[8]; qiaoMemcpy(h, d, sizeof h, qiaoMemcpyDeviceToHost);\n  return h[7] == 42 ? 0 : 1;\n}\n")
execute_process(COMMAND ${QIAO_CXX_BIN} --qiao-verbose -c -DQIAO_VALUE=42 ${WORK}/kernel.cu -o ${WORK}/kernel.o
                RESULT_VARIABLE rc ERROR_VARIABLE verbose)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compile failed: ${verbose}")
endif()
if(NOT verbose MATCHES "-std=c\\+\\+20" OR NOT verbose MATCHES "-x c\\+\\+ [^ ]*kernel.cu -x none"
   OR verbose MATCHES "-lqiao")
  message(FATAL_ERROR "unexpected compile command: ${verbose}")
endif()
execute_process(COMMAND ${QIAO_CXX_BIN} ${WORK}/kernel.o -o ${WORK}/kernel RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "link failed")
endif()
execute_process(COMMAND ${WORK}/kernel RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "program returned ${rc}")
endif()
file(WRITE ${WORK}/broken.cpp "int main() { return undeclared; }\n")
execute_process(COMMAND ${QIAO_CXX_BIN} ${WORK}/broken.cpp -o ${WORK}/broken RESULT_VARIABLE rc
                ERROR_QUIET)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "a failed compile returned ${rc}, expected the compiler's 1")
endif()

# nvcc's common flags, as a Makefile written for nvcc passes them: device code generation flags
# are dropped, -Xcompiler's list reaches the compiler (QIAO_VALUE comes through it), -x cu is
# C++, and the program's own -std=c++14 and -std=c++17 both build Qiao's headers.
foreach(standard c++14 c++17)
  execute_process(
    COMMAND ${QIAO_CXX_BIN} --qiao-verbose -std=${standard} -arch=sm_80 -gencode
            arch=compute_80,code=sm_80 --use_fast_math -lineinfo -rdc=true
            -Xcompiler -DQIAO_VALUE=42,-Wall -x cu ${WORK}/kernel.cu -o ${WORK}/kernel-${standard}
    RESULT_VARIABLE rc ERROR_VARIABLE verbose)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nvcc-style build (${standard}) failed: ${verbose}")
  endif()
  string(REPLACE "+" "\\+" standard_pattern ${standard})
  # The host compiler's commands (the device pass, clang's, names its own target and language).
  string(REGEX MATCHALL "(^|\n)c\\+\\+ [^\n]*" verbose "${verbose}")
  if(verbose MATCHES "arch|gencode|lineinfo|fast_math|rdc|-x cu|c\\+\\+20"
     OR NOT verbose MATCHES "-std=${standard_pattern}.* -DQIAO_VALUE=42 -Wall -x c\\+\\+")
    message(FATAL_ERROR "unexpected nvcc-style command: ${verbose}")
  endif()
  execute_process(COMMAND ${WORK}/kernel-${standard} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the ${standard} program returned ${rc}")
  endif()
endforeach()
