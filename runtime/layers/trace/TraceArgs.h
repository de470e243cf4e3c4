// A seam call's arguments as JSON values: numbers as numbers, addresses and handles as "0x..."
// strings, C strings as strings, launch and image descriptions as objects. After the call, what
// the driver wrote through an out-pointer (a handle, a count, a name) as "*name".
#pragma once

#include "TraceWriter.h"

#include <qiao/driver.h>

#include <cstdio>
#include <string>
#include <type_traits>

namespace qiao::layers::trace {

inline std::string hexValue(const void *pointer) {
  char text[32];
  std::snprintf(text, sizeof text, "\"%p\"", pointer);
  return text;
}

inline std::string dims(const uint32_t d[3]) {
  return "[" + std::to_string(d[0]) + "," + std::to_string(d[1]) + "," + std::to_string(d[2]) + "]";
}

inline std::string jsonValue(const qiaoDrvLaunch *launch) {
  if (!launch)
    return "null";
  return "{\"grid\":" + dims(launch->grid) + ",\"block\":" + dims(launch->block) +
         ",\"dynamicSharedBytes\":" + std::to_string(launch->dynamicSharedBytes) +
         ",\"paramBytes\":" + std::to_string(launch->paramBytes) +
         ",\"flags\":" + std::to_string(launch->flags) +
         ",\"structSize\":" + std::to_string(launch->structSize) + "}";
}

inline std::string jsonValue(const qiaoDrvModuleImage *image) {
  if (!image)
    return "null";
  return "{\"format\":" + std::to_string(image->format) +
         ",\"bytes\":" + std::to_string(image->bytes) +
         ",\"name\":" + (image->name ? jsonString(image->name) : std::string("null")) + "}";
}

inline std::string jsonValue(const char *text) { return text ? jsonString(text) : "null"; }

template <class T> std::string jsonValue(T value) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>)
    return std::to_string(value);
  else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return std::to_string(static_cast<long long>(value));
  else if constexpr (std::is_pointer_v<T>)
    return hexValue(reinterpret_cast<const void *>(value));
  else
    return "null";
}

// What an out-pointer points at after a successful call, or empty when it is no out-pointer this
// layer can read (an input buffer, a struct, a log buffer).
template <class T> std::string jsonOutput(T value) {
  if constexpr (std::is_pointer_v<T>) {
    using Pointee = std::remove_pointer_t<T>;
    if constexpr (!std::is_const_v<Pointee> && !std::is_same_v<Pointee, char> &&
                  !std::is_void_v<Pointee> &&
                  (std::is_arithmetic_v<Pointee> || std::is_pointer_v<Pointee>)) {
      if (value)
        return jsonValue(*value);
    }
  }
  return {};
}

} // namespace qiao::layers::trace
