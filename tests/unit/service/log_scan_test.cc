// Proves that ScanLog fills each batch up to batch_records_max from a log that hands over only a
// few records per poll (as a Kafka consumer does with what it has fetched so far), stops at the
// stop offsets without leaking later records, still hands over a short batch when the log has
// nothing more for now, and, in passes, reads a few partitions at a time.
#include "service/log_scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace arledger {
namespace {

// A log of `records_per_partition` records in each of `partitions`, whose readers return at
// most `per_poll` records per Poll, round-robin over the partitions, and nothing past
// `available` records in all (until `available` is raised).
class DribblingLog : public EventLog {
 public:
  DribblingLog(int32_t partitions, int64_t records_per_partition, size_t per_poll)
      : partitions_(partitions), per_partition_(records_per_partition), per_poll_(per_poll) {}
  const std::string& topic() const override { return topic_; }
  int32_t partition_count() const override { return partitions_; }
  Status Append(const std::vector<AppendRecord>&, std::vector<LogPosition>*) override {
    return FailedPrecondition("read only");
  }
  Status EndOffsets(std::vector<int64_t>* end_offsets) override {
    end_offsets->assign(static_cast<size_t>(partitions_), per_partition_);
    return Status::Ok();
  }
  Status OpenReader(const std::vector<int64_t>& start_offsets, const ReaderOptions& options,
                    std::unique_ptr<LogReader>* reader) override {
    ++opens;
    opened_for_rereads = options.rereads;
    *reader = std::make_unique<Reader>(this, start_offsets);
    return Status::Ok();
  }
  size_t available = SIZE_MAX;  // Records the readers may hand over in all, for now.
  int polls = 0;
  int opens = 0;                    // Readers opened.
  int seeks = 0;                    // Readers moved.
  bool opened_for_rereads = false;  // The last reader's ReaderOptions::rereads.

 private:
  class Reader : public LogReader {
   public:
    Reader(DribblingLog* log, std::vector<int64_t> next) : log_(log), next_(std::move(next)) {}
    Status Seek(const std::vector<int64_t>& next_offsets) override {
      ++log_->seeks;
      next_ = next_offsets;
      return Status::Ok();
    }
    Status Poll(size_t max_records, int, std::vector<LogRecord>* out) override {
      ++log_->polls;
      const size_t take = std::min({max_records, log_->per_poll_, log_->available - handed_});
      for (size_t i = 0; i < take; ++i) {
        const int32_t partition = turn_++ % log_->partitions_;
        int64_t& offset = next_[static_cast<size_t>(partition)];
        if (offset >= log_->per_partition_) continue;
        out->push_back(LogRecord{partition, offset, "k", "v" + std::to_string(offset)});
        ++offset;
        ++handed_;
      }
      return Status::Ok();
    }

   private:
    DribblingLog* log_;
    std::vector<int64_t> next_;
    int32_t turn_ = 0;
    size_t handed_ = 0;
  };

  const std::string topic_ = "ar.events";
  const int32_t partitions_;
  const int64_t per_partition_;
  const size_t per_poll_;
};

std::vector<size_t> BatchSizes(DribblingLog* log, const std::vector<int64_t>& stop,
                               size_t batch_records_max, int64_t* records_seen,
                               size_t partitions_per_pass = 0,
                               std::vector<std::set<int32_t>>* partitions_of_batches = nullptr) {
  ScanOptions options;
  options.batch_records_max = batch_records_max;
  options.partitions_per_pass = partitions_per_pass;
  std::map<int32_t, int64_t> next;  // Per partition: offsets must come in order, no gaps.
  options.poll_timeout_ms = 1;
  options.idle_polls_max = 2;
  std::vector<size_t> sizes;
  const Status scanned = ScanLog(
      log, std::vector<int64_t>(stop.size(), 0), stop, options, [&](std::vector<LogRecord>& batch) {
        sizes.push_back(batch.size());
        std::set<int32_t> partitions;
        for (const LogRecord& record : batch) {
          EXPECT_LT(record.offset, stop[static_cast<size_t>(record.partition)]);
          EXPECT_EQ(record.offset, next[record.partition]++);
          partitions.insert(record.partition);
          ++*records_seen;
        }
        if (partitions_of_batches != nullptr) partitions_of_batches->push_back(partitions);
        return Status::Ok();
      });
  EXPECT_TRUE(scanned.ok()) << scanned.ToString();
  return sizes;
}

TEST(LogScanTest, FillsEachBatchFromManySmallPolls) {
  DribblingLog log(3, 400, 7);  // 1,200 records, 7 per poll.
  int64_t seen = 0;
  const std::vector<size_t> sizes = BatchSizes(&log, {400, 400, 400}, 500, &seen);
  EXPECT_EQ(sizes, (std::vector<size_t>{500, 500, 200}));
  EXPECT_EQ(seen, 1200);
  EXPECT_GE(log.polls, 1200 / 7);
}

TEST(LogScanTest, StopsAtTheStopOffsetsOfEachPartition) {
  DribblingLog log(2, 100, 9);
  int64_t seen = 0;
  const std::vector<size_t> sizes = BatchSizes(&log, {30, 100}, 1000, &seen);
  EXPECT_EQ(seen, 130);
  EXPECT_FALSE(sizes.empty());
}

TEST(LogScanTest, PassesReadAFewPartitionsAtATimeToTheirStopOffsets) {
  DribblingLog log(3, 400, 7);
  int64_t seen = 0;
  std::vector<std::set<int32_t>> partitions;
  EXPECT_EQ(BatchSizes(&log, {400, 400, 400}, 500, &seen, 2, &partitions),
            (std::vector<size_t>{500, 300, 400}));
  EXPECT_EQ(seen, 1200);
  EXPECT_EQ(partitions, (std::vector<std::set<int32_t>>{{0, 1}, {0, 1}, {2}}));

  DribblingLog one_by_one(3, 400, 7);
  seen = 0;
  partitions.clear();
  EXPECT_EQ(BatchSizes(&one_by_one, {400, 250, 400}, 500, &seen, 1, &partitions),
            (std::vector<size_t>{400, 250, 400}));
  EXPECT_EQ(seen, 1050);
  EXPECT_EQ(partitions, (std::vector<std::set<int32_t>>{{0}, {1}, {2}}));
}

// A pass read several times (slices) and the passes after it all go through the reader the scan
// opened first, moved to each read's start: opening a Kafka reader is a new consumer.
TEST(LogScanTest, OneReaderServesEveryReadOfTheScan) {
  DribblingLog log(3, 40, 7);
  ScanOptions options;
  options.batch_records_max = 1000;
  options.poll_timeout_ms = 1;
  options.idle_polls_max = 2;
  options.partitions_per_pass = 1;
  options.pass_reads = [](int64_t) { return size_t{2}; };
  int read = -1;
  options.read_begins = [&](size_t, size_t) {
    ++read;
    return Status::Ok();
  };
  std::map<int, std::vector<int64_t>> offsets_of_reads;  // Partition p is read by reads 2p, 2p+1.
  std::map<int, std::set<int32_t>> partitions_of_reads;
  const Status scanned =
      ScanLog(&log, {0, 0, 0}, {40, 40, 40}, options, [&](std::vector<LogRecord>& batch) {
        for (const LogRecord& record : batch) {
          offsets_of_reads[read].push_back(record.offset);
          partitions_of_reads[read].insert(record.partition);
        }
        return Status::Ok();
      });
  ASSERT_TRUE(scanned.ok()) << scanned.ToString();
  EXPECT_EQ(log.opens, 1);
  EXPECT_TRUE(log.opened_for_rereads);  // Kafka: short broker waits, so a seek is quick.
  EXPECT_EQ(log.seeks, 5);
  std::vector<int64_t> whole(40);
  for (int64_t o = 0; o < 40; ++o) whole[static_cast<size_t>(o)] = o;
  ASSERT_EQ(offsets_of_reads.size(), 6u);
  for (int r = 0; r < 6; ++r) {
    EXPECT_EQ(offsets_of_reads[r], whole) << "read " << r;
    EXPECT_EQ(partitions_of_reads[r], (std::set<int32_t>{r / 2})) << "read " << r;
  }
}

TEST(LogScanTest, HandsOverAShortBatchWhenTheLogHasNothingMoreForNow) {
  DribblingLog log(1, 100, 10);
  log.available = 25;  // Then the log goes quiet: the scan gives up, after the 25 it has.
  ScanOptions options;
  options.batch_records_max = 1000;
  options.poll_timeout_ms = 1;
  options.idle_polls_max = 2;
  std::vector<size_t> sizes;
  const Status scanned = ScanLog(&log, {0}, {100}, options, [&](std::vector<LogRecord>& batch) {
    sizes.push_back(batch.size());
    return Status::Ok();
  });
  EXPECT_EQ(scanned.code(), StatusCode::kUnavailable) << scanned.ToString();
  EXPECT_EQ(sizes, (std::vector<size_t>{25}));
}

}  // namespace
}  // namespace arledger
