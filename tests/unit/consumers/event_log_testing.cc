// Helpers for the event log and consume loop tests (see event_log_testing.h).
#include "tests/unit/consumers/event_log_testing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

namespace arledger::testing {
namespace {

KafkaMockCluster* shared_cluster = nullptr;  // Created on first use; see SharedKafkaCluster.

class SharedClusterEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    delete shared_cluster;
    shared_cluster = nullptr;
  }
};

[[maybe_unused]] ::testing::Environment* const kSharedClusterEnvironment =
    ::testing::AddGlobalTestEnvironment(new SharedClusterEnvironment());

}  // namespace

KafkaMockCluster& SharedKafkaCluster() {
  if (shared_cluster == nullptr) shared_cluster = new KafkaMockCluster();
  return *shared_cluster;
}

std::string FreshTopicName(const std::string& prefix) {
  static std::atomic<int> next{0};
  return prefix + "-" + std::to_string(next++);
}

std::string FreshKafkaTopic(const std::string& prefix, int partitions) {
  const std::string topic = FreshTopicName(prefix);
  SharedKafkaCluster().CreateTopic(topic, partitions);
  return topic;
}

std::vector<AppendRecord> MakeRecords(size_t count, size_t keys, const std::string& prefix) {
  std::vector<AppendRecord> records;
  for (size_t i = 0; i < count; ++i) {
    records.push_back({"key-" + std::to_string(i % keys), prefix + "-" + std::to_string(i), -1});
  }
  return records;
}

std::vector<LogRecord> ReadAtLeast(LogReader* reader, size_t count, int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::vector<LogRecord> records;
  while (records.size() < count && Clock::now() < deadline) {
    Status polled = reader->Poll(count - records.size(), 200, &records);
    EXPECT_TRUE(polled.ok()) << polled.ToString();
    if (!polled.ok()) break;
  }
  return records;
}

std::vector<LogRecord> ReadExtra(LogReader* reader, int quiet_ms) {
  std::vector<LogRecord> records;
  Status polled = reader->Poll(1000, quiet_ms, &records);
  EXPECT_TRUE(polled.ok()) << polled.ToString();
  return records;
}

std::vector<int64_t> NextOffsetsAfter(const std::vector<int64_t>& start,
                                      const std::vector<LogRecord>& records) {
  std::vector<int64_t> next = start;
  for (const LogRecord& record : records) {
    EXPECT_EQ(record.offset, next[record.partition])
        << "gap or repeat in partition " << record.partition;
    next[record.partition] = record.offset + 1;
  }
  return next;
}

std::map<std::string, int> CountPositions(const std::vector<LogRecord>& records) {
  std::map<std::string, int> counts;
  for (const LogRecord& record : records) {
    ++counts[std::to_string(record.partition) + ":" + std::to_string(record.offset)];
  }
  return counts;
}

std::unique_ptr<LogReader> ReaderFromStart(EventLog* log) {
  std::unique_ptr<LogReader> reader;
  Status opened =
      log->OpenReader(std::vector<int64_t>(log->partition_count(), 0), ReaderOptions(), &reader);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  return reader;
}

}  // namespace arledger::testing
