// Proves that AddAgingChange (the netted before -> after change the projector uses) leaves the
// aging deltas exactly as subtracting the old summary's contribution and adding the new one's
// would, once zero changes are dropped (WriteAggregates skips those), for seeded random pairs of
// summaries: same or other collector and portfolio, empty sides, and several items that share a
// currency and due date. ARLEDGER_SEED=N reruns one seed.
#include "projections/aging_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "tests/unit/core/event_generator_testing.h"

namespace arledger {
namespace {

v1::AccountSummary RandomSummary(std::mt19937_64& random) {
  v1::AccountSummary summary;
  summary.set_collector_id(random() % 4 == 0 ? "c-2" : "c-1");
  summary.set_portfolio(random() % 5 == 0 ? "sme" : "retail");
  const int items = static_cast<int>(random() % 5);
  for (int i = 0; i < items; ++i) {
    v1::SummaryItem* item = summary.add_items();
    item->set_currency(random() % 3 == 0 ? "EUR" : "GBP");
    item->set_due_date("2026-0" + std::to_string(1 + random() % 3) + "-15");
    item->set_open_minor(static_cast<int64_t>(1 + random() % 4) * 2'500);
  }
  return summary;
}

AgingDeltas WithoutZeros(AgingDeltas deltas) {
  std::erase_if(deltas, [](const auto& entry) { return entry.second == 0; });
  return deltas;
}

TEST(AgingIndexTest, NettedChangeEqualsOldContributionOutNewIn) {
  for (uint64_t seed : testing::PropertySeeds(41, 20)) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 random(seed);
    for (int round = 0; round < 200; ++round) {
      const v1::AccountSummary before = RandomSummary(random);
      v1::AccountSummary after = random() % 3 == 0 ? RandomSummary(random) : before;
      if (after.items_size() > 0 && random() % 2 == 0) {
        after.mutable_items(0)->set_open_minor(after.items(0).open_minor() / 2);
      }
      const bool is_new = random() % 6 == 0;

      AgingDeltas expected = {{"untouched", 7}};
      if (!is_new) AddAgingContribution(before, -1, &expected);
      AddAgingContribution(after, +1, &expected);
      AgingDeltas netted = {{"untouched", 7}};
      AddAgingChange(is_new ? nullptr : &before, after, &netted);

      ASSERT_EQ(WithoutZeros(netted), WithoutZeros(expected)) << "round " << round;
    }
  }
}

TEST(AgingIndexTest, AnUnchangedSummaryTouchesNoKey) {
  std::mt19937_64 random(7);
  v1::AccountSummary summary;
  while (summary.items_size() == 0) summary = RandomSummary(random);
  AgingDeltas deltas;
  AddAgingChange(&summary, summary, &deltas);
  EXPECT_TRUE(deltas.empty());
}

}  // namespace
}  // namespace arledger
