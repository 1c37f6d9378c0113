// ProjectorShard: writing a batch's (or a bulk pass's) accounts, event records and read models,
// and letting go of retained accounts beyond their bound.
#include <rocksdb/write_batch.h>

#include <algorithm>

#include "core/state_codec.h"
#include "projections/projector_shard.h"

namespace arledger {
namespace {

// An account held in memory takes about this much per byte of its encoding (its vectors,
// strings and padding: 2,727 bytes decoded for 658 encoded, on average over the 100k accounts
// of the benchmark's portfolio, measured with jemalloc's stats.allocated), plus a fixed part
// (its map node, summary and promise entries).
constexpr size_t kHeldBytesPerEncodedByte = 4;
constexpr size_t kHeldBytesPerAccount = 2048;

}  // namespace

void ProjectorShard::Write(const Store& store, rocksdb::WriteBatch* batch,
                           AggregateDeltas* aggregates, std::string* horizon_date) {
  const bool keep = keep_written_ && !bulk_;  // Bulk passes never read the store back.
  std::string buffer;
  written_accounts_.clear();
  written_events_.clear();
  for (const auto& [key, record] : pending_events_) {
    std::string* bytes = keep ? &written_events_[key] : &buffer;
    ARLEDGER_CHECK(record->SerializeToString(bytes));
    batch->Put(store.handle(ReadModel::kEvents), key, *bytes);
  }
  for (const auto& [key, record] : batch_events_) {  // Bulk passes.
    ARLEDGER_CHECK(record->SerializeToString(&buffer));
    batch->Put(store.handle(ReadModel::kEvents), key, buffer);
  }
  read_models_.WriteHistory(store, batch);
  read_models_.TakeDaily(aggregates);
  if (bulk_) return;  // The accounts wait for the end of the pass.
  const bool retain = retain_bytes_max_ > 0;
  for (auto* touched : touched_) {
    const std::string& account_id = touched->first;
    HeldAccount& held = touched->second;
    // Retained accounts are read from memory by the next batch; a copy is kept only of those
    // let go of below (LetGoOfAccounts).
    std::string* bytes = keep && !retain ? &written_accounts_[account_id] : &buffer;
    EncodeAccountState(held.state, bytes);
    batch->Put(store.handle(ReadModel::kAccounts), account_id, *bytes);
    read_models_.WriteAccount(store, held.state, &summary_scratch_, batch, &aggregates->aging,
                              horizon_date, /*keep_as_before=*/retain);
    if (!retain) continue;
    const size_t estimate = kHeldBytesPerEncodedByte * bytes->size() + kHeldBytesPerAccount;
    ARLEDGER_CHECK(retained_bytes_ >= held.bytes);
    retained_bytes_ = retained_bytes_ - held.bytes + estimate;
    held.bytes = estimate;
    held.written_in = batch_number_;
  }
}

// Lets go of accounts, in no particular order, until what is retained fits the bound; the
// store holds them (or will, once the write in flight lands: pipelined, a copy of those this
// batch wrote serves the next batch's prefetch meanwhile).
void ProjectorShard::LetGoOfAccounts() {
  for (auto it = pending_accounts_.begin();
       retained_bytes_ > retain_bytes_max_ && it != pending_accounts_.end();) {
    if (keep_written_ && it->second.written_in == batch_number_) {
      EncodeAccountState(it->second.state, &written_accounts_[it->first]);
    }
    ARLEDGER_CHECK(retained_bytes_ >= it->second.bytes);
    retained_bytes_ -= it->second.bytes;
    read_models_.Forget(it->first);
    it = pending_accounts_.erase(it);
  }
}

bool ProjectorShard::WritePassAccounts(const Store& store, size_t accounts_max,
                                       rocksdb::WriteBatch* batch, AggregateDeltas* aggregates,
                                       std::string* horizon_date) {
  ARLEDGER_CHECK(bulk_ && batch_events_.empty());  // Every batch of the pass was written.
  if (!pass_writing_) {
    pass_cursor_ = pending_accounts_.cbegin();
    pass_writing_ = true;
  }
  std::string bytes;
  for (size_t written = 0; written < accounts_max && pass_cursor_ != pending_accounts_.cend();
       ++written, ++pass_cursor_) {
    const auto& [account_id, held] = *pass_cursor_;
    EncodeAccountState(held.state, &bytes);
    batch->Put(store.handle(ReadModel::kAccounts), account_id, bytes);
    read_models_.WriteAccount(store, held.state, &summary_scratch_, batch, &aggregates->aging,
                              horizon_date, /*keep_as_before=*/false);
  }
  if (pass_cursor_ != pending_accounts_.cend()) return false;
  pass_writing_ = false;
  pass_slots_.Clear();
  pending_accounts_.clear();
  touched_.clear();
  pass_events_.Clear();
  read_models_.Clear();
  return true;
}

}  // namespace arledger
