// Proves the projector checks the hash chain, not just extends it: checkpoints land at fixed
// offsets whatever the batching (so a replay writes the same bytes), records delivered again
// below the stored offset are re-chained and must reach the checkpoint or head folded there
// (a rewritten record is Corruption, an honest redelivery a no-op), and a redelivery that starts
// where no head is known is skipped as before.
#include "projections/chain_check.h"

#include <gtest/gtest.h>

#include <map>

#include "core/sha256.h"
#include "projections/chain_checkpoints.h"
#include "projections/projector.h"
#include "tests/support/event_builders.h"
#include "tests/support/temp_dir.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

constexpr int64_t kRecords = 2 * kChainCheckpointInterval + 300;  // Two checkpoints and a tail.

// kRecords account openings in partition 0 (each its own account, so every one applies).
std::vector<LogRecord> OnePartitionLog() {
  std::vector<LogRecord> records;
  for (int64_t offset = 0; offset < kRecords; ++offset) {
    const std::string id = "ACC-" + std::to_string(offset);
    records.push_back(t::Record(0, offset, t::AccountOpened(id + "-open", id, "2026-01-02")));
  }
  return records;
}

std::vector<LogRecord> Slice(const std::vector<LogRecord>& records, int64_t from, int64_t to) {
  return {records.begin() + from, records.begin() + to};
}

class ChainCheckTest : public ::testing::Test {
 protected:
  // Folds `records` into a fresh store in batches of `batch_size`.
  std::unique_ptr<Store> Fold(const std::vector<LogRecord>& records, size_t batch_size) {
    std::unique_ptr<Store> store;
    const std::string directory = dir_.path() + "/store" + std::to_string(stores_++);
    EXPECT_TRUE(Store::Open(directory, StoreOptions(), &store).ok());
    Projector projector(store.get(), "ar.events");
    EXPECT_TRUE(projector.Load().ok());
    std::vector<v1::DeadLetter> dead_letters;
    for (size_t start = 0; start < records.size(); start += batch_size) {
      const size_t end = std::min(records.size(), start + batch_size);
      EXPECT_TRUE(projector.Prepare(Slice(records, start, end), &dead_letters).ok());
      EXPECT_TRUE(projector.Commit().ok());
    }
    return store;
  }

  std::string Digest(const Store& store) {
    StoreDigest digest;
    EXPECT_TRUE(store.ComputeDigest(&digest).ok());
    return digest.combined_hex;
  }

  t::TempDir dir_;
  int stores_ = 0;
};

TEST_F(ChainCheckTest, CheckpointsAreAtFixedOffsetsWhateverTheBatching) {
  const std::vector<LogRecord> records = OnePartitionLog();
  std::unique_ptr<Store> whole = Fold(records, records.size());
  std::unique_ptr<Store> small = Fold(records, 7);
  EXPECT_EQ(Digest(*whole), Digest(*small));

  std::map<int64_t, std::string> checkpoints;
  ASSERT_TRUE(ReadChainCheckpoints(*small, 0, &checkpoints).ok());
  ASSERT_EQ(checkpoints.size(), 2u);
  std::string head;
  for (const LogRecord& record : records) {
    head = std::string(AsBytes(Sha256::ChainNext(head, record.value)));
    if (IsChainCheckpoint(record.offset)) {
      EXPECT_EQ(checkpoints.at(record.offset), head);
    }
  }
  v1::ProjectionMeta meta;
  ASSERT_TRUE(small->ReadMeta(&meta).ok());
  EXPECT_EQ(meta.partitions(0).chain_head(), head);
}

TEST_F(ChainCheckTest, HonestRedeliveryOfTheTailIsCheckedAndChangesNothing) {
  const std::vector<LogRecord> records = OnePartitionLog();
  std::unique_ptr<Store> store = Fold(records, 500);
  const std::string before = Digest(*store);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<v1::DeadLetter> dead_letters;
  const int64_t tail = ChainTailStart(kRecords);
  ASSERT_EQ(tail, 2 * kChainCheckpointInterval);
  // In two pieces, as a consumer's polls might deliver it.
  ASSERT_TRUE(projector.Prepare(Slice(records, tail, tail + 100), &dead_letters).ok());
  ASSERT_TRUE(projector.Prepare(Slice(records, tail + 100, kRecords), &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  EXPECT_EQ(projector.chain_check().records_rechecked(), kRecords - tail);
  EXPECT_EQ(projector.chain_check().records_unchecked(), 0);
  EXPECT_TRUE(dead_letters.empty());
  EXPECT_EQ(Digest(*store), before);
}

TEST_F(ChainCheckTest, RewrittenRecordDeliveredAgainIsCorruption) {
  const std::vector<LogRecord> records = OnePartitionLog();
  std::unique_ptr<Store> store = Fold(records, 1000);
  for (const int64_t rewritten : {kRecords - 1, kRecords - 50, int64_t{5}}) {
    std::vector<LogRecord> forged = records;
    forged[rewritten].value =
        t::Serialize(t::AccountOpened("forged", "ACC-" + std::to_string(rewritten), "2026-01-02"));
    const int64_t from = ChainTailStart(rewritten + 1);  // The window the forgery is in.
    const int64_t to = std::min(kRecords, from + kChainCheckpointInterval);
    Projector projector(store.get(), "ar.events");
    ASSERT_TRUE(projector.Load().ok());
    std::vector<v1::DeadLetter> dead_letters;
    Status status = projector.Prepare(Slice(forged, from, to), &dead_letters);
    EXPECT_EQ(status.code(), StatusCode::kCorruption) << "rewritten " << rewritten;
    EXPECT_NE(status.message().find("rewritten"), std::string::npos) << status.ToString();
  }
}

TEST_F(ChainCheckTest, RedeliveryWithNoKnownHeadBeforeItIsSkippedUnchecked) {
  const std::vector<LogRecord> records = OnePartitionLog();
  std::unique_ptr<Store> store = Fold(records, 1000);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<v1::DeadLetter> dead_letters;
  std::vector<LogRecord> forged = Slice(records, 10, 20);
  forged[0].value = "not what was folded";
  ASSERT_TRUE(projector.Prepare(forged, &dead_letters).ok());
  EXPECT_EQ(projector.chain_check().records_unchecked(), 10);
  EXPECT_EQ(projector.chain_check().records_rechecked(), 0);
}

}  // namespace
}  // namespace arledger
