// ConsumeLoop: reads the event log in batches and hands them to a RecordSink (the projection
// store), writing dead letters to the dead-letter log before each batch is committed.
//
// One batch: poll up to batch_records_max records -> sink->Prepare -> append the batch's dead
// letters (serialised v1::DeadLetter, keyed by the original key) to the dead-letter log ->
// sink->Commit -> publish the new applied offsets once the batch has landed. A sink that writes
// asynchronously (RecordSink::Commit) publishes from its writing thread, and the loop prepares
// the next batch while the previous one is written. A dead-letter append that fails is retried
// with bounded, growing backoff and the batch stays uncommitted until it succeeds: a record is
// never dropped, and never committed before its dead letter is durable. The loop starts where
// the sink says (NextOffsets), never at a group commit.
//
// Ownership: the loop borrows `events`, `dead_letters` and `sink`; they must outlive it.
// Durability: when applied_offsets() shows an offset, the sink has committed every record
// before it (and their dead letters are in the dead-letter log).
// Thread-safety: Start, RunOnce and Run belong to one thread (the loop thread). The accessors
// (applied_offsets, WaitForApplied, CaughtUp, lag, counters) may be called from any thread at
// any time, concurrently with the loop; they never block on the loop for long.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "consumers/event_log.h"
#include "consumers/record_sink.h"
#include "core/log_record.h"
#include "core/status.h"

namespace arledger {

struct ConsumeLoopOptions {
  size_t batch_records_max = 5000;        // Records per batch handed to the sink.
  int poll_timeout_ms = 100;              // Bound on one wait for new records.
  int dead_letter_attempts_per_run = 5;   // Dead-letter appends tried per RunOnce call.
  int dead_letter_backoff_ms_min = 10;    // Wait after the first failed dead-letter append,
  int dead_letter_backoff_ms_max = 1000;  // doubling up to this.
  int end_offsets_refresh_ms = 200;       // CaughtUp/lag ask the log for end offsets at most
                                          // this often.
};

struct ConsumeLoopCounters {
  uint64_t records_consumed = 0;  // Records in committed batches.
  uint64_t batches_committed = 0;
  uint64_t dead_letters_written = 0;  // Dead letters durably in the dead-letter log.
  uint64_t dead_letter_retries = 0;   // Dead-letter appends that failed and were retried.
};

class ConsumeLoop {
 public:
  ConsumeLoop(EventLog* events, EventLog* dead_letters, RecordSink* sink,
              ConsumeLoopOptions options = {});
  ConsumeLoop(const ConsumeLoop&) = delete;
  ConsumeLoop& operator=(const ConsumeLoop&) = delete;
  // Waits for the sink's write in flight, if any (it publishes into this loop).
  ~ConsumeLoop();

  // Asks the sink where to resume and opens a reader there. Call once, before RunOnce/Run.
  Status Start();

  // One batch, as described above. Returns the number of records committed (0 if none came
  // within poll_timeout_ms; the sink is then flushed, so that a failed asynchronous write is
  // reported by the next call at the latest). Unavailable when the dead letters could not be
  // written this time: the batch is held and the next call retries it before reading anything new.
  // After a reader or sink error every later call returns that error: the sink's pending state is
  // unknown, so the loop must be rebuilt and restarted from the sink's offsets.
  Result<size_t> RunOnce();

  // Calls RunOnce until `stop` is set, then flushes the sink. Dead-letter failures are retried;
  // a reader or sink error ends the loop and is returned (the caller restarts from the sink's
  // offsets).
  Status Run(const std::atomic<bool>& stop);

  // The next offset to apply in each partition (empty before Start).
  std::vector<int64_t> applied_offsets() const;

  // True once the record at `position` has been committed by the sink; false if that does not
  // happen within `timeout_ms`. For read-your-writes: append, then wait for the position.
  bool WaitForApplied(const LogPosition& position, int timeout_ms) const;

  // True when every partition's applied offset has reached its end offset as last observed.
  bool CaughtUp() const;

  // Records not yet applied, per partition (end - applied); empty while end offsets are unknown.
  std::vector<int64_t> lag() const;

  ConsumeLoopCounters counters() const;

 private:
  using Clock = std::chrono::steady_clock;

  Status PollAndPrepare(size_t* polled);
  Status WriteDeadLetters();
  void Publish(const std::vector<int64_t>& next_offsets, size_t records);
  void RefreshEndOffsetsIfStale() const;

  EventLog* const events_;
  EventLog* const dead_letters_;
  RecordSink* const sink_;
  const ConsumeLoopOptions options_;

  // Loop-thread state.
  std::unique_ptr<LogReader> reader_;
  std::vector<LogRecord> records_;                  // The batch being worked on.
  bool batch_pending_ = false;                      // Prepared, not yet committed.
  std::vector<int64_t> next_offsets_;               // After the last committed batch.
  std::vector<int64_t> pending_next_offsets_;       // Applied offsets once it commits.
  std::vector<AppendRecord> pending_dead_letters_;  // Not yet durably written.
  int dead_letter_backoff_ms_ = 0;
  Status failure_;  // The reader or sink error that stopped the loop; OK while running.

  // Shared with the accessors.
  mutable std::mutex applied_mutex_;
  mutable std::condition_variable applied_changed_;
  std::vector<int64_t> applied_;  // Guarded by applied_mutex_.
  ConsumeLoopCounters counters_;  // Guarded by applied_mutex_.

  mutable std::mutex refresh_mutex_;  // Held by the one accessor refreshing end offsets.
  mutable std::mutex end_mutex_;
  mutable std::vector<int64_t> end_offsets_;    // Guarded by end_mutex_; empty until known.
  mutable Clock::time_point end_refreshed_at_;  // Guarded by end_mutex_.
};

}  // namespace arledger
