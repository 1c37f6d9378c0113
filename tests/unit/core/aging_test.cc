// Proves aging is by due date with inclusive upper bounds: current, 1-30, 31-60, 61-90, 91-120,
// 120+, at every boundary, and that disputed items stay in aging.
#include <gtest/gtest.h>

#include "core/account_view.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

TEST(AgingTest, BucketNamesAtEveryBoundary) {
  // Proves each boundary day lands in the bucket whose upper bound it is.
  const AgingConfig config;
  const std::vector<std::pair<int32_t, std::string>> cases = {
      {-5, "current"}, {0, "current"},  {1, "1-30"},   {30, "1-30"},
      {31, "31-60"},   {60, "31-60"},   {61, "61-90"}, {90, "61-90"},
      {91, "91-120"},  {120, "91-120"}, {121, "120+"}, {5000, "120+"}};
  for (const auto& [days, name] : cases) EXPECT_EQ(AgingBucketName(days, config), name) << days;
}

TEST(AgingTest, BucketsAreConfigurable) {
  // Proves the bounds come from the config, names included.
  AgingConfig config;
  config.bucket_upper_days = {7, 14, 21, 28};
  EXPECT_EQ(AgingBucketName(7, config), "1-7");
  EXPECT_EQ(AgingBucketName(8, config), "8-14");
  EXPECT_EQ(AgingBucketName(29, config), "28+");
}

TEST(AgingTest, DaysPastDueCountFromTheDueDate) {
  // Proves the due date itself is day 0 (current) and the next day is 1 day past due.
  const Date due = *Date::Parse("2026-01-31");
  EXPECT_EQ(DaysPastDue(due, *Date::Parse("2026-01-30")), 0);
  EXPECT_EQ(DaysPastDue(due, due), 0);
  EXPECT_EQ(DaysPastDue(due, *Date::Parse("2026-02-01")), 1);
}

TEST(AgingTest, ViewAgesEachItemByItsDueDate) {
  // Proves the account view puts items due 0,1,30,31,60,61,90,91,120,121 days ago in the right
  // buckets, sums them per bucket, and keeps a disputed item in aging.
  AccountHarness account;
  const Date as_of = *Date::Parse("2026-06-30");
  const std::vector<int32_t> days_ago = {0, 1, 30, 31, 60, 61, 90, 91, 120, 121};
  for (int32_t days : days_ago) {
    const std::string due = as_of.AddDays(-days).ToString();
    account.MustApply(InvoiceIssued("2026-01-01", "inv-" + std::to_string(days), 100 + days, due));
  }
  account.MustApply(DisputeRaised("2026-06-01", "d-1", "inv-121", 0));
  const v1::AccountView view = account.View("2026-06-30");
  ASSERT_EQ(view.items_size(), static_cast<int>(days_ago.size()));
  for (const v1::ItemView& item : view.items()) {
    EXPECT_EQ(item.aging_bucket(), AgingBucketName(item.days_past_due(), AgingConfig{}));
    EXPECT_EQ(item.invoice_id(), "inv-" + std::to_string(item.days_past_due()));
  }
  ASSERT_EQ(view.aging_size(), 1);
  const v1::AgingBuckets& aging = view.aging(0);
  EXPECT_EQ(aging.current_minor(), 100);
  EXPECT_EQ(aging.days_1_30_minor(), 101 + 130);
  EXPECT_EQ(aging.days_31_60_minor(), 131 + 160);
  EXPECT_EQ(aging.days_61_90_minor(), 161 + 190);
  EXPECT_EQ(aging.days_91_120_minor(), 191 + 220);
  EXPECT_EQ(aging.days_over_120_minor(), 221);
  EXPECT_EQ(view.balances(0).overdue_minor(), view.balances(0).open_items_minor() - 100);
  EXPECT_EQ(view.balances(0).disputed_minor(), 221);
}

}  // namespace
}  // namespace arledger
