// PassPartitions and PassSlices: how many partitions a replay's pass reads together, and in how
// many slices of its accounts it folds them, so that a large log is replayed in passes small
// enough for memory (ReplayOptions::pass_records_max).
#include <gtest/gtest.h>

#include "service/replay.h"

namespace arledger {
namespace {

// Passes a replay makes for `partitions` partitions grouped `per_pass` at a time.
size_t Passes(size_t partitions, size_t per_pass) { return (partitions + per_pass - 1) / per_pass; }

// Proves that a log within the bound keeps the eight passes replays have always made (an
// eighth of the partitions, rounded up), so small and medium logs replay as before.
TEST(ReplayPassesTest, ASmallLogIsReadInEightPasses) {
  EXPECT_EQ(PassPartitions(96, 1'000'000, 600'000), 12u);
  EXPECT_EQ(PassPartitions(8, 2'130'000, kReplayPassRecordsMax), 1u);
  EXPECT_EQ(PassPartitions(10, 100, 600'000), 2u);  // Two a pass: 5 passes.
  EXPECT_EQ(PassPartitions(3, 100, 600'000), 1u);
}

// Proves that a larger log is read in more, smaller passes of whole partitions, within the
// bound for partitions of the average size, and never more passes than partitions.
TEST(ReplayPassesTest, ALargeLogIsReadInPassesWithinTheBound) {
  // 13.6M records over 96 partitions, 600k a pass: 23 passes wanted, so 4 partitions each (24
  // passes of ~567k records: the nearest whole-partition split within the bound).
  const size_t per_pass = PassPartitions(96, 13'600'000, 600'000);
  EXPECT_EQ(per_pass, 4u);
  EXPECT_EQ(Passes(96, per_pass), 24u);
  // 1M accounts over 6 months in 64 partitions: one a pass (~215k records each).
  EXPECT_EQ(PassPartitions(64, 13'793'704, kReplayPassRecordsMax), 1u);
  // Past one partition a pass, the partitions bound it (and slices take over, below).
  EXPECT_EQ(PassPartitions(8, 13'600'000, 600'000), 1u);
  EXPECT_EQ(PassPartitions(32, 100'000'000, 600'000), 1u);
  for (size_t partitions : {1u, 7u, 8u, 9u, 64u, 97u}) {
    for (int64_t records : {int64_t{0}, int64_t{1}, int64_t{5'000'000}, int64_t{1} << 40}) {
      const size_t got = PassPartitions(partitions, records, 600'000);
      EXPECT_GE(got, 1u);
      EXPECT_LE(got, partitions);
      EXPECT_LE(Passes(partitions, got), partitions);
      // Partitions of the average size: a pass within the bound, unless one partition is not.
      const int64_t average = records / static_cast<int64_t>(partitions);
      if (got > 1) {
        EXPECT_LE(average * static_cast<int64_t>(got), 600'000);
      }
    }
  }
}

// Proves that a pass larger than the bound is folded in slices of the bound's size at most on
// average (accounts are sliced by id hash), and one within it whole: 1M accounts over 6 months in 8
// partitions is 8 passes of 5 slices.
TEST(ReplayPassesTest, APassLargerThanTheBoundIsFoldedInSlices) {
  EXPECT_EQ(PassSlices(0, kReplayPassRecordsMax), 1u);
  EXPECT_EQ(PassSlices(kReplayPassRecordsMax, kReplayPassRecordsMax), 1u);
  EXPECT_EQ(PassSlices(kReplayPassRecordsMax + 1, kReplayPassRecordsMax), 2u);
  EXPECT_EQ(PassSlices(13'793'704 / 8, kReplayPassRecordsMax), 5u);
  for (int64_t records : {int64_t{1}, int64_t{999}, int64_t{1'724'213}, int64_t{1} << 40}) {
    for (int64_t bound : {int64_t{1}, int64_t{7}, int64_t{400'000}}) {
      const size_t slices = PassSlices(records, bound);
      EXPECT_LE((records + static_cast<int64_t>(slices) - 1) / static_cast<int64_t>(slices),
                bound);  // An average slice within the bound...
      if (slices > 1) {  // ...and no more slices than that takes.
        EXPECT_GT(records, bound * static_cast<int64_t>(slices - 1));
      }
    }
  }
}

}  // namespace
}  // namespace arledger
