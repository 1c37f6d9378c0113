// JournalLog and JournalReader: EventLog over a JournalStore.
#include "consumers/journal_log.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "consumers/journal_store.h"

namespace arledger::journal {
namespace {

using Clock = std::chrono::steady_clock;

// OK when `offsets` has one offset per partition, none negative nor past the journal's end (a
// reader ahead of the log means the log lost records its consumer already applied).
Status CheckReaderOffsets(const JournalStore& store, const std::vector<int64_t>& offsets) {
  const int32_t partitions = store.partition_count();
  if (offsets.size() != static_cast<size_t>(partitions)) {
    return InvalidArgument("reader needs " + std::to_string(partitions) + " start offsets, got " +
                           std::to_string(offsets.size()));
  }
  if (std::any_of(offsets.begin(), offsets.end(), [](int64_t o) { return o < 0; })) {
    return InvalidArgument("reader start offsets must not be negative");
  }
  const std::vector<int64_t> end_offsets = store.EndOffsets();
  for (int32_t p = 0; p < partitions; ++p) {
    if (offsets[p] > end_offsets[p]) {
      return OutOfRange("start offset " + std::to_string(offsets[p]) + " of partition " +
                        std::to_string(p) + " is past the journal's end " +
                        std::to_string(end_offsets[p]));
    }
  }
  return Status::Ok();
}

class JournalReader final : public LogReader {
 public:
  JournalReader(std::shared_ptr<JournalStore> store, std::vector<int64_t> next_offsets)
      : store_(std::move(store)), next_offsets_(std::move(next_offsets)) {}

  Status Seek(const std::vector<int64_t>& next_offsets) override {
    ARLEDGER_RETURN_IF_ERROR(CheckReaderOffsets(*store_, next_offsets));
    next_offsets_ = next_offsets;
    return Status::Ok();
  }

  Status Poll(size_t max_records, int timeout_ms, std::vector<LogRecord>* out) override {
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      // Noted before reading: an append that lands after the read still moves it.
      const uint64_t generation = store_->append_generation();
      size_t read = 0;
      ARLEDGER_RETURN_IF_ERROR(ReadAvailable(max_records, out, &read));
      const auto remaining_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (read > 0 || max_records == 0 || remaining_ms <= 0) return Status::Ok();
      store_->WaitForAppend(generation, static_cast<int>(remaining_ms));
    }
  }

 private:
  // Reads partitions in turn, starting one further along each poll, so that a busy partition
  // cannot starve the others when `max_records` is reached.
  Status ReadAvailable(size_t max_records, std::vector<LogRecord>* out, size_t* read) {
    const int32_t partitions = store_->partition_count();
    const size_t before = out->size();
    for (int32_t i = 0; i < partitions && out->size() - before < max_records; ++i) {
      const int32_t partition = (first_partition_ + i) % partitions;
      ARLEDGER_RETURN_IF_ERROR(store_->ReadPartition(
          partition, max_records - (out->size() - before), &next_offsets_[partition], out));
    }
    first_partition_ = (first_partition_ + 1) % partitions;
    *read = out->size() - before;
    return Status::Ok();
  }

  std::shared_ptr<JournalStore> store_;
  std::vector<int64_t> next_offsets_;
  int32_t first_partition_ = 0;
};

class JournalLog final : public EventLog {
 public:
  JournalLog(std::string topic, std::shared_ptr<JournalStore> store)
      : topic_(std::move(topic)), store_(std::move(store)) {}

  const std::string& topic() const override { return topic_; }
  int32_t partition_count() const override { return store_->partition_count(); }

  Status Append(const std::vector<AppendRecord>& records,
                std::vector<LogPosition>* positions) override {
    return store_->Append(records, positions);
  }

  Status EndOffsets(std::vector<int64_t>* end_offsets) override {
    *end_offsets = store_->EndOffsets();
    return Status::Ok();
  }

  Status OpenReader(const std::vector<int64_t>& start_offsets, const ReaderOptions& /*options*/,
                    std::unique_ptr<LogReader>* reader) override {
    ARLEDGER_RETURN_IF_ERROR(CheckReaderOffsets(*store_, start_offsets));
    *reader = std::make_unique<JournalReader>(store_, start_offsets);
    return Status::Ok();
  }

 private:
  std::string topic_;
  std::shared_ptr<JournalStore> store_;
};

}  // namespace

Status OpenJournalLog(const std::string& dir, const std::string& topic,
                      const EventLogOptions& options, std::unique_ptr<EventLog>* log) {
  if (dir.empty()) return InvalidArgument("journal directory is empty");
  if (topic.empty() || topic.find('/') != std::string::npos || topic == "." || topic == "..") {
    return InvalidArgument("journal topic must be a plain name, got '" + topic + "'");
  }
  const std::string path = (std::filesystem::path(dir) / topic).string();
  std::shared_ptr<JournalStore> store;
  ARLEDGER_RETURN_IF_ERROR(options.read_only
                               ? JournalStore::OpenReadOnly(path, &store)
                               : JournalStore::Open(path, options.journal_partitions, &store));
  *log = std::make_unique<JournalLog>(topic, std::move(store));
  return Status::Ok();
}

}  // namespace arledger::journal
