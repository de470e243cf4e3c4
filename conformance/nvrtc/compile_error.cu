// NVRTC rejects source with an error: nvrtcCompileProgram returns NVRTC_ERROR_COMPILATION and the
// log names the problem.
// conform: tags=nvrtc,errors modes=shim,shim-static,native libs=nvrtc
// expect: compile -> NVRTC_ERROR_COMPILATION, log mentions the undefined name: 1
// expect: PASS compile_error
#include <cstdio>
#include <nvrtc.h>
#include <string>

int main() {
  nvrtcProgram program;
  const char *source = "__global__ void broken(int *v) { v[0] = undefined_name; }\n";
  if (nvrtcCreateProgram(&program, source, "broken.cu", 0, nullptr, nullptr) != NVRTC_SUCCESS)
    return 1;
  nvrtcResult r = nvrtcCompileProgram(program, 0, nullptr);
  size_t size = 0;
  nvrtcGetProgramLogSize(program, &size);
  std::string log(size, '\0');
  nvrtcGetProgramLog(program, &log[0]);
  std::printf("compile -> %s, log mentions the undefined name: %d\n", nvrtcGetErrorString(r),
              log.find("undefined_name") != std::string::npos);
  nvrtcDestroyProgram(&program);
  std::printf("PASS compile_error\n");
  return 0;
}
