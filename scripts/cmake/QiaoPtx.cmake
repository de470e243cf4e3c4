# qiao_compile_ptx(<out-var> SOURCES <file.cu>... [INCLUDES <dir>...] [DEPENDS <file>...])
#
# Compiles each CUDA source to PTX at build time with `nvcc -ptx -arch=sm_80` (nvcc's default -O3
# for device code) into ${CMAKE_CURRENT_BINARY_DIR}/ptx/<name>.ptx and sets <out-var> to the list
# of PTX files. The PTX is what real CUDA programs hand the driver, so the emulated device is
# tested on nvcc's own output rather than on PTX written by hand.
include_guard(GLOBAL)

find_program(QIAO_NVCC nvcc HINTS /usr/local/cuda/bin ENV CUDA_PATH PATH_SUFFIXES bin
             DOC "nvcc, used to compile the samples and conformance kernels to PTX")
if(NOT QIAO_NVCC)
  message(FATAL_ERROR "nvcc not found (looked on PATH and in /usr/local/cuda/bin). Qiao compiles "
                      "its samples and conformance kernels to PTX with nvcc: install the CUDA "
                      "toolkit or pass -DQIAO_NVCC=/path/to/nvcc.")
endif()

function(qiao_compile_ptx out_var)
  cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES;DEPENDS" ${ARGN})
  set(include_flags)
  foreach(dir IN LISTS ARG_INCLUDES)
    list(APPEND include_flags -I${dir})
  endforeach()
  set(outputs)
  foreach(source IN LISTS ARG_SOURCES)
    get_filename_component(name ${source} NAME_WE)
    get_filename_component(source_path ${source} ABSOLUTE)
    set(output ${CMAKE_CURRENT_BINARY_DIR}/ptx/${name}.ptx)
    add_custom_command(
      OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/ptx
      COMMAND ${QIAO_NVCC} -ptx -arch=sm_80 ${include_flags} ${source_path} -o ${output}
      DEPENDS ${source_path} ${ARG_DEPENDS}
      COMMENT "nvcc -ptx -arch=sm_80 ${name}.cu"
      VERBATIM)
    list(APPEND outputs ${output})
  endforeach()
  set(${out_var} ${outputs} PARENT_SCOPE)
endfunction()
