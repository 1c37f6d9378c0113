// Proves Date parses only real ISO calendar days and does calendar arithmetic correctly.
#include "core/date.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace arledger {
namespace {

TEST(DateTest, RoundTripsIsoDates) {
  for (const char* text : {"1970-01-01", "2024-02-29", "2026-12-31", "1900-03-01", "9999-12-31"}) {
    Result<Date> date = Date::Parse(text);
    ASSERT_TRUE(date.ok()) << text;
    EXPECT_EQ(date->ToString(), text);
  }
  EXPECT_EQ(Date::Parse("1970-01-02")->days_since_epoch(), 1);
}

// ToString formats by hand (it runs once per folded event); this proves it writes the same
// bytes as "%04d-%02d-%02d" for every day from 1800 to 2300, and across years 0..9999 and beyond.
TEST(DateTest, ToStringMatchesPrintfFormatting) {
  auto printf_text = [](Date date) {
    int year = 0, month = 0, day = 0;
    date.ToCivil(&year, &month, &day);
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return std::string(buffer);
  };
  const int32_t first = Date::Parse("1900-01-01")->days_since_epoch() - 100 * 366;
  const int32_t last = Date::Parse("2300-12-31")->days_since_epoch();
  for (int32_t days = first; days <= last; ++days) {
    ASSERT_EQ(Date::FromDays(days).ToString(), printf_text(Date::FromDays(days))) << days;
  }
  // Years 0..9999 in steps of 97 days, and past both ends (the general path).
  const int32_t year_zero = -719528;   // 0000-01-01.
  const int32_t after_9999 = 2932897;  // 10000-01-01.
  for (int32_t days = year_zero - 800; days <= after_9999 + 800; days += 97) {
    ASSERT_EQ(Date::FromDays(days).ToString(), printf_text(Date::FromDays(days))) << days;
  }
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (const char* text : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01", "",
                           "20260101", "2026-01-32", "abcd-ef-gh", "1899-12-31", "2026-01-0/",
                           "2026-01-0:", "+026-01-01", "2026-01-1 ", "2026-01-01\n"}) {
    EXPECT_FALSE(Date::Parse(text).ok()) << text;
  }
}

TEST(DateTest, RefusalsSayWhatIsWrong) {
  EXPECT_EQ(Date::Parse("2026/01/01").status().message(), "date '2026/01/01' is not YYYY-MM-DD");
  EXPECT_EQ(Date::Parse("2025-02-29").status().message(),
            "date '2025-02-29' is not a day of its month");
  EXPECT_EQ(Date::Parse("2026-13-01").status().message(),
            "date '2026-13-01' has a month outside 1..12");
  EXPECT_EQ(Date::Parse("1899-12-31").status().message(),
            "date '1899-12-31' has a year outside 1900..9999");
  EXPECT_EQ(Date::FromCivil(2026, 4, 31).status().message(), "date is not a day of its month");
}

// FromCheckedIso is the fold's Parse for dates ValidateEnvelope already checked: this proves it
// names the same day as Parse for every day from 1900 to 2300, and aborts on what Parse refuses.
TEST(DateTest, FromCheckedIsoAgreesWithParse) {
  for (int32_t days = kFirstDate.days_since_epoch();
       days <= Date::Parse("2300-12-31")->days_since_epoch(); ++days) {
    const std::string text = Date::FromDays(days).ToString();
    ASSERT_EQ(Date::FromCheckedIso(text), *Date::Parse(text)) << text;
  }
  EXPECT_EQ(Date::FromCheckedIso("9999-12-31"), kEndOfTimeDate);
  EXPECT_DEATH((void)Date::FromCheckedIso("2025-02-29"), "IsoProblem");
  EXPECT_DEATH((void)Date::FromCheckedIso("2026-1-01"), "IsoProblem");
}

TEST(DateTest, DifferenceIsInDays) {
  EXPECT_EQ(*Date::Parse("2026-03-01") - *Date::Parse("2026-02-01"), 28);
  EXPECT_EQ(*Date::Parse("2024-03-01") - *Date::Parse("2024-02-01"), 29);
}

TEST(DateTest, UnixSecondsMapToUtcDates) {
  EXPECT_EQ(Date::FromUnixSeconds(0).ToString(), "1970-01-01");
  EXPECT_EQ(Date::FromUnixSeconds(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Date::FromUnixSeconds(1774915199).ToString(), "2026-03-30");
}

TEST(DateTest, AddMonthsToFirstCrossesYears) {
  EXPECT_EQ(Date::Parse("2026-01-31")->AddMonthsToFirst(-1).ToString(), "2025-12-01");
  EXPECT_EQ(Date::Parse("2026-11-15")->AddMonthsToFirst(2).ToString(), "2027-01-01");
}

}  // namespace
}  // namespace arledger
