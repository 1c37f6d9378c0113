// Auditor test helpers: the shared cluster, the portfolio, and a raw journal rewrite.
#include "tests/unit/service/audit_testing.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>

#include "consumers/journal_format.h"
#include "core/date.h"
#include "service/replay.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr size_t kAppendBatchMax = 1000;

KafkaMockCluster* shared_cluster = nullptr;  // Created on first use; see SharedAuditCluster.

// Destroys the cluster after the last test, before static destruction and with no client left
// (as tests/unit/consumers/event_log_testing.cc does for its own).
class SharedClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete shared_cluster;
    shared_cluster = nullptr;
  }
};

[[maybe_unused]] ::testing::Environment* const kSharedClusterEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedClusterEnvironment());
constexpr int kInvoiceDays = 200;  // Issue dates cycle through this many days of 2026.

std::string Day2026(int day_of_year) {
  return Date::FromCivil(2026, 1, 1).value().AddDays(day_of_year).ToString();
}

}  // namespace

KafkaMockCluster& SharedAuditCluster() {
  if (shared_cluster == nullptr) shared_cluster = new KafkaMockCluster();
  return *shared_cluster;
}

std::string FreshAuditTopic(int partitions) {
  static int topics = 0;
  const std::string topic = "audit-" + std::to_string(++topics);
  SharedAuditCluster().CreateTopic(topic, partitions);
  return topic;
}

std::vector<v1::EventEnvelope> Portfolio(int accounts, int events) {
  std::vector<v1::EventEnvelope> out;
  for (int a = 0; a < accounts && static_cast<int>(out.size()) < events; ++a) {
    out.push_back(
        AccountOpened("open-" + std::to_string(a), "ACC-" + std::to_string(a), Day2026(0)));
  }
  for (int i = 0; static_cast<int>(out.size()) < events; ++i) {
    const std::string account = "ACC-" + std::to_string(i % accounts);
    const int day = i % kInvoiceDays;
    out.push_back(InvoiceIssued("inv-" + std::to_string(i), account, "INV-" + std::to_string(i),
                                1000 + i, "GBP", Day2026(day), Day2026(day + 30)));
  }
  return out;
}

void AppendEvents(EventLog* log, const std::vector<v1::EventEnvelope>& events,
                  int64_t timestamp_ms) {
  std::vector<AppendRecord> batch;
  auto flush = [&] {
    std::vector<LogPosition> positions;
    ASSERT_TRUE(log->Append(batch, &positions).ok());
    batch.clear();
  };
  for (const v1::EventEnvelope& event : events) {
    batch.push_back({event.account_id(), Serialize(event), -1, timestamp_ms});
    if (batch.size() == kAppendBatchMax) flush();
  }
  if (!batch.empty()) flush();
}

std::string ReplayDigest(EventLog* log, const std::string& directory) {
  ReplayReport report;
  const Status status = ReplayInto(log, directory, ReplayOptions(), &report);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return report.digest.combined_hex;
}

// A journal topic's RocksDB opened raw, behind the EventLog's back.
class RawJournal {
 public:
  explicit RawJournal(const std::string& directory) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
        {journal::kMetaColumnFamily, rocksdb::ColumnFamilyOptions()}};
    rocksdb::DB* raw = nullptr;
    const rocksdb::Status status =
        rocksdb::DB::Open(rocksdb::DBOptions(), directory, families, &handles_, &raw);
    EXPECT_TRUE(status.ok()) << status.ToString();
    db_.reset(raw);
  }
  ~RawJournal() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      EXPECT_TRUE(db_->DestroyColumnFamilyHandle(handle).ok());
    }
  }
  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* records() const { return handles_.at(0); }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

void RewriteJournalRecord(const std::string& journal_topic_directory, int32_t partition,
                          int64_t offset, const std::string& value) {
  RawJournal journal(journal_topic_directory);
  ASSERT_NE(journal.db(), nullptr);
  const std::string key = journal::EncodeRecordKey(partition, offset);
  std::string stored, record_key, old_value;
  int64_t timestamp_ms = 0;
  ASSERT_TRUE(journal.db()->Get({}, journal.records(), key, &stored).ok());
  ASSERT_TRUE(journal::DecodeRecordValue(journal::kFormatVersion, stored, &record_key,
                                         &timestamp_ms, &old_value)
                  .ok());
  ASSERT_NE(old_value, value);
  ASSERT_TRUE(journal.db()
                  ->Put({}, journal.records(), key,
                        journal::EncodeRecordValue(journal::kFormatVersion, record_key,
                                                   timestamp_ms, value))
                  .ok());
}

void TruncateJournal(const std::string& journal_topic_directory, int32_t partition,
                     int64_t from_offset) {
  RawJournal journal(journal_topic_directory);
  ASSERT_NE(journal.db(), nullptr);
  ASSERT_TRUE(journal.db()
                  ->DeleteRange({}, journal.records(),
                                journal::EncodeRecordKey(partition, from_offset),
                                journal::EncodeRecordKey(partition, INT64_MAX))
                  .ok());
}

}  // namespace arledger::testing
