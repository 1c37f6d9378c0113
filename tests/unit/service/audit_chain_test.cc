// Proves `audit-chain` (service/audit_chain.h) recomputes each partition's hash chain from the
// log and holds it against what a store folded: an honest journal and an honest Kafka topic
// (mock cluster) pass, compared at every checkpoint; a journal record rewritten behind the
// store's back — early, between checkpoints, or in the tail after the last one — fails that
// partition alone, with a window of at most one checkpoint interval that contains the
// rewritten offset; a log cut short under the store fails with the window of what is missing.
// Stores are built by replaying the log (the projector the daemon uses), journals edited with
// RocksDB directly.
#include "service/audit_chain.h"

#include <gtest/gtest.h>

#include "projections/chain_checkpoints.h"
#include "service/replay.h"
#include "tests/support/event_builders.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/service/audit_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

constexpr int32_t kJournalPartitions = 2;
constexpr int kAccounts = 40;
constexpr int kEvents = 5000;  // About 2,500 a partition: two checkpoints and a tail each.

class AuditChainTest : public ::testing::Test {
 protected:
  // Fills a fresh journal with the portfolio and folds it into a store.
  void SetUp() override {
    std::unique_ptr<EventLog> log = OpenJournal();
    t::AppendEvents(log.get(), t::Portfolio(kAccounts, kEvents));
    ASSERT_TRUE(log->EndOffsets(&records_).ok());
    t::ReplayDigest(log.get(), store_directory());
  }

  std::unique_ptr<EventLog> OpenJournal() {
    EventLogOptions options;
    options.journal_partitions = kJournalPartitions;
    std::unique_ptr<EventLog> log;
    EXPECT_TRUE(EventLog::Open("journal:" + dir_.path(), kEventsTopic, options, &log).ok());
    return log;
  }
  std::string store_directory() const { return dir_.path() + "/store"; }
  std::string journal_topic_directory() const { return dir_.path() + "/" + kEventsTopic; }

  ChainAuditReport Audit() {
    std::unique_ptr<Store> store;
    StoreOptions read_only;
    read_only.read_only = true;
    EXPECT_TRUE(Store::Open(store_directory(), read_only, &store).ok());
    std::unique_ptr<EventLog> log = OpenJournal();
    ChainAuditReport report;
    const Status status = AuditChain(log.get(), store.get(), nullptr, &report);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return report;
  }

  // A record of the same shape as the original but for another amount.
  static std::string ForgedValue(int32_t partition, int64_t offset) {
    return t::Serialize(
        t::InvoiceIssued("forged-" + std::to_string(partition) + "-" + std::to_string(offset),
                         "ACC-0", "FORGED", 1, "GBP", "2026-01-01", "2026-02-01"));
  }

  t::TempDir dir_;
  std::vector<int64_t> records_;  // Per partition.
};

TEST_F(AuditChainTest, HonestJournalPassesAtEveryCheckpointAndHead) {
  const ChainAuditReport report = Audit();
  EXPECT_TRUE(report.passed);
  EXPECT_EQ(report.records, kEvents);
  ASSERT_EQ(report.partitions.size(), static_cast<size_t>(kJournalPartitions));
  for (const PartitionChainAudit& p : report.partitions) {
    EXPECT_TRUE(p.compared && p.equal) << "partition " << p.partition;
    EXPECT_GT(records_[p.partition], 2 * kChainCheckpointInterval);
    EXPECT_EQ(p.records, records_[p.partition]);
    EXPECT_EQ(p.checkpoints_compared, records_[p.partition] / kChainCheckpointInterval);
    EXPECT_EQ(p.log_head_hex, p.store_head_hex);
    EXPECT_EQ(p.log_head_hex.size(), 64u);
  }
}

TEST_F(AuditChainTest, RewrittenRecordFailsItsPartitionWithAWindowHoldingTheOffset) {
  const int32_t partition = 1;
  const int64_t tail = records_[partition] - 10;  // After the last checkpoint: the head finds it.
  for (const int64_t offset : {int64_t{5}, kChainCheckpointInterval + 500, tail}) {
    SCOPED_TRACE("rewritten offset " + std::to_string(offset));
    const std::string original_value = [&] {
      std::unique_ptr<EventLog> log = OpenJournal();
      std::unique_ptr<LogReader> reader;
      std::vector<int64_t> start(kJournalPartitions, 0);
      start[partition] = offset;
      std::vector<LogRecord> read;
      EXPECT_TRUE(log->OpenReader(start, ReaderOptions(), &reader).ok());
      for (int polls = 0; polls < 100 && read.empty(); ++polls) {
        EXPECT_TRUE(reader->Poll(1, 100, &read).ok());
        std::erase_if(read, [&](const LogRecord& r) { return r.partition != partition; });
      }
      EXPECT_FALSE(read.empty());
      return read.empty() ? std::string() : read[0].value;
    }();
    t::RewriteJournalRecord(journal_topic_directory(), partition, offset,
                            ForgedValue(partition, offset));
    const ChainAuditReport report = Audit();
    EXPECT_FALSE(report.passed);
    EXPECT_TRUE(report.partitions[0].equal);
    const PartitionChainAudit& p = report.partitions[partition];
    EXPECT_FALSE(p.equal);
    EXPECT_FALSE(p.log_short);
    EXPECT_LE(p.differs_from, offset);
    EXPECT_GE(p.differs_to, offset);
    EXPECT_LT(p.differs_to - p.differs_from, kChainCheckpointInterval);
    EXPECT_NE(p.log_head_hex, p.store_head_hex);
    t::RewriteJournalRecord(journal_topic_directory(), partition, offset, original_value);
    EXPECT_TRUE(Audit().passed) << "the original bytes restored chain to the store again";
  }
}

TEST_F(AuditChainTest, LogCutShortUnderTheStoreFailsWithTheMissingWindow) {
  const int64_t cut = kChainCheckpointInterval + 100;
  t::TruncateJournal(journal_topic_directory(), 0, cut);
  const ChainAuditReport report = Audit();
  EXPECT_FALSE(report.passed);
  const PartitionChainAudit& p = report.partitions[0];
  EXPECT_TRUE(p.log_short);
  EXPECT_EQ(p.records, cut);
  EXPECT_EQ(p.store_records, records_[0]);
  EXPECT_EQ(p.differs_from, kChainCheckpointInterval);  // The checkpoint at 1023 still matched.
  EXPECT_EQ(p.differs_to, records_[0] - 1);
  EXPECT_TRUE(report.partitions[1].equal);
}

TEST_F(AuditChainTest, WithoutAStoreReportsTheHeadsTheStoreFolded) {
  std::unique_ptr<EventLog> log = OpenJournal();
  ChainAuditReport heads_only;
  ASSERT_TRUE(AuditChain(log.get(), nullptr, nullptr, &heads_only).ok());
  const ChainAuditReport compared = Audit();
  EXPECT_TRUE(heads_only.passed);
  for (int32_t p = 0; p < kJournalPartitions; ++p) {
    EXPECT_FALSE(heads_only.partitions[p].compared);
    EXPECT_EQ(heads_only.partitions[p].log_head_hex, compared.partitions[p].store_head_hex);
  }
}

// Proves the same audit holds on Kafka: a mock-cluster topic folded into a store passes, with
// every partition's checkpoints compared.
TEST(AuditChainKafkaTest, HonestTopicPasses) {
  constexpr int kKafkaPartitions = 2;
  constexpr int kKafkaEvents = 3000;
  const std::string topic = t::FreshAuditTopic(kKafkaPartitions);
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(t::SharedAuditCluster().spec(), topic, EventLogOptions(), &log).ok());
  t::AppendEvents(log.get(), t::Portfolio(kAccounts, kKafkaEvents));
  t::TempDir dir;
  t::ReplayDigest(log.get(), dir.path() + "/store");
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(dir.path() + "/store", StoreOptions(), &store).ok());
  ChainAuditReport report;
  const Status status = AuditChain(log.get(), store.get(), nullptr, &report);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(report.passed);
  EXPECT_EQ(report.records, kKafkaEvents);
  for (const PartitionChainAudit& p : report.partitions) {
    EXPECT_TRUE(p.equal) << "partition " << p.partition;
    EXPECT_GE(p.checkpoints_compared, 1) << "partition " << p.partition;
  }
}

}  // namespace
}  // namespace arledger
