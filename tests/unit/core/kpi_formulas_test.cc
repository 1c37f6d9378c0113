// Proves core's KPI formulas on hand-worked figures and at their edges: the countback walk
// (whole months, the part month, a month without sales passed through whole, receivables
// used up exactly at a month's end, receivables outlasting the months given, none owed),
// simple DSO, and CEI, including the cases where a ratio has no value.
#include "core/kpi_formulas.h"

#include <gtest/gtest.h>

#include <limits>

namespace arledger {
namespace {

// R = 1,020.00; March 310.00 (31 days), February 560.00 (28), January 600.00 (31):
// 31 + 28 + 31 x 150/600 = 66.75 days.
TEST(KpiFormulasTest, CountbackWalksWholeMonthsThenAPartMonth) {
  const CountbackResult result = CountbackDso(102000, {{31000, 31}, {56000, 28}, {60000, 31}});
  EXPECT_DOUBLE_EQ(result.days, 66.75);
  EXPECT_FALSE(result.capped);
  ASSERT_EQ(result.days_counted.size(), 3u);
  EXPECT_DOUBLE_EQ(result.days_counted[0], 31);
  EXPECT_DOUBLE_EQ(result.days_counted[1], 28);
  EXPECT_DOUBLE_EQ(result.days_counted[2], 7.75);
}

// A month with no credit sales takes nothing off R but its days count; R equal to a month's
// sales counts that whole month and stops there.
TEST(KpiFormulasTest, CountbackPassesAMonthWithoutSalesAndStopsOnAnExactFit) {
  const CountbackResult result = CountbackDso(50000, {{0, 30}, {50000, 31}, {90000, 30}});
  EXPECT_DOUBLE_EQ(result.days, 61);
  EXPECT_EQ(result.days_counted.size(), 2u);
  EXPECT_FALSE(result.capped);
}

// Receivables left after the last month given: every month counted, and the result says so.
TEST(KpiFormulasTest, CountbackIsCappedWhenReceivablesOutlastTheMonths) {
  const CountbackResult result = CountbackDso(100000, {{10000, 31}, {10000, 30}});
  EXPECT_DOUBLE_EQ(result.days, 61);
  EXPECT_TRUE(result.capped);
}

TEST(KpiFormulasTest, CountbackOfNothingOwedIsZeroDays) {
  EXPECT_DOUBLE_EQ(CountbackDso(0, {{10000, 31}}).days, 0);
  EXPECT_DOUBLE_EQ(CountbackDso(-500, {{10000, 31}}).days, 0);
  EXPECT_TRUE(CountbackDso(0, {{10000, 31}}).days_counted.empty());
}

// 1,020 / 310 x 31 = 102 days; no credit sales: no value.
TEST(KpiFormulasTest, SimpleDsoIsReceivablesOverSalesTimesDays) {
  EXPECT_DOUBLE_EQ(*SimpleDso(102000, 31000, 31), 102.0);
  EXPECT_FALSE(SimpleDso(102000, 0, 31).has_value());
  EXPECT_FALSE(SimpleDso(102000, -5, 31).has_value());
}

// (1,060 + 310 - 1,020) / (1,060 + 310 - 310) x 100 = 33.02%; a zero denominator: no value;
// sums near int64's limits do not overflow (they are taken in 128 bits).
TEST(KpiFormulasTest, CeiOverOnePeriod) {
  EXPECT_NEAR(*CollectionEffectivenessIndex(106000, 31000, 102000, 31000), 35000.0 / 1060.0, 1e-9);
  EXPECT_FALSE(CollectionEffectivenessIndex(0, 10000, 10000, 10000).has_value());
  const int64_t big = std::numeric_limits<int64_t>::max();
  EXPECT_DOUBLE_EQ(*CollectionEffectivenessIndex(big, big, big, 0), 50.0);
}

}  // namespace
}  // namespace arledger
