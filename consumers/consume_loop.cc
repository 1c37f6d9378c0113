// ConsumeLoop: the loop thread's side — start, one batch, dead letters, run until stopped.
#include "consumers/consume_loop.h"

#include <algorithm>
#include <thread>

namespace arledger {

ConsumeLoop::ConsumeLoop(EventLog* events, EventLog* dead_letters, RecordSink* sink,
                         ConsumeLoopOptions options)
    : events_(events), dead_letters_(dead_letters), sink_(sink), options_(options) {
  ARLEDGER_CHECK(events_ != nullptr && dead_letters_ != nullptr && sink_ != nullptr);
  ARLEDGER_CHECK(options_.batch_records_max > 0 && options_.poll_timeout_ms >= 0);
  ARLEDGER_CHECK(options_.dead_letter_attempts_per_run > 0);
  ARLEDGER_CHECK(0 < options_.dead_letter_backoff_ms_min &&
                 options_.dead_letter_backoff_ms_min <= options_.dead_letter_backoff_ms_max);
  dead_letter_backoff_ms_ = options_.dead_letter_backoff_ms_min;
}

ConsumeLoop::~ConsumeLoop() { sink_->Flush().PermitUnchecked(); }

Status ConsumeLoop::Start() {
  if (reader_) return FailedPrecondition("consume loop already started");
  const int32_t partitions = events_->partition_count();
  std::vector<int64_t> next;
  ARLEDGER_RETURN_IF_ERROR(sink_->NextOffsets(partitions, &next));
  if (next.size() != static_cast<size_t>(partitions)) {
    return Internal("sink returned " + std::to_string(next.size()) + " offsets for " +
                    std::to_string(partitions) + " partitions");
  }
  ARLEDGER_RETURN_IF_ERROR(events_->OpenReader(next, ReaderOptions(), &reader_));
  next_offsets_ = next;
  Publish(next, 0);
  return Status::Ok();
}

Status ConsumeLoop::PollAndPrepare(size_t* polled) {
  records_.clear();
  ARLEDGER_RETURN_IF_ERROR(
      reader_->Poll(options_.batch_records_max, options_.poll_timeout_ms, &records_));
  *polled = records_.size();
  if (records_.empty()) return Status::Ok();
  ARLEDGER_CHECK(records_.size() <= options_.batch_records_max);
  pending_next_offsets_ = next_offsets_;  // The batch before may still be landing.
  for (const LogRecord& record : records_) {
    // The reader promises each partition in order without gaps, from where the sink resumed.
    ARLEDGER_CHECK(record.partition >= 0 &&
                   static_cast<size_t>(record.partition) < pending_next_offsets_.size());
    ARLEDGER_CHECK(record.offset == pending_next_offsets_[record.partition]);
    pending_next_offsets_[record.partition] = record.offset + 1;
  }
  std::vector<v1::DeadLetter> dead_letters;
  ARLEDGER_RETURN_IF_ERROR(sink_->Prepare(records_, &dead_letters));
  pending_dead_letters_.clear();
  for (v1::DeadLetter& dead_letter : dead_letters) {
    if (dead_letter.topic().empty()) dead_letter.set_topic(events_->topic());
    AppendRecord record;
    record.key = dead_letter.key();
    ARLEDGER_CHECK(dead_letter.SerializeToString(&record.value));
    pending_dead_letters_.push_back(std::move(record));
  }
  batch_pending_ = true;
  return Status::Ok();
}

// Tries the dead-letter append up to dead_letter_attempts_per_run times, waiting a growing,
// capped backoff between attempts; the backoff carries over to the next RunOnce.
Status ConsumeLoop::WriteDeadLetters() {
  Status last;
  for (int attempt = 0; attempt < options_.dead_letter_attempts_per_run; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(dead_letter_backoff_ms_));
      dead_letter_backoff_ms_ =
          std::min(dead_letter_backoff_ms_ * 2, options_.dead_letter_backoff_ms_max);
    }
    std::vector<LogPosition> positions;
    last = dead_letters_->Append(pending_dead_letters_, &positions);
    std::lock_guard<std::mutex> lock(applied_mutex_);
    if (last.ok()) {
      counters_.dead_letters_written += pending_dead_letters_.size();
      pending_dead_letters_.clear();
      dead_letter_backoff_ms_ = options_.dead_letter_backoff_ms_min;
      return Status::Ok();
    }
    ++counters_.dead_letter_retries;
  }
  return Unavailable("dead-letter append failed; batch held uncommitted and will be retried: " +
                     last.ToString());
}

Result<size_t> ConsumeLoop::RunOnce() {
  if (!reader_) return FailedPrecondition("consume loop not started");
  if (!failure_.ok()) return failure_;  // The reader or sink failed: only a restart recovers.
  if (!batch_pending_) {
    size_t polled = 0;
    Status prepared = PollAndPrepare(&polled);
    if (!prepared.ok()) return failure_ = prepared;
    if (polled == 0) {
      Status flushed = sink_->Flush();  // Idle: let a failed write show now.
      if (!flushed.ok()) return failure_ = flushed;
      return size_t{0};
    }
  }
  if (!pending_dead_letters_.empty()) ARLEDGER_RETURN_IF_ERROR(WriteDeadLetters());
  Status committed = sink_->Commit([this, offsets = pending_next_offsets_,
                                    records = records_.size()] { Publish(offsets, records); });
  if (!committed.ok()) return failure_ = committed;
  batch_pending_ = false;
  next_offsets_ = pending_next_offsets_;
  return records_.size();
}

Status ConsumeLoop::Run(const std::atomic<bool>& stop) {
  if (!reader_) return FailedPrecondition("consume loop not started");
  while (!stop.load()) {
    Result<size_t> ran = RunOnce();
    // A dead-letter failure holds the batch and is retried (RunOnce backs off); a reader or
    // sink error ends the loop.
    if (!ran.ok() && !failure_.ok()) return failure_;
  }
  Status flushed = sink_->Flush();
  if (!flushed.ok()) failure_ = flushed;
  return flushed;
}

void ConsumeLoop::Publish(const std::vector<int64_t>& next_offsets, size_t records) {
  {
    std::lock_guard<std::mutex> lock(applied_mutex_);
    applied_ = next_offsets;
    if (records > 0) {
      counters_.records_consumed += records;
      ++counters_.batches_committed;
    }
  }
  applied_changed_.notify_all();
}

}  // namespace arledger
