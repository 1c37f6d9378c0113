// ScanLog: read a bounded stretch of every partition of a log, batch by batch — the loop shared
// by replay, verify, audit-chain, history, archive and the consumer's chain-tail check.
//
// Reads each partition p from start[p] up to stop[p] (exclusive) and hands every non-empty batch
// to `visit`, in each partition's offset order (a pass's partitions more than once when
// ScanOptions::pass_reads says so). A batch is filled from as many polls as it takes
// to reach batch_records_max, until the scan is complete or a poll brings nothing within a short
// wait (Kafka hands over only what its consumer has fetched so far). Records at or past stop[p] are
// dropped before `visit` sees them, so a log that grows during the scan never leaks into it. Gives
// up with Unavailable after idle_polls_max empty polls in a row (a stalled log), and with
// OutOfRange when a stop offset is past the log's end. One reader serves the whole scan: opened
// for the first read, moved (LogReader::Seek) for each later read and pass. Runs on the calling
// thread.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "consumers/event_log.h"
#include "core/log_record.h"
#include "core/status.h"
#include "service/progress.h"

namespace arledger {

struct ScanOptions {
  size_t batch_records_max = 10000;
  int poll_timeout_ms = 500;
  int idle_polls_max = 120;      // Consecutive empty polls before giving up.
  Progress* progress = nullptr;  // Told the total and each batch, when given.
  // Partitions read together: 0 reads all at once; N reads partitions 0..N-1 to their stop
  // offsets, then the next N, and so on. Records of one key share a partition, so a pass over
  // few partitions gives each batch more events per account (what a replay folds fastest).
  size_t partitions_per_pass = 0;
  // How many times each pass is read, given how many records it holds (each read hands them
  // all to `visit` again): a caller that folds a large pass a slice at a time. Null: once.
  std::function<size_t(int64_t pass_records)> pass_reads;
  // Called before each read of a pass: which read it is (from 0) of how many.
  std::function<Status(size_t read, size_t reads)> read_begins;
  // Called after the last batch of each read of a pass (every partition of it read to its stop
  // offset).
  std::function<Status()> pass_done;
};

using ScanVisitor = std::function<Status(std::vector<LogRecord>& batch)>;

Status ScanLog(EventLog* log, const std::vector<int64_t>& start, const std::vector<int64_t>& stop,
               const ScanOptions& options, const ScanVisitor& visit);

// The end offsets of `log` now: where a scan of "everything so far" stops.
Status LogEndOffsets(EventLog* log, std::vector<int64_t>* end_offsets);

}  // namespace arledger
