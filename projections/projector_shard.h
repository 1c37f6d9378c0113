// ProjectorShard: the accounts of one projector batch whose ids hash to this shard.
//
// The projector splits every batch by account. An account event, its dedupe record, its
// history record, the account's summary and promise entries all belong to the shard of the
// account, so shards share nothing and fold on their own threads. What spans accounts is kept
// per shard and merged by the projector once the shards are done: counters and ledger totals
// (sums), aging and daily deltas (sums), dead letters (put back in record order). Every merge
// is order-free, so the store a batch leaves is the same whatever the number of shards: a
// replay on a machine with more cores gives the same digest.
//
// Policy events change the authority matrix that later account events of their partition are
// folded under. The projector folds them on shard 0, alone, between parallel runs of account
// events (FoldPolicy); during a run the matrices are read-only.
//
// Thread-safety: one thread at a time drives a shard; the Store may be read concurrently.
// Nothing a shard holds is durable until the projector's Commit has written it.
#pragma once

#include <google/protobuf/arena.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/fold.h"
#include "core/log_record.h"
#include "core/sha256.h"
#include "core/status.h"
#include "projections/account_slots.h"
#include "projections/read_model_batch.h"
#include "projections/seen_event_index.h"
#include "projections/store.h"

namespace arledger {

// One record of a batch, decoded, as a shard folds it.
struct ShardItem {
  size_t index = 0;  // Position in the records handed to Projector::Prepare.
  const LogRecord* record = nullptr;
  v1::EventEnvelope* event = nullptr;  // nullptr: the value did not parse.
  std::string dedupe_key;              // EventDedupeKey; empty when the value did not parse.
  // Decided where the event was parsed, while it is in that core's cache: whether it is a
  // policy event (IsPolicyEvent), its account id's hash (std::hash), and the shard that folds
  // it (Projector::ShardOf).
  bool policy = false;
  uint64_t account_hash = 0;
  size_t shard = 0;
  // A later slice of a bulk pass: the record is another slice's, told from its bytes without
  // parsing them (PeekEnvelope). It is not parsed (event stays null) nor folded.
  bool other_slice = false;
};

// A dead letter and the position of its record in the batch, to merge shards in record order.
using IndexedDeadLetter = std::pair<size_t, v1::DeadLetter>;

class ProjectorShard {
 public:
  // `store` and `topic` outlive the shard.
  ProjectorShard(const Store* store, const std::string* topic);
  ~ProjectorShard();
  ProjectorShard(const ProjectorShard&) = delete;
  ProjectorShard& operator=(const ProjectorShard&) = delete;

  // Where the batch's messages live (decoded events too): released by Clear.
  google::protobuf::Arena* arena() { return arena_.get(); }

  // Reads, in two MultiGets, the account states and event records `items` need, then folds
  // them in order. No item may be a policy event. `meta` gives each partition's matrix and is
  // only read.
  Status FoldAccountEvents(const std::vector<const ShardItem*>& items,
                           const v1::ProjectionMeta& meta);

  // Folds one policy event into `partition`'s matrix (de-duplicated like any event).
  Status FoldPolicy(const ShardItem& item, v1::PartitionMeta* partition);

  // A later slice of a bulk pass (Projector::BeginSlice) meets a policy event again: it changes
  // `partition`'s matrix as it did in slice 0, which alone counted it and wrote its record.
  Status FoldPolicyAgain(const ShardItem& item, v1::PartitionMeta* partition);

  // Counters and ledger totals since the last TakeCounts, and the dead letters (with their
  // record positions): moved out, to be merged by the projector.
  v1::ProjectionMeta TakeCounts();
  std::vector<IndexedDeadLetter> TakeDeadLetters();

  // Writes the shard's account states, event records and per-account read models into
  // `batch`; adds its aggregate deltas to `aggregates` and raises `*horizon_date` to the
  // latest horizon among its accounts.
  void Write(const Store& store, rocksdb::WriteBatch* batch, AggregateDeltas* aggregates,
             std::string* horizon_date);

  // Forgets the batch (after it was written, or abandoned). What Write wrote stays kept, when
  // kept (below).
  void Clear();

  // From now on Write keeps a copy of the account states and event records it writes, until
  // the next Write, and the next batch's prefetch reads those instead of the store: for
  // pipelined commits, where the store may not have them yet.
  void KeepWritten() { keep_written_ = true; }

  // Bulk passes, for a replay into a fresh store one group of partitions at a time: from now on
  // the shard reads nothing from the store. It keeps the pass's accounts, and the identity of
  // every event it folded, in memory from batch to batch: an account and its event ids live in
  // one partition, and a fresh store holds nothing of a partition before the pass over it, so
  // what the shard holds is all there is. Write then writes only each batch's event records,
  // history and daily deltas; WritePassAccounts writes the accounts when the pass is over.
  void BulkPasses() { bulk_ = true; }

  // From now on up to about `bytes_max` of account states stay in memory from one batch to the
  // next, with what their read models hold (summary, promise entries): a later batch folds
  // into them without reading, decoding or summarising them again. The projector is the only
  // writer of the store, so what is held is what the store holds (or will, once the write in
  // flight lands). Beyond the bound, accounts are let go after each batch's write.
  void RetainAccounts(size_t bytes_max) { retain_bytes_max_ = bytes_max; }

  // Bulk passes: adds up to `accounts_max` of the pass's accounts not written yet, with their
  // read models, to `batch` (aging changes to `aggregates`, horizon as Write does). Returns
  // true once every account is written: the shard has then forgotten the pass.
  bool WritePassAccounts(const Store& store, size_t accounts_max, rocksdb::WriteBatch* batch,
                         AggregateDeltas* aggregates, std::string* horizon_date);

 private:
  Status Prefetch(const std::vector<const ShardItem*>& items);
  void FoldOne(const ShardItem& item, const v1::AuthorityPolicySet* policy,
               v1::AuthorityPolicySet* policy_to_change);
  // True when the event was seen before (counted, or dead-lettered as a conflict). Bulk
  // passes: otherwise it is entered in the pass's events, and `*pass_key` is its key there.
  bool SeenBefore(const ShardItem& item, const Sha256::Digest& content, std::string_view* pass_key);
  // A record whose dedupe key was folded before, at `partition`/`offset` with content hash
  // `first_content`: a duplicate (counted) when its content is the same, else a conflict.
  void Repeated(const ShardItem& item, std::string_view content, std::string_view first_content,
                int32_t partition, int64_t offset);
  // `account_hash` is the id's std::hash (ShardItem::account_hash).
  AccountState* PendingAccount(const std::string& account_id, uint64_t account_hash);
  // Bulk passes: starts fetching the slots, then the accounts, of the events a few ahead of
  // `next` (AccountSlots), so that their cache misses overlap the folds before them.
  void PrefetchAccounts(const std::vector<const ShardItem*>& items, size_t next) const;
  void LetGoOfAccounts();
  void AddPostings(const Postings& postings);
  void DeadLetter(const ShardItem& item, v1::DeadLetterReason reason, std::string detail);

  const Store* const store_;
  const std::string* const topic_;
  // The arena's first block, kept across batches (sized by the largest batch so far, bounded):
  // a batch's messages then land on memory the last batch already paged in.
  std::unique_ptr<char[]> arena_block_;
  size_t arena_block_size_ = 0;
  std::unique_ptr<google::protobuf::Arena> arena_;
  v1::ProjectionMeta counts_;  // Only the counters and the ledger are used.
  std::vector<IndexedDeadLetter> dead_letters_;
  // The accounts held: those this batch folded into (touched), and those retained from earlier
  // batches (RetainAccounts) or from earlier in the pass (bulk passes).
  // The small fields come first, in the entry's first cache line with the id: every event
  // reads `touched`, and behind the state it was a cache line of its own.
  struct HeldAccount {
    size_t bytes = 0;  // Estimated memory, from its encoded size when last written.
    bool touched = false;
    uint64_t written_in = 0;  // The batch that last wrote it (batch_number_).
    AccountState state;       // Last: its hot front follows the fields above.
  };
  // The front of a held account's entry that every event touches: its id, the fields above
  // and the state's hot front.
  static constexpr size_t kHeldEntryHotBytes =
      sizeof(std::string) + sizeof(HeldAccount) - sizeof(AccountState) + kAccountStateHotBytes;
  std::unordered_map<std::string, HeldAccount> pending_accounts_;
  AccountSlots<HeldAccount> pass_slots_;  // Bulk passes: pending_accounts_ by id hash.
  std::vector<std::pair<const std::string, HeldAccount>*> touched_;  // In first-touch order.
  size_t retain_bytes_max_ = 0;
  size_t retained_bytes_ = 0;
  uint64_t batch_number_ = 1;  // Counts Clear calls: which batch is being folded.
  std::unordered_map<std::string, v1::EventRecord*> pending_events_;  // In arena_.
  std::unordered_map<std::string, std::string> prefetched_accounts_;  // Serialised; "" = new.
  std::unordered_map<std::string, std::string> prefetched_events_;
  bool keep_written_ = false;
  std::unordered_map<std::string, std::string> written_accounts_;  // The last Write's, serialised.
  std::unordered_map<std::string, std::string> written_events_;
  ReadModelBatch read_models_;
  v1::AccountSummary summary_scratch_;  // Each written account's summary, built in turn.

  bool bulk_ = false;
  SeenEventIndex pass_events_;  // What identifies each event the pass folded.
  // Bulk passes: the batch's event records to write, keyed by their keys in pass_events_ (which
  // stay put), in place of pending_events_. One look-up an event instead of three.
  std::vector<std::pair<std::string_view, v1::EventRecord*>> batch_events_;
  std::unordered_map<std::string, HeldAccount>::const_iterator pass_cursor_;
  bool pass_writing_ = false;
};

// Adds a shard's counters and ledger totals (TakeCounts) to the batch's meta.
void MergeCounts(const v1::ProjectionMeta& counts, v1::ProjectionMeta* meta);

}  // namespace arledger
