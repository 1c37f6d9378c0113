// Projector: setting up, the stored offsets, and preparing a batch (offsets, decode, runs of
// account events split over shards, policy events between them). Commits: projector_commit.cc.
#include "projections/projector.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <functional>
#include <map>
#include <thread>

#include "core/fold.h"
#include "core/postings.h"
#include "projections/envelope_peek.h"
#include "projections/key_ordered_batch.h"
#include "projections/run_shards.h"

namespace arledger {

using projector_internal::FirstError;
using projector_internal::kParallelRecordsMin;

int DefaultProjectorShards() {
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp<unsigned>(cores, 1, kProjectorShardsMax));
}

std::string EventDedupeKey(const v1::EventEnvelope& event, int32_t partition) {
  std::string key;
  if (IsPolicyEvent(event)) {
    key = "\x01policy/" + std::to_string(partition);
  } else {
    key = event.account_id();
  }
  key.push_back('\0');
  key += event.event_id();
  return key;
}

Projector::Projector(Store* store, std::string topic, int shards)
    : store_(store), topic_(std::move(topic)), shard_threads_(static_cast<size_t>(shards)) {
  ARLEDGER_CHECK(shards >= 1 && shards <= kProjectorShardsMax);
  for (int k = 0; k < shards; ++k) {
    shards_.push_back(std::make_unique<ProjectorShard>(store_, &topic_));
  }
  shard_batches_.resize(shards_.size());
  shard_sorted_.resize(shards_.size());
}

Projector::~Projector() {
  if (writing_.valid()) writing_.wait();  // The writer reads ordered_batch_.
}

void Projector::PipelineWrites() {
  pipelined_ = true;
  for (const std::unique_ptr<ProjectorShard>& shard : shards_) shard->KeepWritten();
}

void Projector::RetainAccounts(size_t bytes_max) {
  for (const std::unique_ptr<ProjectorShard>& shard : shards_) {
    shard->RetainAccounts(bytes_max / shards_.size());
  }
}

Status Projector::BulkPasses() {
  if (committed_meta_.partitions_size() > 0 || pending_) {
    return FailedPrecondition("bulk passes need a store that has folded nothing yet");
  }
  PipelineWrites();
  bulk_ = true;
  for (const std::unique_ptr<ProjectorShard>& shard : shards_) shard->BulkPasses();
  // The shards' batches, and one of the projector's own (chain checkpoints), twice over: one
  // set is written while the next is filled.
  shard_batches_.resize(shards_.size() + 1);
  bulk_writing_.resize(shards_.size() + 1);
  written_aggregates_.complete = true;  // Nothing is read back: what is written is all there is.
  return Status::Ok();
}

Status Projector::Load() {
  ARLEDGER_RETURN_IF_ERROR(store_->ReadMeta(&committed_meta_));
  if (committed_meta_.projection_version() != store_->projection_version()) {
    return FailedPrecondition(
        "projection store was written by projection version " +
        std::to_string(committed_meta_.projection_version()) + ", this build writes " +
        std::to_string(store_->projection_version()) + ": rebuild it from the log");
  }
  pending_meta_ = committed_meta_;
  return Status::Ok();
}

Status Projector::NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) {
  next_offsets->assign(partition_count, 0);
  for (const v1::PartitionMeta& partition : committed_meta_.partitions()) {
    if (partition.partition() >= partition_count) {
      return FailedPrecondition("the store has folded partition " +
                                std::to_string(partition.partition()) + " but the log has only " +
                                std::to_string(partition_count));
    }
    (*next_offsets)[partition.partition()] = partition.next_offset();
  }
  return Status::Ok();
}

v1::PartitionMeta* Projector::PendingPartition(int32_t partition) {
  while (pending_meta_.partitions_size() <= partition) {
    pending_meta_.add_partitions()->set_partition(pending_meta_.partitions_size() - 1);
  }
  return pending_meta_.mutable_partitions(partition);
}

// Policy events and records that did not decode go to shard 0; an account's events to the
// shard of its id. Decode decides it (ShardItem::shard), once `item.policy` and
// `item.account_hash` are known.
size_t Projector::ShardOf(const ShardItem& item) const {
  if (shards_.size() == 1 || item.event == nullptr || item.policy) return 0;
  return item.account_hash % shards_.size();
}

Status Projector::Prepare(const std::vector<LogRecord>& records,
                          std::vector<v1::DeadLetter>* dead_letters) {
  if (!failed_.ok()) return failed_;
  std::vector<ShardItem> items;
  Status status = Decode(records, &items);
  if (status.ok()) status = FoldItems(items);
  if (!status.ok()) return failed_ = status;

  std::vector<IndexedDeadLetter> letters;
  for (const std::unique_ptr<ProjectorShard>& shard : shards_) {
    MergeCounts(shard->TakeCounts(), &pending_meta_);
    for (IndexedDeadLetter& letter : shard->TakeDeadLetters()) letters.push_back(std::move(letter));
  }
  std::sort(
      letters.begin(), letters.end(),
      [](const IndexedDeadLetter& a, const IndexedDeadLetter& b) { return a.first < b.first; });
  for (IndexedDeadLetter& letter : letters) dead_letters->push_back(std::move(letter.second));
  for (const ShardItem& item : items) {
    pending_ = true;
    if (slice_ > 0) {  // Slice 0 extended the chain and moved the offsets over these records.
      slice_next_offsets_[item.record->partition] = item.record->offset + 1;
      continue;
    }
    v1::PartitionMeta* partition = PendingPartition(item.record->partition);
    chain_.Extend(*item.record, partition);
    partition->set_next_offset(item.record->offset + 1);
  }
  pending_records_ += items.size();
  return Status::Ok();
}

// Checks each record's offset (redelivered ones are checked against the chain and left out, a
// gap is Corruption), then parses the new ones, striped over the shards' threads.
Status Projector::Decode(const std::vector<LogRecord>& records, std::vector<ShardItem>* items) {
  std::map<int32_t, int64_t> expected;  // Next offset per partition while walking the batch.
  for (size_t i = 0; i < records.size(); ++i) {
    const LogRecord& record = records[i];
    if (record.partition < 0) return InvalidArgument("negative partition in a log record");
    auto [it, inserted] = expected.try_emplace(record.partition, 0);
    if (inserted) {
      const int64_t next = PendingPartition(record.partition)->next_offset();
      it->second = slice_ > 0 ? SliceNextOffset(record.partition) : next;
    }
    if (record.offset < it->second) {            // Delivered again: already folded, but checked.
      ARLEDGER_RETURN_IF_ERROR(WaitForWrite());  // The check reads the store's checkpoints.
      ARLEDGER_RETURN_IF_ERROR(
          chain_.CheckRedelivered(*store_, record, *PendingPartition(record.partition)));
      continue;
    }
    if (record.offset > it->second) {
      return Corruption("gap in partition " + std::to_string(record.partition) +
                        ": expected offset " + std::to_string(it->second) + ", got " +
                        std::to_string(record.offset));
    }
    it->second = record.offset + 1;
    ShardItem& item = items->emplace_back();
    item.index = i;
    item.record = &record;
  }
  const size_t stripes = shards_.size();
  shard_threads_.Run(
      items->size() >= kParallelRecordsMin, [&](size_t k) { return k < items->size(); },
      [&](size_t k) {
        google::protobuf::Arena* arena = shards_[k]->arena();
        for (size_t i = k; i < items->size(); i += stripes) {
          ShardItem& item = (*items)[i];
          if (InOtherSlice(item.record->value)) {
            item.other_slice = true;
            continue;
          }
          auto* event = google::protobuf::Arena::CreateMessage<v1::EventEnvelope>(arena);
          if (!event->ParseFromString(item.record->value)) continue;
          item.event = event;
          item.dedupe_key = EventDedupeKey(*event, item.record->partition);
          item.policy = IsPolicyEvent(*event);
          item.account_hash = std::hash<std::string_view>()(event->account_id());
          item.shard = ShardOf(item);
        }
      });
  return Status::Ok();
}

// Folds runs of account events on all shards at once; a policy event ends a run and is folded
// on its own, so that the events after it see its matrix and those before do not.
Status Projector::FoldItems(const std::vector<ShardItem>& items) {
  std::vector<const ShardItem*> run;
  for (const ShardItem& item : items) {
    if (!InSlice(item)) continue;
    if (!item.policy) {
      run.push_back(&item);
      continue;
    }
    ARLEDGER_RETURN_IF_ERROR(FoldRun(run));
    run.clear();
    ProjectorShard& shard = *shards_[item.shard];
    v1::PartitionMeta* partition = PendingPartition(item.record->partition);
    ARLEDGER_RETURN_IF_ERROR(slice_ == 0 ? shard.FoldPolicy(item, partition)
                                         : shard.FoldPolicyAgain(item, partition));
  }
  return FoldRun(run);
}

bool Projector::InSlice(const ShardItem& item) const {
  if (item.other_slice) return false;
  if (slices_ == 1 || item.policy) return true;
  if (item.event == nullptr) return slice_ == 0;
  return SliceOf(item.account_hash, slices_) == slice_;
}

// Slice 0 parses every record: only a parse tells a record that does not decode (slice 0's)
// from one that does. A later slice folds only records that decode, so the account id and body
// that a scan finds (what a parse would hold, if it succeeds) settle most of them unparsed.
bool Projector::InOtherSlice(std::string_view value) const {
  if (slice_ == 0) return false;
  EnvelopePeek peek;
  if (!PeekEnvelope(value, &peek) || peek.maybe_policy) return false;
  return SliceOf(std::hash<std::string_view>()(peek.account_id), slices_) != slice_;
}

Status Projector::BeginSlice(size_t slice, size_t slices) {
  if (!bulk_) return FailedPrecondition("slices are for bulk passes (BulkPasses)");
  if (!failed_.ok()) return failed_;
  if (pending_ || pass_open_) return FailedPrecondition("a slice begins before its pass's batches");
  if (slices == 0 || slice >= slices || (slice > 0 && (slices != slices_ || slice != slice_ + 1))) {
    return InvalidArgument("slice " + std::to_string(slice) + " of " + std::to_string(slices) +
                           " does not follow slice " + std::to_string(slice_) + " of " +
                           std::to_string(slices_));
  }
  slice_ = slice;
  slices_ = slices;
  slice_next_offsets_.clear();
  if (slice == 0) {
    slice_start_.assign(pending_meta_.partitions().begin(), pending_meta_.partitions().end());
    return Status::Ok();
  }
  // Back to the matrices the pass started from (a partition new to it had none: no field, which
  // the meta's bytes tell apart from an empty matrix).
  for (v1::PartitionMeta& partition : *pending_meta_.mutable_partitions()) {
    const auto p = static_cast<size_t>(partition.partition());
    if (p < slice_start_.size() && slice_start_[p].has_policy()) {
      *partition.mutable_policy() = slice_start_[p].policy();
    } else {
      partition.clear_policy();
    }
  }
  return Status::Ok();
}

int64_t Projector::SliceNextOffset(int32_t partition) const {
  if (auto it = slice_next_offsets_.find(partition); it != slice_next_offsets_.end()) {
    return it->second;
  }
  const auto p = static_cast<size_t>(partition);
  return p < slice_start_.size() ? slice_start_[p].next_offset() : 0;
}

Status Projector::FoldRun(const std::vector<const ShardItem*>& run) {
  std::vector<std::vector<const ShardItem*>> per_shard(shards_.size());
  for (const ShardItem* item : run) per_shard[item->shard].push_back(item);
  std::vector<Status> statuses(shards_.size());
  // Every partition in the run has its meta already (Decode), so pending_meta_ is only read.
  shard_threads_.Run(
      run.size() >= kParallelRecordsMin, [&](size_t k) { return !per_shard[k].empty(); },
      [&](size_t k) { statuses[k] = shards_[k]->FoldAccountEvents(per_shard[k], pending_meta_); });
  return FirstError(statuses);
}

}  // namespace arledger
