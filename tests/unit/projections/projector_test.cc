// Proves the projector's contract: batches fold exactly once, offsets and effects commit
// together, repeats are no-ops, conflicts and garbage are dead-lettered with their position,
// and the result is independent of how records were split into batches.
#include "projections/projector.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/sha256.h"
#include "tests/support/event_builders.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

class ProjectorTest : public ::testing::Test {
 protected:
  void SetUp() override { directory_ = NewDirectory("store"); }
  void TearDown() override {
    for (const auto& d : directories_) std::filesystem::remove_all(d);
  }

  std::string NewDirectory(const std::string& name) {
    const std::string path = ::testing::TempDir() + "arledger_projector_" + name + "_" +
                             std::to_string(::getpid()) + "_" + std::to_string(directories_.size());
    std::filesystem::remove_all(path);
    directories_.push_back(path);
    return path;
  }

  static std::unique_ptr<Store> OpenStore(const std::string& directory) {
    std::unique_ptr<Store> store;
    Status status = Store::Open(directory, StoreOptions(), &store);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return store;
  }

  // Folds `records` in batches of `batch_size` into a fresh store; returns its digest.
  std::string FoldInBatches(const std::vector<LogRecord>& records, size_t batch_size) {
    std::unique_ptr<Store> store = OpenStore(NewDirectory("batches"));
    Projector projector(store.get(), "ar.events");
    EXPECT_TRUE(projector.Load().ok());
    std::vector<v1::DeadLetter> dead_letters;
    for (size_t start = 0; start < records.size(); start += batch_size) {
      std::vector<LogRecord> batch(
          records.begin() + static_cast<long>(start),
          records.begin() + static_cast<long>(std::min(records.size(), start + batch_size)));
      EXPECT_TRUE(projector.Prepare(batch, &dead_letters).ok());
      EXPECT_TRUE(projector.Commit().ok());
    }
    StoreDigest digest;
    EXPECT_TRUE(store->ComputeDigest(&digest).ok());
    return digest.combined_hex;
  }

  // An account history over two partitions: opened, invoiced, part-paid.
  static std::vector<LogRecord> SampleLog() {
    std::vector<LogRecord> records;
    for (int account = 0; account < 6; ++account) {
      const std::string id = "ACC-" + std::to_string(account);
      const int32_t partition = account % 2;
      int64_t offset = static_cast<int64_t>(account / 2) * 3;
      records.push_back(
          t::Record(partition, offset++, t::AccountOpened(id + "-o", id, "2026-01-02")));
      records.push_back(t::Record(partition, offset++,
                                  t::InvoiceIssued(id + "-i", id, "INV-" + id, 10000 + account,
                                                   "GBP", "2026-01-05", "2026-02-04")));
      records.push_back(
          t::Record(partition, offset++,
                    t::PaymentReceived(id + "-p", id, "PAY-" + id, 2500, "GBP", "2026-02-10")));
    }
    // Interleave the partitions' records the way a consumer might see them.
    std::stable_sort(records.begin(), records.end(),
                     [](const LogRecord& a, const LogRecord& b) { return a.offset < b.offset; });
    return records;
  }

  std::string directory_;
  std::vector<std::string> directories_;
};

TEST_F(ProjectorTest, OneBatchOrManyBatchesGiveTheSameDigest) {
  const std::vector<LogRecord> records = SampleLog();
  const std::string whole = FoldInBatches(records, records.size());
  EXPECT_EQ(whole, FoldInBatches(records, 1));
  EXPECT_EQ(whole, FoldInBatches(records, 4));
}

TEST_F(ProjectorTest, OffsetsAndEffectsCommitTogetherAndSurviveReopen) {
  {
    std::unique_ptr<Store> store = OpenStore(directory_);
    Projector projector(store.get(), "ar.events");
    ASSERT_TRUE(projector.Load().ok());
    std::vector<v1::DeadLetter> dead_letters;
    ASSERT_TRUE(projector.Prepare(SampleLog(), &dead_letters).ok());
    // Before Commit nothing is visible.
    v1::ProjectionMeta meta;
    ASSERT_TRUE(store->ReadMeta(&meta).ok());
    EXPECT_EQ(meta.partitions_size(), 0);
    ASSERT_TRUE(projector.Commit().ok());
    ASSERT_TRUE(store->Flush().ok());
  }
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<int64_t> next;
  ASSERT_TRUE(projector.NextOffsets(3, &next).ok());
  EXPECT_EQ(next, (std::vector<int64_t>{9, 9, 0}));
  EXPECT_EQ(projector.committed_meta().events_applied(), 18);
  AccountState state;
  bool found = false;
  ASSERT_TRUE(store->GetAccount("ACC-3", &state, &found).ok());
  EXPECT_TRUE(found);
  EXPECT_EQ(state.events_applied, 3);
}

TEST_F(ProjectorTest, RedeliveredRecordsBelowTheStoredOffsetAreSkipped) {
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<v1::DeadLetter> dead_letters;
  const std::vector<LogRecord> records = SampleLog();
  ASSERT_TRUE(projector.Prepare(records, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  StoreDigest before;
  ASSERT_TRUE(store->ComputeDigest(&before).ok());
  // A consumer restarted from an older position delivers everything again.
  ASSERT_TRUE(projector.Prepare(records, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  StoreDigest after;
  ASSERT_TRUE(store->ComputeDigest(&after).ok());
  EXPECT_EQ(before.combined_hex, after.combined_hex);
  EXPECT_TRUE(dead_letters.empty());
}

TEST_F(ProjectorTest, SameEventIdSameBytesIsANoOpOtherBytesIsAConflict) {
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  const v1::EventEnvelope opened = t::AccountOpened("e1", "A", "2026-01-02");
  const v1::EventEnvelope invoice =
      t::InvoiceIssued("e2", "A", "I1", 5000, "GBP", "2026-01-02", "2026-01-31");
  v1::EventEnvelope reused =
      t::InvoiceIssued("e2", "A", "I2", 9999, "GBP", "2026-01-02", "2026-01-31");
  std::vector<v1::DeadLetter> dead_letters;
  ASSERT_TRUE(
      projector.Prepare({t::Record(0, 0, opened), t::Record(0, 1, invoice)}, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  // The duplicate arrives in a later batch (read from the store), the conflict in the same one.
  ASSERT_TRUE(
      projector.Prepare({t::Record(0, 2, invoice), t::Record(0, 3, reused)}, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  EXPECT_EQ(projector.committed_meta().events_applied(), 2);
  EXPECT_EQ(projector.committed_meta().events_duplicate(), 1);
  ASSERT_EQ(dead_letters.size(), 1u);
  EXPECT_EQ(dead_letters[0].reason(), v1::DEAD_LETTER_REASON_CONFLICT);
  EXPECT_EQ(dead_letters[0].offset(), 3);
  EXPECT_EQ(dead_letters[0].value(), t::Serialize(reused));
  AccountState state;
  bool found = false;
  ASSERT_TRUE(store->GetAccount("A", &state, &found).ok());
  ASSERT_EQ(state.items.size(), 1u);
  EXPECT_EQ(state.items[0].amount_minor, 5000);
}

TEST_F(ProjectorTest, GarbageAndInvalidRecordsAreDeadLetteredAndLaterRecordsStillApply) {
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  v1::EventEnvelope negative = t::PaymentReceived("e2", "A", "P1", -100, "GBP", "2026-01-03");
  std::vector<LogRecord> records = {
      LogRecord{0, 0, "A", std::string("\xff\xfe not protobuf", 16)},
      t::Record(0, 1, negative),
      t::Record(0, 2, t::InvoiceIssued("e3", "A", "I1", 700, "GBP", "2026-01-02", "2026-01-31")),
  };
  std::vector<v1::DeadLetter> dead_letters;
  ASSERT_TRUE(projector.Prepare(records, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  ASSERT_EQ(dead_letters.size(), 2u);
  EXPECT_EQ(dead_letters[0].reason(), v1::DEAD_LETTER_REASON_UNDECODABLE);
  EXPECT_EQ(dead_letters[0].offset(), 0);
  EXPECT_EQ(dead_letters[0].value(), records[0].value);
  EXPECT_EQ(dead_letters[1].reason(), v1::DEAD_LETTER_REASON_INVALID);
  EXPECT_NE(dead_letters[1].detail().find("amount"), std::string::npos) << dead_letters[1].detail();
  EXPECT_EQ(projector.committed_meta().dead_letters(), 2);
  EXPECT_EQ(projector.committed_meta().events_applied(), 1);
  std::vector<int64_t> next;
  ASSERT_TRUE(projector.NextOffsets(1, &next).ok());
  EXPECT_EQ(next[0], 3);
}

TEST_F(ProjectorTest, AGapInOffsetsIsCorruptionNotSilence) {
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<v1::DeadLetter> dead_letters;
  Status status = projector.Prepare({t::Record(0, 5, t::AccountOpened("e1", "A", "2026-01-02"))},
                                    &dead_letters);
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
}

TEST_F(ProjectorTest, ChainHeadIsTheHashChainOverExactRecordBytes) {
  std::unique_ptr<Store> store = OpenStore(directory_);
  Projector projector(store.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  std::vector<LogRecord> records = {
      t::Record(0, 0, t::AccountOpened("e1", "A", "2026-01-02")),
      LogRecord{0, 1, "A", "garbage"},
      t::Record(0, 2, t::InvoiceIssued("e3", "A", "I1", 700, "GBP", "2026-01-02", "2026-01-31")),
  };
  std::vector<v1::DeadLetter> dead_letters;
  ASSERT_TRUE(projector.Prepare(records, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  std::string head;
  for (const LogRecord& record : records)
    head = std::string(AsBytes(Sha256::ChainNext(head, record.value)));
  EXPECT_EQ(projector.committed_meta().partitions(0).chain_head(), head);
}

}  // namespace
}  // namespace arledger
