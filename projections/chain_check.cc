// ChainCheck: extending heads, noting checkpoints, and re-chaining redelivered records.
#include "projections/chain_check.h"

#include "core/sha256.h"
#include "projections/chain_checkpoints.h"

namespace arledger {

void ChainCheck::Extend(const LogRecord& record, v1::PartitionMeta* partition) {
  ARLEDGER_CHECK(record.offset == partition->next_offset());
  std::string head(AsBytes(Sha256::ChainNext(partition->chain_head(), record.value)));
  if (IsChainCheckpoint(record.offset)) {
    pending_checkpoints_[{record.partition, record.offset}] = head;
  }
  partition->set_chain_head(std::move(head));
}

Status ChainCheck::Checkpoint(const Store& store, int32_t partition, int64_t offset,
                              std::string* head, bool* found) const {
  if (auto it = pending_checkpoints_.find({partition, offset}); it != pending_checkpoints_.end()) {
    *head = it->second;
    *found = true;
    return Status::Ok();
  }
  return GetChainCheckpoint(store, partition, offset, head, found);
}

// The head before `record`: from the run of redelivered records it continues, from offset 0's
// empty head, or from the checkpoint just before it.
Status ChainCheck::HeadBefore(const Store& store, const LogRecord& record, std::string* head,
                              bool* known) {
  *known = true;
  if (auto run = redelivery_.find(record.partition);
      run != redelivery_.end() && run->second.next_offset == record.offset) {
    *head = run->second.head;
    return Status::Ok();
  }
  head->clear();
  if (record.offset == 0) return Status::Ok();
  *known = false;
  if (!IsChainCheckpoint(record.offset - 1)) return Status::Ok();
  return Checkpoint(store, record.partition, record.offset - 1, head, known);
}

Status ChainCheck::CheckRedelivered(const Store& store, const LogRecord& record,
                                    const v1::PartitionMeta& partition) {
  ARLEDGER_CHECK(record.offset < partition.next_offset());
  std::string head;
  bool known = false;
  ARLEDGER_RETURN_IF_ERROR(HeadBefore(store, record, &head, &known));
  if (!known) {
    redelivery_.erase(record.partition);
    ++records_unchecked_;
    return Status::Ok();
  }
  head = std::string(AsBytes(Sha256::ChainNext(head, record.value)));
  std::string expected;
  bool found = false;
  if (record.offset + 1 == partition.next_offset()) {
    expected = partition.chain_head();
    found = true;
  } else if (IsChainCheckpoint(record.offset)) {
    ARLEDGER_RETURN_IF_ERROR(Checkpoint(store, record.partition, record.offset, &expected, &found));
  }
  if (found && expected != head) {
    redelivery_.erase(record.partition);
    return Corruption("partition " + std::to_string(record.partition) + ": the records up to " +
                      "offset " + std::to_string(record.offset) + " delivered again do not " +
                      "chain to the head folded there; the log was rewritten under the store, or " +
                      "this is another log");
  }
  redelivery_[record.partition] = Cursor{record.offset + 1, std::move(head)};
  ++records_rechecked_;
  return Status::Ok();
}

void ChainCheck::Write(const Store& store, rocksdb::WriteBatch* batch) const {
  for (const auto& [position, head] : pending_checkpoints_) {
    PutChainCheckpoint(store, position.first, position.second, head, batch);
  }
}

}  // namespace arledger
