// RecordSink: where the consume loop delivers records — in practice the projection store.
//
// The loop calls Prepare with a batch, writes the returned dead letters to the dead-letter
// log, and only then calls Commit, which makes the batch's effects and its new offsets
// durable together (and may do so asynchronously: see Commit). A crash between the two at worst
// writes a dead letter twice (each carries its original partition and offset, so repeats are
// recognisable); no record is lost. Called from the consume loop's thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "arledger/v1/state.pb.h"
#include "core/log_record.h"
#include "core/status.h"

namespace arledger {

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // The next offset to read in each partition, as durably recorded by the sink.
  virtual Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) = 0;
  // Applies `records` to a pending batch; appends what must be dead-lettered.
  virtual Status Prepare(const std::vector<LogRecord>& records,
                         std::vector<v1::DeadLetter>* dead_letters) = 0;
  // Makes the pending batch and its offsets durable in one atomic write, then calls
  // `on_durable`. A sink may write asynchronously: then Commit returns once the write has
  // started (so the next batch can be prepared meanwhile), `on_durable` runs on the writing
  // thread once the batch has landed, batches land in commit order, and a failed write is
  // reported by the next Commit or Flush (`on_durable` is then never called for it).
  virtual Status Commit(std::function<void()> on_durable) = 0;
  // Waits until every committed batch has landed; the error of a write that failed.
  virtual Status Flush() { return Status::Ok(); }
};

}  // namespace arledger
