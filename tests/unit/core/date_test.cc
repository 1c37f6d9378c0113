// Proves Date parses only real ISO calendar days and does calendar arithmetic correctly.
#include "core/date.h"

#include <gtest/gtest.h>

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

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (const char* text : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "2026/01/01",
                           "", "20260101", "2026-01-32", "abcd-ef-gh", "1899-12-31"}) {
    EXPECT_FALSE(Date::Parse(text).ok()) << text;
  }
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
