#include "core/date.h"

#include <cstdio>

namespace arledger {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(y + (m <= 2));
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// What is wrong with a civil date Parse and FromCivil would refuse, or nullptr.
const char* CivilProblem(int year, int month, int day) {
  if (year < 1900 || year > 9999) return "has a year outside 1900..9999";
  if (month < 1 || month > 12) return "has a month outside 1..12";
  if (day < 1 || day > DaysInMonth(year, month)) return "is not a day of its month";
  return nullptr;
}

// What is wrong with `iso` as a date Parse accepts, or nullptr and the day it names in `*days`.
// The fold reads an invoice's two dates on each invoice event, so the eight digits are checked
// and converted without a loop or an early exit.
const char* IsoProblem(std::string_view iso, int32_t* days) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return "is not YYYY-MM-DD";
  const auto digit = [iso](size_t at) {  // Below '0' wraps around: also > 9.
    return static_cast<unsigned>(static_cast<unsigned char>(iso[at])) - '0';
  };
  const unsigned y1 = digit(0), y2 = digit(1), y3 = digit(2), y4 = digit(3);
  const unsigned m1 = digit(5), m2 = digit(6), d1 = digit(8), d2 = digit(9);
  if ((y1 > 9) | (y2 > 9) | (y3 > 9) | (y4 > 9) | (m1 > 9) | (m2 > 9) | (d1 > 9) | (d2 > 9)) {
    return "is not YYYY-MM-DD";
  }
  const int year = static_cast<int>(y1 * 1000 + y2 * 100 + y3 * 10 + y4);
  const int month = static_cast<int>(m1 * 10 + m2);
  const int day = static_cast<int>(d1 * 10 + d2);
  if (const char* problem = CivilProblem(year, month, day)) return problem;
  *days = static_cast<int32_t>(
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
  return nullptr;
}

}  // namespace

Result<Date> Date::FromCivil(int year, int month, int day) {
  if (const char* problem = CivilProblem(year, month, day)) {
    return InvalidArgument(std::string("date ") + problem);
  }
  return Date(static_cast<int32_t>(
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day))));
}

Result<Date> Date::Parse(std::string_view iso) {
  int32_t days = 0;
  if (const char* problem = IsoProblem(iso, &days)) {
    return InvalidArgument("date '" + std::string(iso) + "' " + problem);
  }
  return Date(days);
}

// The fold reads an event's dates on every event, after ValidateEnvelope checked them: no
// Result to build and destroy.
Date Date::FromCheckedIso(std::string_view iso) {
  int32_t days = 0;
  ARLEDGER_CHECK(IsoProblem(iso, &days) == nullptr);
  return Date(days);
}

Date Date::FromUnixSeconds(int64_t seconds_since_epoch) {
  int64_t days = seconds_since_epoch / 86400;
  if (seconds_since_epoch % 86400 < 0) --days;
  return Date(static_cast<int32_t>(days));
}

void Date::ToCivil(int* year, int* month, int* day) const {
  CivilFromDays(days_, year, month, day);
}

Result<Date> ParseOptionalDate(std::string_view iso) {
  if (iso.empty()) return kNoDate;
  return Date::Parse(iso);
}

std::string Date::ToString() const {
  if (is_none()) return std::string();
  int year = 0, month = 0, day = 0;
  ToCivil(&year, &month, &day);
  if (year < 0 || year > 9999) {  // Outside what Parse accepts: the general (slower) path.
    char buffer[48];              // Room for any three ints: -Wformat-truncation at -O3.
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
  }
  // The fold formats a date per event: by hand, the same bytes as "%04d-%02d-%02d".
  std::string text(10, '-');
  text[0] = static_cast<char>('0' + year / 1000);
  text[1] = static_cast<char>('0' + year / 100 % 10);
  text[2] = static_cast<char>('0' + year / 10 % 10);
  text[3] = static_cast<char>('0' + year % 10);
  text[5] = static_cast<char>('0' + month / 10);
  text[6] = static_cast<char>('0' + month % 10);
  text[8] = static_cast<char>('0' + day / 10);
  text[9] = static_cast<char>('0' + day % 10);
  return text;
}

Date Date::AddMonthsToFirst(int months) const {
  int year = 0, month = 0, day = 0;
  ToCivil(&year, &month, &day);
  int index = year * 12 + (month - 1) + months;
  int new_year = index / 12;
  int new_month = index % 12 + 1;
  return Date(static_cast<int32_t>(DaysFromCivil(new_year, new_month, 1)));
}

}  // namespace arledger
