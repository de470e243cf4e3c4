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
