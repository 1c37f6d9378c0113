// ReadModelBatch: the collections read models' share of one projector batch — history records,
// account summaries (worklist model), the aging index, the promise index and the daily totals.
//
// The projector calls BeginAccount with an account's committed state the first time a batch
// touches it, AddAccountEvent after each event the fold decided for an account, and at commit
// WriteHistory, TakeDaily and WriteAccount for each account, which add every change to the same
// rocksdb::WriteBatch as the account states and offsets (exactly-once: DESIGN.md principle 4).
// (Bulk passes write an account's changes once, at the end of the pass.)
// The changes to entries shared by many accounts (aging index, daily totals) are returned as
// AggregateDeltas instead: the projector sums those of all its shards and WriteAggregates adds
// them to the batch. The summaries and promise entries of the committed states are computed in
// memory, never read back; the only read is one MultiGet per batch of the aggregate entries.
//
// Thread-safety: a ReadModelBatch is driven by one thread (its projector shard's).
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/fold.h"
#include "core/log_record.h"
#include "projections/aging_index.h"
#include "projections/daily_totals.h"
#include "projections/promise_index.h"
#include "projections/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace arledger {

// The changes a batch makes to the entries many accounts share; order-free sums, so the
// shards' deltas merge to the same result in any order.
struct AggregateDeltas {
  AgingDeltas aging;
  DailyDeltas daily;

  // Adds `other` (left empty) to these.
  void MergeFrom(AggregateDeltas* other);
};

// The aggregate entries a batch wrote, kept while its write may still be in flight (the
// projector's pipelined writes): key -> value, or nullopt where the batch deleted the entry.
struct WrittenAggregates {
  // True for a bulk load's: the maps then hold every aggregate entry the store has, nothing is
  // read from the store, and each write updates them in place rather than replacing them.
  bool complete = false;
  std::unordered_map<std::string, std::optional<std::string>> aging;
  std::unordered_map<std::string, std::optional<std::string>> daily;
};

// Adds the aggregate deltas to `batch`: one MultiGet of the entries they change, then the sums.
// With `written`, an entry found there is read from it instead of the store, and it is replaced
// by what this batch writes.
Status WriteAggregates(const Store& store, const AggregateDeltas& aggregates,
                       rocksdb::WriteBatch* batch, WrittenAggregates* written = nullptr);

class ReadModelBatch {
 public:
  // `committed` is the account's state before the batch (default, with its id, when new).
  void BeginAccount(const AccountState& committed, bool existed);

  // After the fold decided `event` (applied or rejected) for `state`'s account.
  void AddAccountEvent(const LogRecord& record, const v1::EventEnvelope& event,
                       const ApplyResult& result, const AccountState& state);

  // Adds the batch's per-account changes to `batch`, given the batch's final account states,
  // its aggregate changes to `aggregates` (this batch's daily deltas are moved there), and
  // raises `*horizon_date` to the latest horizon among the accounts.
  // In three parts: the history records added since the last call; the daily deltas, moved
  // into `aggregates`; and, for each account, its worklist and promise entries and its aging
  // change, with its summary built in `scratch`. A bulk pass writes its accounts apart from
  // its events.
  void WriteHistory(const Store& store, rocksdb::WriteBatch* batch);
  void TakeDaily(AggregateDeltas* aggregates);
  // With `keep_as_before`, what it writes becomes the account's "before" for the next batch
  // (its state is held from batch to batch: ProjectorShard::RetainAccounts); `scratch` then
  // holds the summary before it.
  void WriteAccount(const Store& store, const AccountState& state, v1::AccountSummary* scratch,
                    rocksdb::WriteBatch* batch, AgingDeltas* aging, std::string* horizon_date,
                    bool keep_as_before);

  // Forgets what an account held from batch to batch was before (it is let go of).
  void Forget(const std::string& account_id) { before_.erase(account_id); }

  // Forgets the batch's history and daily deltas (ClearBatch), or everything (Clear).
  void ClearBatch();
  void Clear();

 private:
  struct Before {
    bool existed = false;
    std::string worklist_key;
    std::string summary;  // Serialised v1::AccountSummary.
    v1::AccountSummary parsed;
    PromiseIndexEntries promises;
  };

  // The history records since WriteHistory, each its key then its serialised record, back to
  // back in history_bytes_ (one buffer, kept from batch to batch, instead of two strings an
  // event); history_ holds their sizes in order.
  struct HistoryEntry {
    size_t key_size = 0;
    size_t record_size = 0;
  };

  std::unordered_map<std::string, Before> before_;
  std::vector<HistoryEntry> history_;
  std::string history_bytes_;
  v1::HistoryRecord history_scratch_;  // Reused, so its event bytes keep their buffer.
  DailyDeltas daily_;
};

}  // namespace arledger
