// Build-system migration: a CMake project that builds CUDA (LANGUAGES CUDA, enable_language,
// CUDAToolkit, CUDA::cudart, .cu sources, CUDA_ARCHITECTURES, CMAKE_CUDA_*) is rewritten to build
// the translated sources as C++ against Qiao (find_package(Qiao) from build/QiaoConfig.cmake,
// Qiao::qiao); a Makefile gets its nvcc variable and .cu names rewritten where unambiguous and
// every other nvcc-specific line reported (QT3002).
#pragma once

#include "Translation.h"

#include <filesystem>

namespace qiao::translate {

FileResult migrateCMake(const std::filesystem::path &file);
FileResult migrateMakefile(const std::filesystem::path &file);

} // namespace qiao::translate
