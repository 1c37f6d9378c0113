// PassPartitions: how many partitions a replay's pass reads together, so that a large log is
// replayed in passes small enough for memory (ReplayOptions::pass_records_max).
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

// Proves that a larger log is read in more, smaller passes: at most about pass_records_max
// records each (as far as whole partitions allow), and never more passes than partitions.
TEST(ReplayPassesTest, ALargeLogIsReadInPassesOfAboutTheBound) {
  // 13.6M records over 96 partitions, 600k a pass: 23 passes wanted, 5 partitions each
  // (20 passes of ~680k records: the nearest whole-partition split).
  const size_t per_pass = PassPartitions(96, 13'600'000, 600'000);
  EXPECT_EQ(per_pass, 5u);
  EXPECT_EQ(Passes(96, per_pass), 20u);
  // Past one partition a pass, the partitions bound it.
  EXPECT_EQ(PassPartitions(8, 13'600'000, 600'000), 1u);
  EXPECT_EQ(PassPartitions(32, 100'000'000, 600'000), 1u);
  for (size_t partitions : {1u, 7u, 8u, 9u, 64u, 97u}) {
    for (int64_t records : {int64_t{0}, int64_t{1}, int64_t{5'000'000}, int64_t{1} << 40}) {
      const size_t got = PassPartitions(partitions, records, 600'000);
      EXPECT_GE(got, 1u);
      EXPECT_LE(got, partitions);
      EXPECT_LE(Passes(partitions, got), partitions);
    }
  }
}

}  // namespace
}  // namespace arledger
