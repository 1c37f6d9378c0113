// Projector: committing a batch (the atomic WriteBatch of all shards' changes and the meta),
// pipelined or not, and the bulk passes' commits and ends.
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <functional>

#include "core/postings.h"
#include "projections/key_ordered_batch.h"
#include "projections/projector.h"
#include "projections/run_shards.h"

namespace arledger {

using projector_internal::FirstError;
using projector_internal::kParallelRecordsMin;

Status Projector::WaitForWrite() {
  if (!writing_.valid()) return Status::Ok();
  Status status = writing_.get();
  if (!status.ok() && failed_.ok()) failed_ = status;
  return status;
}

Status Projector::WaitForWrites() {
  ARLEDGER_RETURN_IF_ERROR(WaitForWrite());
  if (failed_.ok() && bulk_ && pass_open_) {
    return FailedPrecondition("a bulk pass was folded but not ended (EndPass)");
  }
  return failed_;
}

Status Projector::Commit(std::function<void()> on_written) {
  if (!failed_.ok()) return failed_;
  if (!pending_) {
    // Nothing of its own to land: it has once the write in flight (if any) has.
    ARLEDGER_RETURN_IF_ERROR(WaitForWrite());
    if (on_written) on_written();
    return Status::Ok();
  }
  // The shards hand their changes over as they write them: a failed commit cannot be retried.
  if (Status status = CommitPending(std::move(on_written)); !status.ok()) return failed_ = status;
  return Status::Ok();
}

void Projector::CanonicalLedger() {
  CheckTrialBalance(pending_meta_.ledger());  // Aborts, in release too, if debits != credits.
  // Canonical order, so that the meta's bytes do not depend on how partitions interleaved.
  std::sort(pending_meta_.mutable_ledger()->begin(), pending_meta_.mutable_ledger()->end(),
            [](const v1::LedgerBalance& a, const v1::LedgerBalance& b) {
              if (a.currency() != b.currency()) return a.currency() < b.currency();
              return a.ledger_account() < b.ledger_account();
            });
}

Status Projector::CommitPending(std::function<void()> on_written) {
  if (bulk_) {
    ARLEDGER_CHECK(on_written == nullptr);  // Nothing reads a bulk-loading store.
    return CommitBulk();
  }
  CanonicalLedger();
  const size_t count = shards_.size();
  std::vector<AggregateDeltas> aggregates(count);
  std::vector<std::string> horizons(count, pending_meta_.horizon_date());
  std::vector<Status> statuses(count);
  const bool parallel = pending_records_ >= kParallelRecordsMin;
  shard_threads_.Run(
      parallel, [](size_t) { return true; },
      [&](size_t k) {
        shard_batches_[k].Clear();  // Keeps its buffer.
        shards_[k]->Write(*store_, &shard_batches_[k], &aggregates[k], &horizons[k]);
        statuses[k] = SortBatch(shard_batches_[k], static_cast<uint32_t>(k + 1), &shard_sorted_[k]);
      });
  ARLEDGER_RETURN_IF_ERROR(FirstError(statuses));
  for (size_t k = 1; k < count; ++k) aggregates[0].MergeFrom(&aggregates[k]);
  pending_meta_.set_horizon_date(*std::max_element(horizons.begin(), horizons.end()));

  rocksdb::WriteBatch& batch = unordered_batch_;
  batch.Clear();
  ARLEDGER_RETURN_IF_ERROR(
      WriteAggregates(*store_, aggregates[0], &batch, pipelined_ ? &written_aggregates_ : nullptr));
  chain_.Write(*store_, &batch);
  std::string buffer;
  ARLEDGER_CHECK(pending_meta_.SerializeToString(&buffer));
  batch.Put(store_->handle(ReadModel::kMeta), kMetaKey, buffer);
  // Each shard sorted its own batch on its thread; the meta's is sorted here, then all merged.
  ARLEDGER_RETURN_IF_ERROR(SortBatch(batch, 0, &sorted_));
  std::vector<const std::vector<BatchOperation>*> lists = {&sorted_};
  for (const std::vector<BatchOperation>& sorted : shard_sorted_) lists.push_back(&sorted);
  // The previous batch's write reads ordered_batch_, and must land before this one's.
  ARLEDGER_RETURN_IF_ERROR(WaitForWrite());
  ARLEDGER_RETURN_IF_ERROR(WriteOrdered(*store_, lists, &ordered_batch_));
  if (pipelined_) {
    writing_ = write_thread_.Post([this, on_written = std::move(on_written)] {
      Status written = store_->Write(&ordered_batch_);
      if (written.ok() && on_written) on_written();
      return written;
    });
  } else {
    ARLEDGER_RETURN_IF_ERROR(store_->Write(&ordered_batch_));
    if (on_written) on_written();
  }

  committed_meta_ = pending_meta_;
  shard_threads_.Run(
      parallel, [](size_t) { return true; }, [&](size_t k) { shards_[k]->Clear(); });
  pending_records_ = 0;
  chain_.Committed();
  pending_ = false;
  return Status::Ok();
}

// A bulk batch: its event records, history and chain checkpoints, written while the next batch
// is folded; the daily deltas wait for EndPass, with the accounts.
Status Projector::CommitBulk() {
  CanonicalLedger();
  const size_t count = shards_.size();
  std::vector<AggregateDeltas> aggregates(count);
  std::string unused_horizon;  // Accounts, and so horizons, are written by EndPass.
  shard_threads_.Run(
      pending_records_ >= kParallelRecordsMin, [](size_t) { return true; },
      [&](size_t k) {
        shard_batches_[k].Clear();
        shards_[k]->Write(*store_, &shard_batches_[k], &aggregates[k], &unused_horizon);
        shards_[k]->Clear();
      });
  for (AggregateDeltas& deltas : aggregates) pass_aggregates_.MergeFrom(&deltas);
  shard_batches_[count].Clear();
  chain_.Write(*store_, &shard_batches_[count]);
  ARLEDGER_RETURN_IF_ERROR(WaitForWrite());  // The batches it writes are the next to fill.
  std::swap(shard_batches_, bulk_writing_);
  writing_ = write_thread_.Post([this] {
    for (rocksdb::WriteBatch& batch : bulk_writing_) {
      if (batch.Count() == 0) continue;
      ARLEDGER_RETURN_IF_ERROR(store_->Write(&batch));
    }
    return Status::Ok();
  });
  pending_records_ = 0;
  chain_.Committed();
  pending_ = false;
  pass_open_ = true;
  return Status::Ok();
}

Status Projector::EndPass() {
  if (!bulk_) return FailedPrecondition("EndPass is for bulk passes (BulkPasses)");
  if (!failed_.ok()) return failed_;
  if (pending_) return FailedPrecondition("a prepared batch was not committed before EndPass");
  if (Status status = WritePass(); !status.ok()) return failed_ = status;
  return Status::Ok();
}

Status Projector::WritePass() {
  ARLEDGER_RETURN_IF_ERROR(WaitForWrite());
  const size_t count = shards_.size();
  std::vector<AggregateDeltas> aggregates(count);
  std::vector<std::string> horizons(count, pending_meta_.horizon_date());
  std::vector<char> done(count, 0);  // Written by each shard's own thread.
  while (std::find(done.begin(), done.end(), 0) != done.end()) {
    shard_threads_.Run(
        true, [&](size_t k) { return done[k] == 0; },
        [&](size_t k) {
          shard_batches_[k].Clear();
          done[k] = shards_[k]->WritePassAccounts(*store_, kPassAccountsPerWrite,
                                                  &shard_batches_[k], &aggregates[k], &horizons[k]);
        });
    for (size_t k = 0; k < count; ++k) {
      if (shard_batches_[k].Count() > 0)
        ARLEDGER_RETURN_IF_ERROR(store_->Write(&shard_batches_[k]));
      shard_batches_[k].Clear();
    }
  }
  for (AggregateDeltas& deltas : aggregates) pass_aggregates_.MergeFrom(&deltas);
  pending_meta_.set_horizon_date(*std::max_element(horizons.begin(), horizons.end()));
  CanonicalLedger();
  rocksdb::WriteBatch& batch = shard_batches_[count];
  batch.Clear();
  ARLEDGER_RETURN_IF_ERROR(
      WriteAggregates(*store_, pass_aggregates_, &batch, &written_aggregates_));
  pass_aggregates_ = AggregateDeltas();
  chain_.Write(*store_, &batch);
  std::string buffer;
  ARLEDGER_CHECK(pending_meta_.SerializeToString(&buffer));
  batch.Put(store_->handle(ReadModel::kMeta), kMetaKey, buffer);
  ARLEDGER_RETURN_IF_ERROR(store_->Write(&batch));
  batch.Clear();
  committed_meta_ = pending_meta_;
  chain_.Committed();
  pass_open_ = false;
  if (slice_ + 1 == slices_) {  // The pass's last slice: the next pass is whole unless sliced.
    slice_ = 0;
    slices_ = 1;
  }
  return Status::Ok();
}

}  // namespace arledger
