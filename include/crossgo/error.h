// Errors are values at module boundaries (Result<T>). Inside a parser a failed bounds check throws
// ParseError, which the format reader's entry point catches and turns into a Result: this keeps
// every read checked without threading error returns through each field access.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace crossgo {

struct Error {
  std::string message;
  std::optional<uint64_t> offset;  // file offset the problem was found at, when there is one

  std::string to_string() const;
};

class ParseError : public std::runtime_error {
 public:
  ParseError(uint64_t offset, const std::string& message);
  uint64_t offset() const { return offset_; }
  Error error() const { return Error{what(), offset_}; }

 private:
  uint64_t offset_;
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace crossgo
