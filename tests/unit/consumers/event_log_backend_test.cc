// The EventLog contract, proved once against every backend: the RocksDB journal (in a temp
// dir) and Kafka (librdkafka's mock cluster: 3 brokers, 8 partitions). Each test opens a fresh
// log, appends through the public interface and reads back through a LogReader.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "consumers/event_log.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/consumers/event_log_testing.h"

namespace arledger {
namespace {

using namespace std::string_literals;
using testing::CountPositions;
using testing::MakeRecords;
using testing::NextOffsetsAfter;
using testing::ReadAtLeast;
using testing::ReaderFromStart;
using testing::ReadExtra;

constexpr int32_t kPartitions = 8;

struct JournalBackend {
  testing::TempDir dir;
  std::string topic = kEventsTopic;
  std::string spec() const { return "journal:" + dir.path(); }
};

struct KafkaBackend {  // A fresh 8-partition topic on the shared 3-broker mock cluster.
  std::string topic = testing::FreshKafkaTopic("backend", kPartitions);
  std::string spec() const { return testing::SharedKafkaCluster().spec(); }
};

template <typename Backend>
class EventLogBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EventLogOptions options;
    options.journal_partitions = kPartitions;
    Status opened = EventLog::Open(backend_.spec(), backend_.topic, options, &log_);
    ASSERT_TRUE(opened.ok()) << opened.ToString();
    ASSERT_EQ(log_->partition_count(), kPartitions);
  }

  std::vector<LogPosition> AppendOk(const std::vector<AppendRecord>& records) {
    std::vector<LogPosition> positions;
    Status appended = log_->Append(records, &positions);
    EXPECT_TRUE(appended.ok()) << appended.ToString();
    EXPECT_EQ(positions.size(), records.size());
    return positions;
  }

  Backend backend_;  // Declared first: outlives the log.
  std::unique_ptr<EventLog> log_;
};

using Backends = ::testing::Types<JournalBackend, KafkaBackend>;
TYPED_TEST_SUITE(EventLogBackendTest, Backends);

// Proves Append reports dense per-partition offsets from 0, continuing across batches, and that
// an unpartitioned record lands where PartitionForKey (Java murmur2) says.
TYPED_TEST(EventLogBackendTest, AppendReturnsDensePositions) {
  std::vector<int64_t> expected_next(kPartitions, 0);
  for (int batch = 0; batch < 3; ++batch) {
    const auto records = MakeRecords(40, 13, "dense" + std::to_string(batch));
    const auto positions = this->AppendOk(records);
    for (size_t i = 0; i < positions.size(); ++i) {
      EXPECT_EQ(positions[i].partition, PartitionForKey(records[i].key, kPartitions));
      EXPECT_EQ(positions[i].offset, expected_next[positions[i].partition]++);
    }
  }
}

// Proves one key's records all land in one partition and are read back in append order.
TYPED_TEST(EventLogBackendTest, SameKeySamePartitionInOrder) {
  for (int batch = 0; batch < 4; ++batch)
    this->AppendOk(MakeRecords(30, 3, "b" + std::to_string(batch)));
  auto reader = ReaderFromStart(this->log_.get());
  const auto records = ReadAtLeast(reader.get(), 120);
  ASSERT_EQ(records.size(), 120u);
  std::map<std::string, std::vector<const LogRecord*>> by_key;
  for (const LogRecord& record : records) by_key[record.key].push_back(&record);
  ASSERT_EQ(by_key.size(), 3u);
  for (const auto& [key, list] : by_key) {
    ASSERT_EQ(list.size(), 40u);
    for (size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(list[i]->partition, list[0]->partition) << key;
      if (i > 0) {
        EXPECT_GT(list[i]->offset, list[i - 1]->offset) << key;
      }
      // Value "b<batch>-<i>": batches in order, and within one batch in order.
      const int batch = list[i]->value[1] - '0';
      EXPECT_EQ(batch, static_cast<int>(i / 10)) << list[i]->value;
    }
  }
}

// Proves a restart from stored offsets mid-stream misses nothing and reads nothing twice:
// a first reader stops part way, a second starts at the offsets the first reached.
TYPED_TEST(EventLogBackendTest, RestartFromOffsetsReadsExactlyTheRest) {
  this->AppendOk(MakeRecords(100, 17, "first"));
  auto first = ReaderFromStart(this->log_.get());
  const auto consumed = ReadAtLeast(first.get(), 37);
  ASSERT_EQ(consumed.size(), 37u);  // Poll never returns more than it was asked for.
  const auto resume = NextOffsetsAfter(std::vector<int64_t>(kPartitions, 0), consumed);
  first.reset();

  this->AppendOk(MakeRecords(50, 17, "second"));
  std::unique_ptr<LogReader> second;
  ASSERT_TRUE(this->log_->OpenReader(resume, ReaderOptions(), &second).ok());
  const auto rest = ReadAtLeast(second.get(), 113);
  EXPECT_EQ(rest.size(), 113u);
  EXPECT_TRUE(ReadExtra(second.get()).empty());
  NextOffsetsAfter(resume, rest);  // Checks: no gap, no repeat.

  std::vector<LogRecord> all = consumed;
  all.insert(all.end(), rest.begin(), rest.end());
  const auto counts = CountPositions(all);
  EXPECT_EQ(counts.size(), 150u);
  for (const auto& [position, count] : counts) EXPECT_EQ(count, 1) << position;
}

// Proves a reader moved with Seek reads exactly from the offsets given, backwards or forwards,
// and never hands over a record it fetched for its old positions (a Kafka consumer fetches
// ahead of what Poll has returned): ScanLog reads a log several times through one reader.
TYPED_TEST(EventLogBackendTest, SeekRereadsFromTheOffsetsGivenAndNothingElse) {
  this->AppendOk(MakeRecords(240, 23, "seek"));
  std::vector<int64_t> end;
  ASSERT_TRUE(this->log_->EndOffsets(&end).ok());
  auto reader = ReaderFromStart(this->log_.get());
  ASSERT_EQ(ReadAtLeast(reader.get(), 70).size(), 70u);  // Part way, with more fetched.

  auto read_from = [&](const std::vector<int64_t>& from) {
    const Status moved = reader->Seek(from);
    EXPECT_TRUE(moved.ok()) << moved.ToString();
    size_t expected = 0;
    for (size_t p = 0; p < from.size(); ++p) expected += static_cast<size_t>(end[p] - from[p]);
    const auto records = ReadAtLeast(reader.get(), expected);
    EXPECT_EQ(records.size(), expected);
    EXPECT_TRUE(ReadExtra(reader.get()).empty());
    EXPECT_EQ(NextOffsetsAfter(from, records), end);  // From `from` on: no gap, no repeat.
  };
  read_from(std::vector<int64_t>(kPartitions, 0));  // Back to the start, after reading some.
  std::vector<int64_t> middle(kPartitions);
  for (size_t p = 0; p < middle.size(); ++p) middle[p] = end[p] / 2;
  read_from(middle);  // Back, from the end.
  middle[3] = end[3];
  read_from(middle);  // One partition with nothing left to read.

  EXPECT_EQ(reader->Seek({0, 0}).code(), StatusCode::kInvalidArgument);
}

// Proves EndOffsets starts at zero and then counts the records in each partition.
TYPED_TEST(EventLogBackendTest, EndOffsetsCountRecords) {
  std::vector<int64_t> end;
  ASSERT_TRUE(this->log_->EndOffsets(&end).ok());
  EXPECT_EQ(end, std::vector<int64_t>(kPartitions, 0));
  std::vector<int64_t> expected(kPartitions, 0);
  for (const LogPosition& p : this->AppendOk(MakeRecords(60, 11, "end"))) ++expected[p.partition];
  ASSERT_TRUE(this->log_->EndOffsets(&end).ok());
  EXPECT_EQ(end, expected);
}

// Proves an explicit partition overrides the key's, and an out-of-range one is refused.
TYPED_TEST(EventLogBackendTest, ExplicitPartition) {
  std::vector<AppendRecord> records;
  for (int i = 0; i < 10; ++i) records.push_back({"key-" + std::to_string(i), "v", 5});
  for (const LogPosition& position : this->AppendOk(records)) EXPECT_EQ(position.partition, 5);
  std::vector<LogPosition> positions;
  EXPECT_FALSE(this->log_->Append({{"k", "v", kPartitions}}, &positions).ok());
}

// Proves keys and values are opaque bytes: NULs, high bytes, empty and large values come back
// unchanged (the consumer hashes these exact bytes).
TYPED_TEST(EventLogBackendTest, GarbageBytesRoundTripUnchanged) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  const std::vector<AppendRecord> records = {
      {"", "empty key", -1},
      {"k\0ey"s, binary, -1},
      {binary, "", -1},
      {"large", std::string(100 * 1024, '\xfe'), -1},
      {"\xff\xff", "\x00\x01\x02"s, 3},
  };
  const auto positions = this->AppendOk(records);
  ASSERT_EQ(positions.size(), records.size());
  // An empty key is still a key: hashed like Java's byte[0], not scattered like a null key.
  EXPECT_EQ(positions[0].partition, PartitionForKey("", kPartitions));
  EXPECT_EQ(positions[2].partition, PartitionForKey(binary, kPartitions));
  auto reader = ReaderFromStart(this->log_.get());
  const auto read = ReadAtLeast(reader.get(), records.size());
  ASSERT_EQ(read.size(), records.size());
  for (const LogRecord& record : read) {
    const auto at =
        std::find(positions.begin(), positions.end(), LogPosition{record.partition, record.offset});
    ASSERT_NE(at, positions.end());
    const AppendRecord& sent = records[at - positions.begin()];
    EXPECT_EQ(record.key, sent.key);
    EXPECT_EQ(record.value, sent.value);
  }
}

// Proves every record comes back with the log's timestamp: the append time (wall clock, ms)
// when the appender gave none, or exactly the timestamp it gave (an archive copying a topic
// keeps the original records' times, so "what was known when" survives the copy).
TYPED_TEST(EventLogBackendTest, RecordsCarryTheirTimestamp) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const auto now_ms = [] {
    return duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  constexpr int64_t kGivenMs = 1767225600123;  // 2026-01-01T00:00:00.123Z.
  const int64_t before_ms = now_ms();
  AppendRecord given{"given", "v1", 2};
  given.timestamp_ms = kGivenMs;
  this->AppendOk({{"stamped", "v0", 1}, given});
  const int64_t after_ms = now_ms();
  auto reader = ReaderFromStart(this->log_.get());
  const auto read = ReadAtLeast(reader.get(), 2);
  ASSERT_EQ(read.size(), 2u);
  for (const LogRecord& record : read) {
    if (record.key == "given") {
      EXPECT_EQ(record.timestamp_ms, kGivenMs);
    } else {
      EXPECT_GE(record.timestamp_ms, before_ms);
      EXPECT_LE(record.timestamp_ms, after_ms);
    }
  }
}

// Proves concurrent appenders each get their own dense positions: 4 threads x 20 batches of
// 5 records; every position is unique, each partition dense, each thread's key in order.
TYPED_TEST(EventLogBackendTest, ConcurrentAppendersGetDistinctDensePositions) {
  constexpr int kThreads = 4, kBatches = 20, kBatchRecords = 5;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int b = 0; b < kBatches; ++b) {
        std::vector<AppendRecord> batch;
        for (int r = 0; r < kBatchRecords; ++r) {
          batch.push_back(
              {"thread-" + std::to_string(t), std::to_string(b * kBatchRecords + r), -1});
        }
        this->AppendOk(batch);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto reader = ReaderFromStart(this->log_.get());
  const auto read = ReadAtLeast(reader.get(), kThreads * kBatches * kBatchRecords);
  ASSERT_EQ(read.size(), static_cast<size_t>(kThreads * kBatches * kBatchRecords));
  NextOffsetsAfter(std::vector<int64_t>(kPartitions, 0), read);  // Dense, no repeats.
  std::map<std::string, int> next_value;
  for (const LogRecord& record : read) EXPECT_EQ(std::stoi(record.value), next_value[record.key]++);
}

// Proves Poll waits for an append rather than returning empty at once, and wakes for it.
TYPED_TEST(EventLogBackendTest, PollWakesOnAppend) {
  auto reader = ReaderFromStart(this->log_.get());
  std::thread appender([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    this->AppendOk(MakeRecords(1, 1, "late"));
  });
  std::vector<LogRecord> read;
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(reader->Poll(10, testing::kReadTimeoutMs, &read).ok());
  appender.join();
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].value, "late-0");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

// Proves a reader whose start offsets are past the end is refused: the log lost records its
// consumer already applied, and carrying on would silently skip whatever is appended next.
TYPED_TEST(EventLogBackendTest, ReaderPastTheEndIsRefused) {
  this->AppendOk({{"k", "v", 0}});
  std::vector<int64_t> start(kPartitions, 0);
  start[0] = 5;
  std::unique_ptr<LogReader> reader;
  Status opened = this->log_->OpenReader(start, ReaderOptions(), &reader);
  EXPECT_EQ(opened.code(), StatusCode::kOutOfRange) << opened.ToString();
  EXPECT_EQ(this->log_->OpenReader({0, 0}, ReaderOptions(), &reader).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace arledger
