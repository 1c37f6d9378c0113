// Date: a calendar date (proleptic Gregorian, no time zone) as days since 1970-01-01.
//
// Business dates travel as ISO-8601 strings ("2026-03-31"); Parse is strict (exactly
// YYYY-MM-DD, a real calendar day, years 1900..9999). The fold never reads a clock: "today" is
// always passed in by the caller as an explicit as_of Date. Plain value type.
//
// kNoDate stands for "no date" (an empty string in the API form): it orders before every real
// date, as "" orders before every ISO date, and prints as "".
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "core/status.h"

namespace arledger {

class Date {
 public:
  Date() = default;
  static constexpr Date FromDays(int32_t days_since_epoch) { return Date(days_since_epoch); }
  static Result<Date> Parse(std::string_view iso);
  // For a date already known to parse (ValidateEnvelope checks every date of an event before the
  // fold reads it): no Result. Aborts unless Parse would accept it.
  static Date FromCheckedIso(std::string_view iso);
  static Result<Date> FromCivil(int year, int month, int day);
  // The UTC calendar date containing `seconds_since_epoch`.
  static Date FromUnixSeconds(int64_t seconds_since_epoch);

  int32_t days_since_epoch() const { return days_; }
  bool is_none() const { return days_ == std::numeric_limits<int32_t>::min(); }
  // "YYYY-MM-DD"; "" for kNoDate.
  std::string ToString() const;
  void ToCivil(int* year, int* month, int* day) const;

  Date AddDays(int32_t days) const { return Date(days_ + days); }
  // First day of the month `months` after this date's month (negative goes back).
  Date AddMonthsToFirst(int months) const;
  friend int32_t operator-(Date a, Date b) { return a.days_ - b.days_; }
  friend auto operator<=>(Date, Date) = default;
  friend bool operator==(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

inline constexpr Date kNoDate = Date::FromDays(std::numeric_limits<int32_t>::min());

// The first and last dates Parse accepts (1900-01-01, 9999-12-31); the last is also "as of the
// end of the log", after every business date.
inline constexpr Date kFirstDate = Date::FromDays(-25567);
inline constexpr Date kEndOfTimeDate = Date::FromDays(2932896);

// Parses "" as kNoDate and anything else as Parse does.
Result<Date> ParseOptionalDate(std::string_view iso);

}  // namespace arledger
