// Malformed input is a value, not an exception (HOUSE_STYLE §7): parsers return Parsed<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace shikan {

struct ParseError {
  std::string reason;
};

template <class T>
class Parsed {
 public:
  Parsed(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Parsed(ParseError error) : v_(std::move(error)) {}   // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const ParseError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ParseError> v_;
};

inline ParseError parse_error(std::string reason) { return ParseError{std::move(reason)}; }

}  // namespace shikan
