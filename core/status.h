// Status and Result<T>: the one error model across arledger's module boundaries.
//
// A Status is a code and a sentence. Both types are [[nodiscard]]: a caller that means to
// ignore one says so with PermitUnchecked(), which can be grepped for. librdkafka and RocksDB
// errors are converted into a Status where they enter; no exception crosses a module boundary.
// Value types, not thread-safe to mutate concurrently (like std::string).
#pragma once

#include <cassert>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace arledger {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // The input breaks a rule; the message says which.
  kNotFound,            // The named thing does not exist.
  kAlreadyExists,       // Idempotent repeat of something already done.
  kConflict,            // Same identity, different content (e.g. event_id reuse).
  kFailedPrecondition,  // Valid input, but the current state refuses it.
  kOutOfRange,          // Arithmetic overflow or a value beyond its bounds.
  kUnavailable,         // A dependency (broker, disk) is not reachable now; retry may help.
  kDeadlineExceeded,    // A bounded wait ran out.
  kPermissionDenied,    // The principal may not do this.
  kUnauthenticated,     // No valid credentials.
  kIoError,             // Storage failed.
  kCorruption,          // Stored data is not what was written.
  kInternal,            // A bug: an invariant did not hold.
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // Marks a deliberate ignore, so that it stands out in review.
  void PermitUnchecked() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status DeadlineExceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status Unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}

// A value or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design.
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design.
    ARLEDGER_RESULT_CHECK(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }
  T& operator*() { return Checked(); }

 private:
  static void ARLEDGER_RESULT_CHECK(bool condition) {
    if (!condition) std::abort();  // A Result made from an OK status has no value: a bug.
  }
  T& Checked() {
    ARLEDGER_RESULT_CHECK(value_.has_value());
    return *value_;
  }

  Status status_;
  std::optional<T> value_;
};

}  // namespace arledger

// Returns early from the enclosing function when `expr` is not OK.
#define ARLEDGER_RETURN_IF_ERROR(expr)   \
  do {                                   \
    ::arledger::Status _status = (expr); \
    if (!_status.ok()) return _status;   \
  } while (0)

// Assertions that stay on in release builds: invariants whose failure means a bug.
#define ARLEDGER_CHECK(condition)                                              \
  do {                                                                         \
    if (!(condition)) ::arledger::CheckFailed(#condition, __FILE__, __LINE__); \
  } while (0)

namespace arledger {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace arledger
