// Expected failures (bad files, bad requests, decayed orbits) travel as values.
//
// `Result<T>` holds either a T or an `Error` whose message names where and what went wrong
// ("sats.tle:3: column 19: epoch is not a number"). `Status` is `Result<void>`. Programmer
// bugs are asserts, never Errors. Both types are [[nodiscard]]: ignoring a failure is a bug.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace lagrange {

struct Error {
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() {
  return Status{};
}

// Prefixes an error with its context, e.g. the file name: `with_context(r, "stations.csv")`.
inline Error prefixed(const Error& error, const std::string& context) {
  return Error{context + ": " + error.message};
}

}  // namespace lagrange
