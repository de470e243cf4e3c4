// A value or an error, until the public edge turns the error into a qiaoError_t (C++20 has no
// std::expected yet; this is the small subset Qiao uses).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace qiao {

// An error: a qiaoError_t code (the CUDA numbering) and a message for the one-line report.
struct Error {
  int code = 0;
  std::string message;
};

template <class T> class Expected {
public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(Error error) : state_(std::move(error)) {}

  explicit operator bool() const { return state_.index() == 0; }
  bool hasValue() const { return state_.index() == 0; }

  T &value() & { return std::get<0>(state_); }
  T &&value() && { return std::get<0>(std::move(state_)); }
  const T &value() const & { return std::get<0>(state_); }
  T &operator*() & { return value(); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }

  const Error &error() const { return std::get<1>(state_); }

private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but may fail.
class Status {
public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status ok() { return {}; }

  explicit operator bool() const { return error_.code == 0; }
  const Error &error() const { return error_; }
  int code() const { return error_.code; }

private:
  Error error_;
};

} // namespace qiao
