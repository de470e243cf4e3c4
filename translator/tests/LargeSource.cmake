# A generated CUDA source of several MB (FUNCTIONS functions of BLOCKS blocks each, every block
# with runtime calls, a launch, a comment and an inactive branch) and the text its translation
# must be, written side by side; qiao-translate's output must equal the expected text exactly.
# Its time is bounded by the test's TIMEOUT: an edit list or bookkeeping that grows
# quadratically with the number of edits runs for minutes on this input, not seconds.
#   TRANSLATE OUT FUNCTIONS BLOCKS

cmake_minimum_required(VERSION 3.20)

set(kernel [=[__global__ void scale(float *x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n)
    x[i] *= a;
}
]=])

# One block of host code, as written in CUDA and as translated. The comment and the string keep
# their CUDA names; the inactive branch is converted by the token sweep.
set(block_in [=[  {
    float *d = nullptr;
    cudaMalloc(&d, n * sizeof(float)); // cudaMalloc stays in a comment
    scale<<<(n + 255) / 256, 256>>>(d, 2.0f, n);
    cudaMemcpy(h, d, n * sizeof(float), cudaMemcpyDeviceToHost);
#ifdef LARGE_SOURCE_UNUSED
    cudaDeviceSynchronize();
#endif
    if (cudaFree(d) != cudaSuccess)
      puts("cudaFree failed");
  }
]=])
set(block_out [=[  {
    float *d = nullptr;
    qiaoMalloc(&d, n * sizeof(float)); // cudaMalloc stays in a comment
    qiaoLaunchKernelGGL(scale, (n + 255) / 256, 256, 0, 0, d, 2.0f, n);
    qiaoMemcpy(h, d, n * sizeof(float), qiaoMemcpyDeviceToHost);
#ifdef LARGE_SOURCE_UNUSED
    qiaoDeviceSynchronize();
#endif
    if (qiaoFree(d) != qiaoSuccess)
      puts("cudaFree failed");
  }
]=])

string(REPEAT "${block_in}" ${BLOCKS} body_in)
string(REPEAT "${block_out}" ${BLOCKS} body_out)
set(in "#include <cstdio>\n#include <cuda_runtime.h>\n\n${kernel}")
set(out "#include <qiao/device.h>\n#include <cstdio>\n#include <qiao/qiao_runtime.h>\n\n${kernel}")
foreach(f RANGE 1 ${FUNCTIONS})
  set(head "\nvoid part${f}(float *h, int n) {\n")
  string(APPEND in "${head}${body_in}}\n")
  string(APPEND out "${head}${body_out}}\n")
endforeach()

file(REMOVE_RECURSE ${OUT})
file(WRITE ${OUT}/large.cu "${in}")
file(WRITE ${OUT}/large.expected "${out}")
string(LENGTH "${in}" bytes)
math(EXPR megabytes "${bytes} / 1048576")
message("large.cu: ${bytes} bytes (${megabytes} MB)")

execute_process(COMMAND ${TRANSLATE} ${OUT}/large.cu -o ${OUT}/large.cpp RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "qiao-translate exited with ${rc}:\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/large.cpp ${OUT}/large.expected
                RESULT_VARIABLE differ)
if(differ)
  message(FATAL_ERROR "the translation of large.cu is not ${OUT}/large.expected; "
                      "compare with: diff ${OUT}/large.expected ${OUT}/large.cpp")
endif()

# --dry-run's diff of the same file, applied by patch, must give the same translation (a diff
# over the whole file once needed memory in proportion to its length times its changes).
find_program(PATCH patch)
if(PATCH)
  execute_process(COMMAND ${TRANSLATE} --dry-run ${OUT}/large.cu OUTPUT_FILE ${OUT}/large.diff
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "qiao-translate --dry-run exited with ${rc}:\n${err}")
  endif()
  execute_process(COMMAND ${PATCH} -s -o ${OUT}/patched.cu ${OUT}/large.cu ${OUT}/large.diff
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/patched.cu
                          ${OUT}/large.expected RESULT_VARIABLE differ)
  if(NOT rc EQUAL 0 OR differ)
    message(FATAL_ERROR "the --dry-run diff does not patch large.cu into its translation:\n${err}")
  endif()
endif()
