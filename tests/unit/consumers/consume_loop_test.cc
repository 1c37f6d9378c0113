// ConsumeLoop, proved with an in-memory RecordSink over real logs (the journal, and Kafka on the
// shared mock cluster): dead letters reach the dead-letter log with their DeadLetter payload,
// the loop resumes exactly at the sink's offsets, WaitForApplied wakes on commit, CaughtUp and
// lag follow the end offsets, and a failing dead-letter append is retried with the batch held
// uncommitted until it succeeds. Every wait is bounded.
#include "consumers/consume_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "tests/support/temp_dir.h"
#include "tests/unit/consumers/event_log_testing.h"

namespace arledger {
namespace {

using testing::MakeRecords;
using testing::ReadAtLeast;
using testing::ReaderFromStart;
using testing::ReadExtra;

constexpr int32_t kPartitions = 8;
constexpr char kBadPrefix[] = "bad";  // The fake sink dead-letters values starting with this.

// Applies records to memory; dead-letters values starting with kBadPrefix. Its "durable" state
// (committed records and offsets) changes only in Commit, like the projection store's.
class FakeSink : public RecordSink {
 public:
  Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) override {
    if (stored_offsets.empty()) stored_offsets.assign(partition_count, 0);
    *next_offsets = stored_offsets;
    return Status::Ok();
  }

  Status Prepare(const std::vector<LogRecord>& records,
                 std::vector<v1::DeadLetter>* dead_letters) override {
    if (!prepare_error.ok()) return prepare_error;
    if (pending_offsets.empty()) pending_offsets = stored_offsets;
    for (const LogRecord& record : records) {
      pending_offsets[record.partition] = record.offset + 1;
      if (record.value.rfind(kBadPrefix, 0) != 0) {
        pending.push_back(record);
        continue;
      }
      v1::DeadLetter dead_letter;
      dead_letter.set_partition(record.partition);
      dead_letter.set_offset(record.offset);
      dead_letter.set_reason(v1::DEAD_LETTER_REASON_UNDECODABLE);
      dead_letter.set_detail("not an EventEnvelope");
      dead_letter.set_key(record.key);
      dead_letter.set_value(record.value);
      dead_letters->push_back(dead_letter);
    }
    return Status::Ok();
  }

  Status Commit(std::function<void()> on_durable) override {
    committed.insert(committed.end(), pending.begin(), pending.end());
    pending.clear();
    if (!pending_offsets.empty()) stored_offsets = pending_offsets;
    pending_offsets.clear();
    commits.fetch_add(1);
    on_durable();
    return Status::Ok();
  }

  std::vector<int64_t> stored_offsets;  // Empty: start from 0.
  std::vector<LogRecord> committed;
  std::atomic<int> commits{0};
  Status prepare_error;

 private:
  std::vector<LogRecord> pending;
  std::vector<int64_t> pending_offsets;
};

// A sink that writes asynchronously, like the projector with pipelined writes: Commit starts a
// "write" that lands only when the test releases it (or fails it), and returns at once. The
// next Commit and Flush wait for the write in flight, as RecordSink requires.
class AsyncSink : public RecordSink {
 public:
  ~AsyncSink() override {
    Release(Status::Ok(), 1000);
    if (writer_.joinable()) writer_.join();
  }

  Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) override {
    next_offsets->assign(partition_count, 0);
    return Status::Ok();
  }

  Status Prepare(const std::vector<LogRecord>& records, std::vector<v1::DeadLetter>*) override {
    std::lock_guard<std::mutex> lock(mutex_);
    prepared_while_writing.push_back(writing_);
    pending_ += records.size();
    prepares.fetch_add(1);
    return Status::Ok();
  }

  Status Commit(std::function<void()> on_durable) override {
    ARLEDGER_RETURN_IF_ERROR(Flush());
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = true;
    const size_t records = pending_;
    pending_ = 0;
    writer_ = std::thread([this, records, on_durable = std::move(on_durable)] {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return releases_ > 0; });
      --releases_;
      writing_ = false;
      if (!outcome_.ok()) {
        failed_ = outcome_;
        return;
      }
      landed += records;
      lock.unlock();
      on_durable();
    });
    return Status::Ok();
  }

  Status Flush() override {
    if (writer_.joinable()) writer_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

  // Lets `count` writes land (with `outcome`: an error fails them).
  void Release(Status outcome, int count = 1) {
    std::lock_guard<std::mutex> lock(mutex_);
    outcome_ = std::move(outcome);
    releases_ += count;
    changed_.notify_all();
  }

  std::atomic<int> prepares{0};
  std::vector<bool> prepared_while_writing;  // Per Prepare: was a write in flight?
  size_t landed = 0;                         // Records in batches that have landed.

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread writer_;
  bool writing_ = false;
  size_t pending_ = 0;
  int releases_ = 0;
  Status outcome_;
  Status failed_;
};

// A dead-letter log whose first `failures` appends fail, noting the sink's commit count at
// every attempt (so a test can see nothing was committed before the append succeeded).
class FlakyLog : public EventLog {
 public:
  FlakyLog(EventLog* inner, int failures, const FakeSink* sink)
      : inner_(inner), failures_(failures), sink_(sink) {}
  const std::string& topic() const override { return inner_->topic(); }
  int32_t partition_count() const override { return inner_->partition_count(); }
  Status Append(const std::vector<AppendRecord>& records,
                std::vector<LogPosition>* positions) override {
    commits_at_attempt.push_back(sink_->commits.load());
    if (failures_-- > 0) return Unavailable("injected dead-letter failure");
    return inner_->Append(records, positions);
  }
  Status EndOffsets(std::vector<int64_t>* end_offsets) override {
    return inner_->EndOffsets(end_offsets);
  }
  Status OpenReader(const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                    std::unique_ptr<LogReader>* reader) override {
    return inner_->OpenReader(start_offsets, options, reader);
  }
  std::vector<int> commits_at_attempt;

 private:
  EventLog* inner_;
  int failures_;
  const FakeSink* sink_;
};

struct JournalLogs {
  testing::TempDir dir;
  std::string spec() const { return "journal:" + dir.path(); }
  std::string events_topic = kEventsTopic;
  std::string dead_letter_topic = kDeadLetterTopic;
};

struct KafkaLogs {  // Fresh topics on the shared mock cluster.
  std::string spec() const { return testing::SharedKafkaCluster().spec(); }
  std::string events_topic = testing::FreshKafkaTopic("loop-events", kPartitions);
  std::string dead_letter_topic = testing::FreshKafkaTopic("loop-dlq", kPartitions);
};

template <typename Logs>
class ConsumeLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(EventLog::Open(logs_.spec(), logs_.events_topic, {}, &events_).ok());
    ASSERT_TRUE(EventLog::Open(logs_.spec(), logs_.dead_letter_topic, {}, &dead_letters_).ok());
    options_.poll_timeout_ms = 50;
  }

  std::vector<LogPosition> Append(const std::vector<AppendRecord>& records) {
    std::vector<LogPosition> positions;
    Status appended = events_->Append(records, &positions);
    EXPECT_TRUE(appended.ok()) << appended.ToString();
    return positions;
  }

  // Runs batches until `records` more have been committed or the bound passes.
  void RunUntilCommitted(ConsumeLoop* loop, size_t records) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    size_t committed = 0;
    while (committed < records && std::chrono::steady_clock::now() < deadline) {
      Result<size_t> ran = loop->RunOnce();
      ASSERT_TRUE(ran.ok()) << ran.status().ToString();
      committed += *ran;
    }
    ASSERT_EQ(committed, records);
  }

  Logs logs_;
  std::unique_ptr<EventLog> events_;
  std::unique_ptr<EventLog> dead_letters_;
  FakeSink sink_;
  ConsumeLoopOptions options_;
};

using LogKinds = ::testing::Types<JournalLogs, KafkaLogs>;
TYPED_TEST_SUITE(ConsumeLoopTest, LogKinds);

// Proves bad records go to the dead-letter log as serialised DeadLetters carrying the original
// topic, position, key and exact bytes, keyed by the original key; good ones reach the sink.
TYPED_TEST(ConsumeLoopTest, DeadLettersReachTheDeadLetterLog) {
  auto records = MakeRecords(20, 5, "good");
  records[3].value = std::string(kBadPrefix) + "\x00\xff garbage";
  records[11].value = std::string(kBadPrefix) + "-two";
  const auto positions = this->Append(records);
  ConsumeLoop loop(this->events_.get(), this->dead_letters_.get(), &this->sink_, this->options_);
  ASSERT_TRUE(loop.Start().ok());
  this->RunUntilCommitted(&loop, 20);
  EXPECT_EQ(this->sink_.committed.size(), 18u);

  auto reader = ReaderFromStart(this->dead_letters_.get());
  auto dead = ReadAtLeast(reader.get(), 2);
  ASSERT_EQ(dead.size(), 2u);
  EXPECT_TRUE(ReadExtra(reader.get(), 100).empty());
  for (const LogRecord& record : dead) {
    v1::DeadLetter dead_letter;
    ASSERT_TRUE(dead_letter.ParseFromString(record.value));
    const size_t i = dead_letter.value() == records[3].value ? 3 : 11;
    EXPECT_EQ(dead_letter.value(), records[i].value);
    EXPECT_EQ(dead_letter.key(), records[i].key);
    EXPECT_EQ(record.key, records[i].key);
    EXPECT_EQ(dead_letter.topic(), this->events_->topic());
    EXPECT_EQ(dead_letter.partition(), positions[i].partition);
    EXPECT_EQ(dead_letter.offset(), positions[i].offset);
    EXPECT_EQ(dead_letter.reason(), v1::DEAD_LETTER_REASON_UNDECODABLE);
  }
  const ConsumeLoopCounters counters = loop.counters();
  EXPECT_EQ(counters.records_consumed, 20u);
  EXPECT_EQ(counters.dead_letters_written, 2u);
  EXPECT_EQ(counters.dead_letter_retries, 0u);
}

// Proves the loop starts at the sink's NextOffsets: records before them are never delivered,
// every record after them is, and a restarted loop continues exactly where commits stopped.
TYPED_TEST(ConsumeLoopTest, ResumesFromTheSinksOffsets) {
  const auto records = MakeRecords(30, 9, "r");
  const auto positions = this->Append(records);
  this->sink_.stored_offsets.assign(kPartitions, 0);
  for (size_t i = 0; i < 10; ++i) {  // As if the first 10 records had been committed before.
    this->sink_.stored_offsets[positions[i].partition] = positions[i].offset + 1;
  }
  size_t skipped = 0;  // 10: later records of a partition come after its first ones.
  for (const LogPosition& p : positions) {
    if (p.offset < this->sink_.stored_offsets[p.partition]) ++skipped;
  }
  ASSERT_EQ(skipped, 10u);
  {
    ConsumeLoop loop(this->events_.get(), this->dead_letters_.get(), &this->sink_, this->options_);
    ASSERT_TRUE(loop.Start().ok());
    this->RunUntilCommitted(&loop, 30 - skipped);
    EXPECT_EQ(loop.applied_offsets(), this->sink_.stored_offsets);
  }
  this->Append(MakeRecords(5, 5, "after-restart"));
  ConsumeLoop restarted(this->events_.get(), this->dead_letters_.get(), &this->sink_,
                        this->options_);
  ASSERT_TRUE(restarted.Start().ok());
  this->RunUntilCommitted(&restarted, 5);
  std::set<std::string> values;
  for (const LogRecord& record : this->sink_.committed) {
    EXPECT_TRUE(values.insert(record.value).second) << "delivered twice: " << record.value;
    EXPECT_GE(record.offset, 0);
  }
  EXPECT_EQ(values.size(), 35u - skipped);
  for (size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(values.count(records[i].value), 0u) << "re-delivered " << records[i].value;
  }
}

// Proves WaitForApplied wakes once a running loop commits the waited-for position, and times
// out (false, within its bound) for a position not yet in the log.
TYPED_TEST(ConsumeLoopTest, WaitForAppliedWakesOnCommit) {
  ConsumeLoop loop(this->events_.get(), this->dead_letters_.get(), &this->sink_, this->options_);
  ASSERT_TRUE(loop.Start().ok());
  std::atomic<bool> stop{false};
  Status run_status;
  std::thread runner([&] { run_status = loop.Run(stop); });
  const auto positions = this->Append({{"acct-1", "payment", -1}});
  EXPECT_TRUE(loop.WaitForApplied(positions[0], testing::kReadTimeoutMs));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(loop.WaitForApplied({positions[0].partition, positions[0].offset + 1}, 100));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_FALSE(loop.WaitForApplied({kPartitions + 3, 0}, 10));
  stop = true;
  runner.join();
  EXPECT_TRUE(run_status.ok()) << run_status.ToString();
}

// Proves CaughtUp and lag follow the log: behind while records wait, caught up once applied.
TYPED_TEST(ConsumeLoopTest, CaughtUpAndLagFollowTheLog) {
  ConsumeLoop loop(this->events_.get(), this->dead_letters_.get(), &this->sink_, this->options_);
  EXPECT_FALSE(loop.CaughtUp());  // Not started: nothing applied is known.
  ASSERT_TRUE(loop.Start().ok());
  EXPECT_TRUE(loop.CaughtUp());
  this->Append(MakeRecords(12, 4, "lag"));
  std::this_thread::sleep_for(
      std::chrono::milliseconds(this->options_.end_offsets_refresh_ms + 50));
  const auto lag = loop.lag();
  ASSERT_EQ(lag.size(), static_cast<size_t>(kPartitions));
  int64_t total = 0;
  for (int64_t l : lag) total += l;
  EXPECT_EQ(total, 12);
  EXPECT_FALSE(loop.CaughtUp());
  this->RunUntilCommitted(&loop, 12);
  EXPECT_TRUE(loop.CaughtUp());
}

// Proves a failing dead-letter append is retried (bounded attempts per RunOnce, growing
// backoff) and the batch is not committed — offsets not advanced — until it succeeds; once
// it does, the dead letter is written once and the batch commits.
TEST(ConsumeLoopJournalTest, FailingDeadLetterAppendIsRetriedBeforeCommit) {
  testing::TempDir dir;
  std::unique_ptr<EventLog> events, dead_letter_log;
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &events).ok());
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kDeadLetterTopic, {}, &dead_letter_log).ok());
  FakeSink sink;
  FlakyLog flaky(dead_letter_log.get(), 3, &sink);
  ConsumeLoopOptions options;
  options.poll_timeout_ms = 50;
  options.dead_letter_attempts_per_run = 2;
  options.dead_letter_backoff_ms_min = 1;
  options.dead_letter_backoff_ms_max = 4;
  std::vector<LogPosition> positions;
  ASSERT_TRUE(
      events->Append({{"k", "good", -1}, {"k", std::string(kBadPrefix) + "!", -1}}, &positions)
          .ok());
  ConsumeLoop loop(events.get(), &flaky, &sink, options);
  ASSERT_TRUE(loop.Start().ok());

  Result<size_t> first = loop.RunOnce();  // Two attempts, both fail.
  EXPECT_EQ(first.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(sink.commits.load(), 0);
  EXPECT_FALSE(loop.WaitForApplied(positions[0], 0));
  EXPECT_EQ(loop.counters().dead_letter_retries, 2u);

  Result<size_t> second = loop.RunOnce();  // One more failure, then success, then commit.
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(*second, 2u);
  EXPECT_EQ(flaky.commits_at_attempt, (std::vector<int>{0, 0, 0, 0}));
  EXPECT_EQ(sink.commits.load(), 1);
  EXPECT_TRUE(loop.WaitForApplied(positions[1], 0));
  EXPECT_EQ(loop.counters().dead_letter_retries, 3u);
  EXPECT_EQ(loop.counters().dead_letters_written, 1u);
  auto reader = ReaderFromStart(dead_letter_log.get());
  EXPECT_EQ(ReadExtra(reader.get(), 100).size(), 1u);
}

// Proves Run keeps retrying dead letters through a longer outage and then carries on, and that
// a sink error ends Run with that error and poisons later RunOnce calls (no batch skipped).
TEST(ConsumeLoopJournalTest, RunRetriesDeadLettersButStopsOnSinkError) {
  testing::TempDir dir;
  std::unique_ptr<EventLog> events, dead_letter_log;
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &events).ok());
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kDeadLetterTopic, {}, &dead_letter_log).ok());
  FakeSink sink;
  FlakyLog flaky(dead_letter_log.get(), 7, &sink);
  ConsumeLoopOptions options;
  options.poll_timeout_ms = 20;
  options.dead_letter_attempts_per_run = 2;
  options.dead_letter_backoff_ms_min = 1;
  options.dead_letter_backoff_ms_max = 8;
  ConsumeLoop loop(events.get(), &flaky, &sink, options);
  ASSERT_TRUE(loop.Start().ok());
  std::atomic<bool> stop{false};
  Status run_status;
  std::thread runner([&] { run_status = loop.Run(stop); });
  std::vector<LogPosition> positions;
  ASSERT_TRUE(events->Append({{"k", std::string(kBadPrefix) + "?", -1}}, &positions).ok());
  EXPECT_TRUE(loop.WaitForApplied(positions[0], testing::kReadTimeoutMs));
  EXPECT_EQ(loop.counters().dead_letter_retries, 7u);

  // Set before the append that makes the loop call Prepare again; the log's own locking orders
  // this write before the loop's read.
  sink.prepare_error = IoError("disk full");
  ASSERT_TRUE(events->Append({{"k", "next", -1}}, &positions).ok());
  runner.join();  // Run returns by itself on the sink error.
  EXPECT_EQ(run_status.code(), StatusCode::kIoError) << run_status.ToString();
  sink.prepare_error = Status::Ok();
  EXPECT_EQ(loop.RunOnce().status().code(), StatusCode::kIoError);
  EXPECT_FALSE(loop.WaitForApplied(positions[0], 0));
}

// Proves the loop with a sink that writes asynchronously: a batch's offsets are published only
// once its write has landed (WaitForApplied and applied_offsets never run ahead of the store);
// the next batch is polled and prepared while the write is in flight; and a write that fails
// is reported by the next RunOnce (it flushes the sink when idle) and stops the loop, with the
// failed batch's offsets never published.
TEST(ConsumeLoopJournalTest, AsynchronousCommitsPublishOnceLanded) {
  testing::TempDir dir;
  std::unique_ptr<EventLog> events, dead_letter_log;
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &events).ok());
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kDeadLetterTopic, {}, &dead_letter_log).ok());
  AsyncSink sink;
  ConsumeLoopOptions options;
  options.poll_timeout_ms = 20;
  ConsumeLoop loop(events.get(), dead_letter_log.get(), &sink, options);
  ASSERT_TRUE(loop.Start().ok());
  const std::vector<int64_t> start = loop.applied_offsets();

  std::vector<LogPosition> first, second, third;
  ASSERT_TRUE(events->Append({{"a", "one", 0}, {"b", "two", 0}}, &first).ok());
  Result<size_t> ran = loop.RunOnce();
  ASSERT_TRUE(ran.ok() && *ran == 2) << ran.status().ToString();
  // Committed, not landed: nothing is published yet.
  EXPECT_FALSE(loop.WaitForApplied(first[1], 50));
  EXPECT_EQ(loop.applied_offsets(), start);

  // The next batch is prepared while the first is being written; its Commit waits for it.
  ASSERT_TRUE(events->Append({{"c", "three", 0}}, &second).ok());
  std::thread runner([&] { ran = loop.RunOnce(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (sink.prepares.load() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(sink.prepares.load(), 2);
  EXPECT_EQ(loop.applied_offsets(), start);
  sink.Release(Status::Ok());  // The first write lands: its offsets are published.
  EXPECT_TRUE(loop.WaitForApplied(first[1], testing::kReadTimeoutMs));
  EXPECT_FALSE(loop.WaitForApplied(second[0], 0));
  runner.join();
  ASSERT_TRUE(ran.ok() && *ran == 1) << ran.status().ToString();
  ASSERT_EQ(sink.prepared_while_writing, (std::vector<bool>{false, true}));
  sink.Release(Status::Ok());
  EXPECT_TRUE(loop.WaitForApplied(second[0], testing::kReadTimeoutMs));
  EXPECT_EQ(sink.landed, 3u);
  EXPECT_EQ(loop.counters().records_consumed, 3u);
  EXPECT_EQ(loop.counters().batches_committed, 2u);

  // A write that fails: never published, reported by the next (idle) RunOnce, and for good.
  ASSERT_TRUE(events->Append({{"d", "four", 0}}, &third).ok());
  ran = loop.RunOnce();
  ASSERT_TRUE(ran.ok() && *ran == 1) << ran.status().ToString();
  sink.Release(IoError("disk full"));
  EXPECT_EQ(loop.RunOnce().status().code(), StatusCode::kIoError);
  EXPECT_EQ(loop.RunOnce().status().code(), StatusCode::kIoError);
  EXPECT_FALSE(loop.WaitForApplied(third[0], 50));
  EXPECT_EQ(loop.counters().records_consumed, 3u);
}

// Proves the loop refuses to run before Start and to start twice.
TEST(ConsumeLoopJournalTest, StartIsRequiredOnce) {
  testing::TempDir dir;
  std::unique_ptr<EventLog> events;
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &events).ok());
  FakeSink sink;
  ConsumeLoop loop(events.get(), events.get(), &sink);
  EXPECT_EQ(loop.RunOnce().status().code(), StatusCode::kFailedPrecondition);
  std::atomic<bool> stop{false};
  EXPECT_EQ(loop.Run(stop).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(loop.Start().ok());
  EXPECT_EQ(loop.Start().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace arledger
