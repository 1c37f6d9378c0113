// ChainCheck: the projector's side of the per-partition hash chain.
//
// For each new record (at a partition's next offset) Extend moves the partition's head on,
// h(n) = SHA-256(h(n-1) || record bytes), and notes a checkpoint at the fixed checkpoint
// offsets (chain_checkpoints.h), written by Write in the projector's batch.
//
// A record delivered again below the partition's offset was skipped before; now it is checked.
// Its bytes are chained on from the head before it — known when it follows the previous
// redelivered record, sits right after a checkpoint, or is offset 0 — and the result must equal
// the checkpoint stored at its offset, if any, and the partition's head at the last folded
// offset. A mismatch is Corruption: the log under the store has been rewritten, or is another
// log (a topic recreated and refilled). A redelivered record with no known head before it cannot
// be checked and is skipped, as before. What apply cannot see — a rewrite below the tail it
// re-reads, or forged records appended after it — is for `ledgerctl audit-chain` and for
// producer authentication respectively (see DESIGN.md, tamper evidence).
//
// Owned and driven by the projector's one thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "arledger/v1/projection.pb.h"
#include "core/log_record.h"
#include "core/status.h"
#include "projections/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace arledger {

class ChainCheck {
 public:
  // Chains `record`, the next record of `partition`, into its head; notes a checkpoint.
  void Extend(const LogRecord& record, v1::PartitionMeta* partition);

  // Checks `record`, below `partition`'s next offset, against the chain as it was folded.
  Status CheckRedelivered(const Store& store, const LogRecord& record,
                          const v1::PartitionMeta& partition);

  // Adds the noted checkpoints to the projector's batch.
  void Write(const Store& store, rocksdb::WriteBatch* batch) const;
  // The batch is durable: forget the noted checkpoints.
  void Committed() { pending_checkpoints_.clear(); }

  // Redelivered records checked so far, and those that could not be (no known head before).
  int64_t records_rechecked() const { return records_rechecked_; }
  int64_t records_unchecked() const { return records_unchecked_; }

 private:
  // A run of redelivered records of one partition being chained again.
  struct Cursor {
    int64_t next_offset = 0;
    std::string head;
  };
  Status HeadBefore(const Store& store, const LogRecord& record, std::string* head, bool* known);
  Status Checkpoint(const Store& store, int32_t partition, int64_t offset, std::string* head,
                    bool* found) const;

  std::map<std::pair<int32_t, int64_t>, std::string> pending_checkpoints_;
  std::map<int32_t, Cursor> redelivery_;
  int64_t records_rechecked_ = 0;
  int64_t records_unchecked_ = 0;
};

}  // namespace arledger
