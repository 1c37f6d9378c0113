// Kafka-only properties of the Kafka backend, proved on librdkafka's mock cluster with fault
// injection: brokers going down and up, produce requests failing, unreachable clusters and
// unknown topics. The invariant throughout: every record acknowledged by Append is in the log
// exactly once at the position Append reported, and every failure reaches the caller as a
// Status naming the librdkafka error — never a silent loss.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "consumers/event_log.h"
#include "tests/support/kafka_mock_cluster.h"
#include "tests/unit/consumers/event_log_testing.h"

namespace arledger {
namespace {

using testing::MakeRecords;
using testing::ReadAtLeast;
using testing::ReaderFromStart;
using testing::ReadExtra;

constexpr int16_t kProduceApiKey = 0;  // Kafka protocol ApiKey of ProduceRequest.

std::unique_ptr<EventLog> OpenKafka(const std::string& spec, const std::string& topic,
                                    EventLogOptions options = {}) {
  std::unique_ptr<EventLog> log;
  Status opened = EventLog::Open(spec, topic, options, &log);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  return log;
}

// Reads the whole topic and checks every acknowledged (value -> position) is there exactly
// once, and no value at all appears twice. Returns how many records the log holds.
size_t ExpectExactlyOnce(EventLog* log, const std::map<std::string, LogPosition>& acknowledged,
                         size_t at_least) {
  auto reader = ReaderFromStart(log);
  auto read = ReadAtLeast(reader.get(), at_least);
  for (LogRecord& extra : ReadExtra(reader.get())) read.push_back(std::move(extra));
  std::map<std::string, LogPosition> seen;
  for (const LogRecord& record : read) {
    EXPECT_TRUE(seen.emplace(record.value, LogPosition{record.partition, record.offset}).second)
        << "duplicate " << record.value;
  }
  for (const auto& [value, position] : acknowledged) {
    auto it = seen.find(value);
    if (it == seen.end()) {
      ADD_FAILURE() << "acknowledged but missing: " << value;
      continue;
    }
    EXPECT_EQ(it->second, position) << value;
  }
  return read.size();
}

// Proves a broker going down and coming back during a stream of appends loses nothing: the
// idempotent producer retries against the returning broker, and each Append either succeeds
// with the true positions or fails with a Status; acknowledged records appear exactly once.
TEST(KafkaLogTest, BrokerDownAndUpDuringProduce) {
  testing::KafkaMockCluster cluster;  // Its own: this test takes brokers down.
  EventLogOptions options;
  options.append_timeout_ms = 15000;
  auto log = OpenKafka(cluster.spec(), kEventsTopic, options);
  std::atomic<bool> producing{true};
  std::thread faults([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    rd_kafka_mock_broker_set_down(cluster.mock(), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    rd_kafka_mock_broker_set_up(cluster.mock(), 1);
    producing = false;
  });
  std::map<std::string, LogPosition> acknowledged;
  size_t appended = 0, failed = 0;
  for (int batch = 0; batch < 200 && (producing || batch < 10); ++batch) {
    const auto records = MakeRecords(20, 20, "b" + std::to_string(batch));
    std::vector<LogPosition> positions;
    Status status = log->Append(records, &positions);
    appended += records.size();
    if (!status.ok()) {
      ++failed;
      EXPECT_FALSE(status.message().empty());
      continue;
    }
    for (size_t i = 0; i < records.size(); ++i) acknowledged[records[i].value] = positions[i];
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  faults.join();
  EXPECT_EQ(failed, 0u) << "the broker was back well within append_timeout_ms";
  const size_t in_log = ExpectExactlyOnce(log.get(), acknowledged, acknowledged.size());
  EXPECT_LE(in_log, appended);
}

// Proves retriable produce errors (NOT_LEADER_FOR_PARTITION, NOT_ENOUGH_REPLICAS) injected
// into ProduceRequests are retried by the idempotent producer: Append succeeds, the positions
// are dense and nothing is written twice.
TEST(KafkaLogTest, InjectedRetriableProduceErrorsAreRetriedWithoutDuplicates) {
  const std::string topic = testing::FreshKafkaTopic("retriable");
  auto log = OpenKafka(testing::SharedKafkaCluster().spec(), topic);
  rd_kafka_mock_push_request_errors(
      testing::SharedKafkaCluster().mock(), kProduceApiKey, 4,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
      RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
  std::map<std::string, LogPosition> acknowledged;
  for (int batch = 0; batch < 5; ++batch) {
    const auto records = MakeRecords(30, 7, "r" + std::to_string(batch));
    std::vector<LogPosition> positions;
    Status status = log->Append(records, &positions);
    ASSERT_TRUE(status.ok()) << status.ToString();
    for (size_t i = 0; i < records.size(); ++i) acknowledged[records[i].value] = positions[i];
  }
  rd_kafka_mock_clear_request_errors(testing::SharedKafkaCluster().mock(), kProduceApiKey);
  EXPECT_EQ(ExpectExactlyOnce(log.get(), acknowledged, 150), 150u);
  std::vector<int64_t> end;
  ASSERT_TRUE(log->EndOffsets(&end).ok());
  int64_t total = 0;
  for (int64_t e : end) total += e;
  EXPECT_EQ(total, 150) << "a retried request was appended twice";
}

// Proves a non-retriable produce error reaches the caller as a Status naming the error.
TEST(KafkaLogTest, PermanentProduceErrorIsReported) {
  const std::string topic = testing::FreshKafkaTopic("permanent");
  auto log = OpenKafka(testing::SharedKafkaCluster().spec(), topic);
  rd_kafka_mock_push_request_errors(testing::SharedKafkaCluster().mock(), kProduceApiKey, 1,
                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  std::vector<LogPosition> positions;
  Status status = log->Append({{"k", "v", 0}}, &positions);
  rd_kafka_mock_clear_request_errors(testing::SharedKafkaCluster().mock(), kProduceApiKey);
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
  EXPECT_NE(status.message().find("TOPIC_AUTHORIZATION_FAILED"), std::string::npos)
      << status.ToString();
  EXPECT_TRUE(positions.empty());
}

// Proves an Append that cannot be delivered in time (every broker down) fails within its
// bound with a Status, rather than blocking or dropping the record silently.
TEST(KafkaLogTest, AllBrokersDownTimesOutWithAStatus) {
  testing::KafkaMockCluster cluster;  // Its own: this test takes every broker down.
  EventLogOptions options;
  options.append_timeout_ms = 1000;
  auto log = OpenKafka(cluster.spec(), kEventsTopic, options);
  for (int broker = 1; broker <= 3; ++broker) rd_kafka_mock_broker_set_down(cluster.mock(), broker);
  const auto started = std::chrono::steady_clock::now();
  std::vector<LogPosition> positions;
  Status status = log->Append(MakeRecords(5, 5, "lost"), &positions);
  EXPECT_FALSE(status.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  // Either librdkafka timed the records out ("not delivered"), or their in-flight request had
  // not yet timed out when the bound ran out ("may yet be delivered"): both say so.
  EXPECT_TRUE(status.message().find("not delivered") != std::string::npos ||
              status.message().find("may yet be delivered") != std::string::npos)
      << status.ToString();
  for (int broker = 1; broker <= 3; ++broker) rd_kafka_mock_broker_set_up(cluster.mock(), broker);
}

// Proves a reader asked to start at an offset the cluster no longer holds (the mock keeps only
// ~5 MiB per partition, like retention) gets an OutOfRange Status — never a silent jump to
// whatever is left, which would skip records without anyone knowing.
TEST(KafkaLogTest, ReadingRecordsTheClusterDroppedIsAnError) {
  const std::string topic = testing::FreshKafkaTopic("retention", 1);
  auto log = OpenKafka(testing::SharedKafkaCluster().spec(), topic);
  const std::string value(200 * 1024, 'x');
  for (int batch = 0; batch < 4; ++batch) {  // 40 x 200 KiB = 8 MiB into one partition.
    std::vector<AppendRecord> records(10, AppendRecord{"k", value, 0});
    std::vector<LogPosition> positions;
    ASSERT_TRUE(log->Append(records, &positions).ok());
  }
  auto reader = ReaderFromStart(log.get());
  ASSERT_NE(reader, nullptr);
  std::vector<LogRecord> read;
  Status polled;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (polled.ok() && read.empty() && std::chrono::steady_clock::now() < deadline) {
    polled = reader->Poll(10, 200, &read);
  }
  EXPECT_TRUE(read.empty()) << "read from offset " << read.front().offset;
  EXPECT_EQ(polled.code(), StatusCode::kOutOfRange) << polled.ToString();
}

// Proves opening fails within its bound when no broker answers, and that a topic the cluster
// does not have is not silently created.
TEST(KafkaLogTest, UnreachableClusterAndUnknownTopicFailToOpen) {
  EventLogOptions options;
  options.kafka_metadata_timeout_ms = 500;
  std::unique_ptr<EventLog> log;
  const auto started = std::chrono::steady_clock::now();
  Status unreachable = EventLog::Open("kafka:127.0.0.1:1", kEventsTopic, options, &log);
  EXPECT_FALSE(unreachable.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
  Status unknown = EventLog::Open(testing::SharedKafkaCluster().spec(),
                                  testing::FreshTopicName("never-created"), options, &log);
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound) << unknown.ToString();
}

}  // namespace
}  // namespace arledger
