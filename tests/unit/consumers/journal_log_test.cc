// Journal-only properties of the embedded backend: what survives closing and reopening the
// RocksDB database, how the partition count is fixed at creation, and how two handles on one
// directory in the same process share one store (so an append through one wakes the other).
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "consumers/event_log.h"
#include "consumers/journal_format.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/consumers/event_log_testing.h"

namespace arledger {
namespace {

using testing::MakeRecords;
using testing::ReadAtLeast;
using testing::ReaderFromStart;
using testing::ReadExtra;

std::unique_ptr<EventLog> OpenJournal(const std::string& dir, int32_t partitions = 8) {
  EventLogOptions options;
  options.journal_partitions = partitions;
  std::unique_ptr<EventLog> log;
  Status opened = EventLog::Open("journal:" + dir, kEventsTopic, options, &log);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  return log;
}

// Proves acknowledged records and the next offsets survive close/reopen: the reopened journal
// reads back every record and continues each partition's offsets where they stopped.
TEST(JournalLogTest, DataSurvivesCloseAndReopen) {
  testing::TempDir dir;
  std::vector<LogPosition> first;
  {
    auto log = OpenJournal(dir.path());
    ASSERT_TRUE(log->Append(MakeRecords(50, 7, "before"), &first).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir.path()) / kEventsTopic));
  auto log = OpenJournal(dir.path());
  std::vector<int64_t> end;
  ASSERT_TRUE(log->EndOffsets(&end).ok());
  std::vector<int64_t> expected(8, 0);
  for (const LogPosition& p : first)
    expected[p.partition] = std::max(expected[p.partition], p.offset + 1);
  EXPECT_EQ(end, expected);

  std::vector<LogPosition> second;
  ASSERT_TRUE(log->Append({{"key-0", "after", -1}}, &second).ok());
  EXPECT_EQ(second[0].offset, expected[second[0].partition]);
  auto reader = ReaderFromStart(log.get());
  EXPECT_EQ(ReadAtLeast(reader.get(), 51).size(), 51u);
  EXPECT_TRUE(ReadExtra(reader.get(), 50).empty());
}

// Proves the partition count is stored at creation: reopening with another journal_partitions
// keeps the original count, so keys keep mapping to the same partitions.
TEST(JournalLogTest, PartitionCountPersisted) {
  testing::TempDir dir;
  { EXPECT_EQ(OpenJournal(dir.path(), 3)->partition_count(), 3); }
  EXPECT_EQ(OpenJournal(dir.path(), 16)->partition_count(), 3);
}

// Proves a partition count outside [1, 4096] is refused when creating a journal.
TEST(JournalLogTest, InvalidPartitionCountRefused) {
  testing::TempDir dir;
  EventLogOptions options;
  std::unique_ptr<EventLog> log;
  for (int32_t bad : {0, -1, 5000}) {
    options.journal_partitions = bad;
    EXPECT_EQ(
        EventLog::Open("journal:" + dir.path(), "t" + std::to_string(bad), options, &log).code(),
        StatusCode::kInvalidArgument);
  }
}

// Proves two handles on one directory share the store: both open (no RocksDB lock error),
// and an append through one wakes a reader polling through the other.
TEST(JournalLogTest, TwoHandlesShareOneStore) {
  testing::TempDir dir;
  auto writer = OpenJournal(dir.path());
  auto watcher = OpenJournal(dir.path());
  auto reader = ReaderFromStart(watcher.get());
  std::thread append([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::vector<LogPosition> positions;
    EXPECT_TRUE(writer->Append({{"k", "v", -1}}, &positions).ok());
  });
  std::vector<LogRecord> read;
  ASSERT_TRUE(reader->Poll(10, testing::kReadTimeoutMs, &read).ok());
  append.join();
  EXPECT_EQ(read.size(), 1u);
}

// Proves handles on one journal may be opened and closed concurrently from many threads
// without tripping RocksDB's one-opener lock, and that every append lands exactly once.
TEST(JournalLogTest, ConcurrentOpenAndCloseOfOneJournal) {
  testing::TempDir dir;
  constexpr int kThreads = 4, kRounds = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&dir, t] {
      for (int round = 0; round < kRounds; ++round) {
        std::unique_ptr<EventLog> log;
        Status opened = EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &log);
        ASSERT_TRUE(opened.ok()) << opened.ToString();
        std::vector<LogPosition> positions;
        ASSERT_TRUE(
            log->Append({{"t" + std::to_string(t), std::to_string(round), -1}}, &positions).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  auto log = OpenJournal(dir.path());
  auto reader = ReaderFromStart(log.get());
  EXPECT_EQ(ReadAtLeast(reader.get(), kThreads * kRounds).size(), size_t{kThreads * kRounds});
  EXPECT_TRUE(ReadExtra(reader.get(), 50).empty());
}

// Proves a read-only journal is a point-in-time view that needs no lock: it opens while a
// writer holds the journal, reads what was there when it opened (not later appends), refuses
// to append, and a journal that does not exist is NotFound rather than created.
TEST(JournalLogTest, ReadOnlyViewBesideAWriter) {
  testing::TempDir dir;
  auto writer = OpenJournal(dir.path());
  std::vector<LogPosition> positions;
  ASSERT_TRUE(writer->Append(MakeRecords(20, 5, "before"), &positions).ok());
  EventLogOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<EventLog> view;
  Status opened = EventLog::Open("journal:" + dir.path(), kEventsTopic, read_only, &view);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  ASSERT_TRUE(writer->Append(MakeRecords(7, 5, "after"), &positions).ok());
  auto reader = ReaderFromStart(view.get());
  EXPECT_EQ(ReadAtLeast(reader.get(), 20).size(), 20u);
  EXPECT_TRUE(ReadExtra(reader.get(), 50).empty());
  EXPECT_EQ(view->Append({{"k", "v", -1}}, &positions).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      EventLog::Open("journal:" + dir.path() + "/none", kEventsTopic, read_only, &view).code(),
      StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/none"));
}

// Proves a journal written before record timestamps (format 1) stays readable and appendable
// in its own format: its records read back with timestamp 0, never misparsed.
TEST(JournalLogTest, FormatOneJournalStaysReadable) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/" + kEventsTopic;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, path, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::ColumnFamilyHandle* meta = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily({}, journal::kMetaColumnFamily, &meta).ok());
    ASSERT_TRUE(db->Put({}, meta, journal::kMetaFormatVersionKey,
                        journal::EncodeUint32(journal::kFormatVersionUntimed))
                    .ok());
    ASSERT_TRUE(db->Put({}, meta, journal::kMetaPartitionCountKey, journal::EncodeUint32(1)).ok());
    ASSERT_TRUE(db->Put({}, journal::EncodeRecordKey(0, 0),
                        journal::EncodeRecordValue(journal::kFormatVersionUntimed, "old", 0,
                                                   "written by format 1"))
                    .ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(meta).ok());
  }
  auto log = OpenJournal(dir.path());
  ASSERT_EQ(log->partition_count(), 1);
  std::vector<LogPosition> positions;
  ASSERT_TRUE(log->Append({{"new", "appended in format 1", -1}}, &positions).ok());
  auto reader = ReaderFromStart(log.get());
  const auto read = ReadAtLeast(reader.get(), 2);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].key, "old");
  EXPECT_EQ(read[0].value, "written by format 1");
  EXPECT_EQ(read[1].value, "appended in format 1");
  for (const LogRecord& record : read) EXPECT_EQ(record.timestamp_ms, 0);
}

// Proves a reader keeps its store alive after the log that opened it is closed.
TEST(JournalLogTest, ReaderOutlivesLog) {
  testing::TempDir dir;
  std::unique_ptr<LogReader> reader;
  {
    auto log = OpenJournal(dir.path());
    std::vector<LogPosition> positions;
    ASSERT_TRUE(log->Append(MakeRecords(5, 5, "v"), &positions).ok());
    reader = ReaderFromStart(log.get());
  }
  EXPECT_EQ(ReadAtLeast(reader.get(), 5).size(), 5u);
}

// Proves topics are separate databases and a topic name cannot escape the directory.
TEST(JournalLogTest, TopicsAreSeparateAndPlainNames) {
  testing::TempDir dir;
  std::unique_ptr<EventLog> events, dead_letters, bad;
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kEventsTopic, {}, &events).ok());
  ASSERT_TRUE(EventLog::Open("journal:" + dir.path(), kDeadLetterTopic, {}, &dead_letters).ok());
  std::vector<LogPosition> positions;
  ASSERT_TRUE(events->Append({{"k", "v", -1}}, &positions).ok());
  std::vector<int64_t> end;
  ASSERT_TRUE(dead_letters->EndOffsets(&end).ok());
  EXPECT_EQ(end, std::vector<int64_t>(8, 0));
  EXPECT_EQ(EventLog::Open("journal:" + dir.path(), "../x", {}, &bad).code(),
            StatusCode::kInvalidArgument);
}

// Proves the journal does not keep every write-ahead log file it ever wrote: its metadata,
// written once at creation, used to pin the first file, so every later one was kept too (the
// journal held each record twice on disk, and every open replayed the whole log into memory).
// After 96 MiB of appends (the records' memtable, 64 MiB, has been flushed once) only the file
// written since that flush is left: well under the 96 MiB every file would add up to.
TEST(JournalLogTest, WriteAheadLogFilesDoNotAccumulate) {
  testing::TempDir dir;
  auto log = OpenJournal(dir.path());
  constexpr int kBatches = 96;
  constexpr int kRecordsPerBatch = 256;
  const std::string value(4096, 'v');  // 256 x 4 KiB: 1 MiB a batch.
  std::vector<LogPosition> positions;
  for (int b = 0; b < kBatches; ++b) {
    std::vector<AppendRecord> batch;
    for (int r = 0; r < kRecordsPerBatch; ++r) {
      batch.push_back({"key-" + std::to_string(r), value, -1});
    }
    ASSERT_TRUE(log->Append(batch, &positions).ok());
  }
  uintmax_t log_bytes = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(dir.path()) / kEventsTopic)) {
    if (entry.path().extension() == ".log") log_bytes += entry.file_size();
  }
  EXPECT_LT(log_bytes, uintmax_t{72} << 20);
  std::vector<int64_t> end;
  ASSERT_TRUE(log->EndOffsets(&end).ok());
  int64_t total = 0;
  for (int64_t offset : end) total += offset;
  EXPECT_EQ(total, kBatches * kRecordsPerBatch);
}

}  // namespace
}  // namespace arledger
