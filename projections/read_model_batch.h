// ReadModelBatch: the collections read models' share of one projector batch — history records,
// account summaries (worklist model), the aging index, the promise index and the daily totals.
//
// The projector calls BeginAccount with an account's committed state the first time a batch
// touches it, AddAccountEvent after each event the fold decided for an account, and Write once
// at commit, which adds every change to the same rocksdb::WriteBatch as the account states and
// offsets (exactly-once: DESIGN.md principle 4). The summaries and promise entries of the
// committed states are computed in memory, never read back; the only read is one MultiGet per
// batch of the shared aggregate entries (aging index and daily totals) the batch changes.
//
// Thread-safety: owned and driven by the projector's one thread.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
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

class ReadModelBatch {
 public:
  // `committed` is the account's state before the batch (default, with its id, when new).
  void BeginAccount(const v1::AccountState& committed, bool existed);

  // After the fold decided `event` (applied or rejected) for `state`'s account.
  void AddAccountEvent(const LogRecord& record, const v1::EventEnvelope& event,
                       const ApplyResult& result, const v1::AccountState& state);

  // Adds the batch's changes to `batch`, given the batch's final account states, and raises
  // meta->horizon_date to the latest horizon among them.
  Status Write(const Store& store,
               const std::unordered_map<std::string, v1::AccountState*>& accounts,
               rocksdb::WriteBatch* batch, v1::ProjectionMeta* meta);

  void Clear();

 private:
  struct Before {
    bool existed = false;
    std::string worklist_key;
    std::string summary;  // Serialised v1::AccountSummary.
    v1::AccountSummary parsed;
    PromiseIndexEntries promises;
  };
  Status WriteAggregates(const Store& store, const AgingDeltas& aging, rocksdb::WriteBatch* batch);

  std::unordered_map<std::string, Before> before_;
  std::vector<std::pair<std::string, std::string>> history_;  // Key, serialised record.
  DailyDeltas daily_;
};

}  // namespace arledger
