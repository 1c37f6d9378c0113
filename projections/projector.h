// Projector: folds batches of log records into the Store, exactly once.
//
// Prepare() decodes, validates, de-duplicates and folds a batch of records into pending
// state held in memory (a write-back cache of the accounts the batch touches, read with one
// MultiGet per batch and shard — never a read per event). Commit() writes every changed account,
// every event record, the collections read models derived from them (history, summaries, aging and
// promise indexes, daily totals: see read_model_batch.h) and the new meta (offsets, hash-chain
// heads, counters, ledger totals) in one WriteBatch. Records below a partition's stored offset are
// skipped (redelivery after a restart), so a batch can be re-consumed safely — but first their
// bytes are checked against the hash chain as folded (chain_check.h): a rewritten log is
// Corruption, never silently skipped.
//
// Idempotency is scoped to the account: the key is (account_id, event_id). A repeat with the
// same bytes is a no-op ("exists"); with different bytes it is a conflict and dead-lettered.
// Scoping by account keeps every decision inside one partition, so replicas and replays decide
// identically however partitions interleave. Policy events are published to every partition
// and dedupe per partition.
//
// The trial balance (global ledger totals summed per currency) is checked to be zero after
// every commit, with an assertion that stays on in release.
//
// Each batch is folded by shards (projector_shard.h), one kept thread each (shard_threads.h),
// every account on the shard its id hashes to; policy events are folded alone between runs of
// account events. The store a batch leaves is the same for any number of shards.
//
// Pipelined writes (PipelineWrites: replays, and the service's consume loop): Commit hands the
// batch's WriteBatch to its writer thread (write_thread.h) and returns, so that RocksDB's write of
// one batch runs while the next is decoded and folded. The next batch reads what the one in flight
// wrote from the shards' copies of it (the account states, event records and aggregate entries it
// wrote), everything else from the store; the next Commit waits for the write before starting its
// own. Readers of the store see a batch once its write has landed (Commit's `on_written` says
// when), whole or not at all (one WriteBatch). The store a log leaves is the same either way.
//
// Thread-safety: one thread drives a Projector (it hands work to its shards' threads and its
// writer thread, and waits for it, within its calls); the Store may be read concurrently.
#pragma once

#include <rocksdb/write_batch.h>

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/log_record.h"
#include "core/status.h"
#include "projections/chain_check.h"
#include "projections/key_ordered_batch.h"
#include "projections/projector_shard.h"
#include "projections/shard_threads.h"
#include "projections/store.h"
#include "projections/write_thread.h"

namespace arledger {

// The events-model key for an event: (account_id, event_id), or (partition, event_id) for a
// policy event.
std::string EventDedupeKey(const v1::EventEnvelope& event, int32_t partition);

// How many shards (threads) a projector folds with, by default: one per core, at most
// kProjectorShardsMax. The store a batch leaves does not depend on it.
inline constexpr int kProjectorShardsMax = 8;
int DefaultProjectorShards();

// Which of `slices` slices of a bulk pass an account whose id hashes to `account_hash` is in
// (Projector::BeginSlice). Its high bits: shards take the low ones (hash % shards).
inline size_t SliceOf(uint64_t account_hash, size_t slices) {
  return static_cast<size_t>((account_hash >> 32) % slices);
}

// Bulk passes: accounts a shard adds to one WriteBatch at the end of a pass (bounds the batch to
// a few MiB whatever the pass's size).
inline constexpr size_t kPassAccountsPerWrite = 4096;

class Projector {
 public:
  // `topic` is recorded in dead letters as the records' origin. `shards` (1..
  // kProjectorShardsMax) is how many threads fold a batch, each over its own accounts.
  Projector(Store* store, std::string topic, int shards = DefaultProjectorShards());
  ~Projector();

  // Reads the committed meta. Call once before anything else.
  Status Load();

  // The next offset to consume per partition (0 for partitions never seen).
  Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets);

  // Folds `records` into the pending batch; what cannot be applied is appended to
  // `dead_letters`, in record order. May be called several times before one Commit. After an
  // error the pending batch is unusable: Commit refuses it (the caller restarts from the store).
  Status Prepare(const std::vector<LogRecord>& records, std::vector<v1::DeadLetter>* dead_letters);

  // Writes the pending batch and its offsets atomically, then calls `on_written` (if any; also
  // when nothing was pending). After an error nothing more can be committed (the caller
  // restarts from the store). With pipelined writes it returns once the write has started;
  // `on_written` runs on the writer thread once it has landed, and a failed write's error is
  // returned by the next Commit or WaitForWrites (`on_written` is then not called).
  Status Commit(std::function<void()> on_written = nullptr);

  // From now on Commit does not wait for RocksDB's write (see above).
  void PipelineWrites();

  // From now on the shards keep up to about `bytes_max` of account states in memory between
  // batches (ProjectorShard::RetainAccounts; split evenly between them): a batch folds into a
  // held account without reading, decoding or summarising it. The store a log leaves is the same
  // either way. 0 (the default) keeps nothing between batches.
  void RetainAccounts(size_t bytes_max);

  // Bulk passes, for ReplayInto: the store is fresh, and the log is read one group of
  // partitions at a time, each from offset 0 to its end, with EndPass after each group. From
  // now on nothing is read from the store (ProjectorShard::BulkPasses); each Commit writes its
  // batch's event records and history (pipelined), and EndPass the pass's accounts, their read
  // models, the aggregates and the meta. Until EndPass returns, the store's offsets lag behind
  // what it holds: a bulk replay that dies half-way leaves a store to delete, as any replay
  // does. Fails with FailedPrecondition unless the store has folded nothing yet.
  Status BulkPasses();

  // Bulk passes: the next pass (up to its EndPass) folds only slice `slice` of `slices` of its
  // accounts (SliceOf their id hash), so that a pass over a large partition holds a fraction of
  // it. The caller then reads the same partitions `slices` times, slices 0, 1, ... in turn, with
  // a BeginSlice before each and an EndPass after. Slice 0 also folds what is no account's:
  // records that do not parse, the hash chain and the offsets, and the policy events' counts and
  // records. Every slice folds the policy events into the matrices, from where the pass started,
  // so that each account event is folded under the matrix it would be without slices. The store
  // the log leaves is the same for any number of slices. Without a call, a pass is one slice.
  Status BeginSlice(size_t slice, size_t slices);

  // Bulk passes: every partition of the pass is folded to its end. Writes the accounts (in
  // WriteBatches of at most kPassAccountsPerWrite per shard), then the aggregates and the meta
  // with the offsets; on return all of it is in the store.
  Status EndPass();

  // Waits for the write in flight, if any: once it returns Ok, every committed batch is in the
  // store.
  Status WaitForWrites();

  // The meta as of the last commit.
  const v1::ProjectionMeta& committed_meta() const { return committed_meta_; }

  // The batch the last Commit wrote, in the order it was written (benchmarks replay it into a
  // bare RocksDB as their baseline). Valid until the next Commit.
  const rocksdb::WriteBatch& last_written() const { return ordered_batch_; }

  // How many redelivered records were checked against the chain, or could not be.
  const ChainCheck& chain_check() const { return chain_; }

  int shards() const { return static_cast<int>(shards_.size()); }

 private:
  Status Decode(const std::vector<LogRecord>& records, std::vector<ShardItem>* items);
  Status FoldItems(const std::vector<ShardItem>& items);
  Status FoldRun(const std::vector<const ShardItem*>& run);
  bool InSlice(const ShardItem& item) const;
  bool InOtherSlice(std::string_view value) const;
  int64_t SliceNextOffset(int32_t partition) const;
  Status CommitPending(std::function<void()> on_written);
  Status CommitBulk();
  Status WritePass();
  void CanonicalLedger();  // Checks the trial balance and sorts the meta's ledger.
  Status WaitForWrite();   // The write in flight, if any; its error latches into failed_.
  size_t ShardOf(const ShardItem& item) const;
  v1::PartitionMeta* PendingPartition(int32_t partition);

  Store* const store_;
  const std::string topic_;
  v1::ProjectionMeta committed_meta_;
  v1::ProjectionMeta pending_meta_;
  std::vector<std::unique_ptr<ProjectorShard>> shards_;
  ShardThreads shard_threads_;  // Shard k decodes, folds and writes on thread k (0: the caller's).
  ChainCheck chain_;
  bool pending_ = false;
  size_t pending_records_ = 0;  // Records folded since the last commit.
  Status failed_;               // The first error of a Prepare or Commit: this projector is done.
  // The commit's batches as built (the meta's and aggregates', then one per shard), and all of
  // them in key order. Kept between commits, so their buffers keep the size the largest batch
  // needed: no regrowth (copy) nor fresh pages per commit.
  rocksdb::WriteBatch unordered_batch_;
  std::vector<rocksdb::WriteBatch> shard_batches_;
  std::vector<BatchOperation> sorted_;                     // unordered_batch_'s, sorted.
  std::vector<std::vector<BatchOperation>> shard_sorted_;  // Each shard batch's, sorted.
  rocksdb::WriteBatch ordered_batch_;
  bool pipelined_ = false;
  std::future<Status> writing_;           // The write of ordered_batch_, when pipelined.
  WrittenAggregates written_aggregates_;  // What that write puts in the aggregate models.
  // Bulk passes: the batches the write in flight writes (shard_batches_ and this are swapped),
  // and the pass's daily deltas, written by EndPass.
  bool bulk_ = false;
  bool pass_open_ = false;  // A bulk batch was committed since the last EndPass.
  std::vector<rocksdb::WriteBatch> bulk_writing_;
  AggregateDeltas pass_aggregates_;
  // Bulk passes in slices (BeginSlice): which slice of how many, and, for the later slices,
  // what the first started from (each partition's matrix and next offset) and where each of
  // their partitions is now (the meta's offsets and chain are slice 0's).
  size_t slice_ = 0;
  size_t slices_ = 1;
  std::vector<v1::PartitionMeta> slice_start_;
  std::map<int32_t, int64_t> slice_next_offsets_;
  // Runs the pipelined and bulk writes. Last, so that it stops (after the write in flight)
  // before anything that write reads is destroyed.
  WriteThread write_thread_;
};

}  // namespace arledger
