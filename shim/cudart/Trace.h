// QIAO_LOG=1: each implemented entry point prints "qiao: cudaXxx(args) -> cudaErrorName" on stderr.
// Entry points return through QIAO_TRACED(result, args...), which formats the arguments only when
// logging is on. Works with cudaError_t and qiaoError_t alike (same values), so files written
// against either header can use it.
#pragma once

#include <cinttypes>
#include <cstdio>
#include <string>
#include <type_traits>

namespace qiao::cudart {

bool traceEnabled();

// CUDA's name for an error code ("cudaErrorInvalidValue"), "unrecognized error code" otherwise.
const char *cudaErrorNameOf(int code);

void traceLine(const char *function, const std::string &arguments, int result);
// For the calls that answer text (cudaGetErrorName, cudaGetErrorString).
void traceLine(const char *function, const std::string &arguments, const char *result);

namespace detail {

template <class T> std::string formatArgument(const T &value) {
  char text[64];
  if constexpr (std::is_same_v<T, const char *>) {
    return value ? "\"" + std::string(value) + "\"" : "nullptr";
  } else if constexpr (std::is_pointer_v<T> || std::is_null_pointer_v<T>) {
    if (value == nullptr)
      return "nullptr";
    std::snprintf(text, sizeof text, "%p", reinterpret_cast<const void *>(value));
  } else if constexpr (std::is_enum_v<T>) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    std::snprintf(text, sizeof text, "%g", static_cast<double>(value));
  } else if constexpr (std::is_signed_v<T>) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
  } else if constexpr (std::is_unsigned_v<T>) {
    std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(value));
  } else if constexpr (requires { value.x, value.y, value.z; }) { // dim3
    std::snprintf(text, sizeof text, "{%u, %u, %u}", unsigned(value.x), unsigned(value.y),
                  unsigned(value.z));
  } else if constexpr (requires { value.width, value.height, value.depth; }) { // cudaExtent
    std::snprintf(text, sizeof text, "{%zu, %zu, %zu}", size_t(value.width), size_t(value.height),
                  size_t(value.depth));
  } else {
    return "{...}";
  }
  return text;
}

template <class... A> std::string formatArguments(const A &...values) {
  std::string joined;
  ((joined += (joined.empty() ? "" : ", ") + formatArgument(values)), ...);
  return joined;
}

} // namespace detail

template <class R, class... A> R traced(const char *function, R result, const A &...arguments) {
  if (!traceEnabled())
    return result;
  if constexpr (std::is_same_v<R, const char *>)
    traceLine(function, detail::formatArguments(arguments...), result);
  else
    traceLine(function, detail::formatArguments(arguments...), static_cast<int>(result));
  return result;
}

} // namespace qiao::cudart

// return QIAO_TRACED(code, arg1, arg2, ...); inside an entry point.
#define QIAO_TRACED(result, ...)                                                                   \
  ::qiao::cudart::traced(__func__, (result)__VA_OPT__(, ) __VA_ARGS__)
