// ReadModelBatch: computing the collections read models' changes and writing them.
#include "projections/read_model_batch.h"

#include <rocksdb/write_batch.h>

#include "core/account_summary.h"
#include "projections/aging_index.h"
#include "projections/history_model.h"
#include "projections/read_model_keys.h"

namespace arledger {

void ReadModelBatch::BeginAccount(const AccountState& committed, bool existed) {
  Before& before = before_[committed.account_id];
  before.existed = existed;
  if (!existed) return;
  before.parsed.Clear();
  BuildAccountSummary(committed, kEndOfTimeDate, &before.parsed);
  ARLEDGER_CHECK(before.parsed.SerializeToString(&before.summary));
  before.worklist_key = WorklistKey(committed.collector_id, committed.account_id);
  before.promises = PromiseIndexOf(committed);
}

void ReadModelBatch::AddAccountEvent(const LogRecord& record, const v1::EventEnvelope& event,
                                     const ApplyResult& result, const AccountState& state) {
  const int64_t sequence = state.events_applied + state.events_rejected;
  const size_t start = history_bytes_.size();
  AppendHistoryKey(&history_bytes_, state.account_id, sequence);
  const size_t key_end = history_bytes_.size();
  FillHistoryRecord(record, result, sequence, &history_scratch_);
  ARLEDGER_CHECK(history_scratch_.AppendToString(&history_bytes_));
  history_.push_back({key_end - start, history_bytes_.size() - key_end});
  AddEventToDaily(event, result, state, &daily_);
}

void ReadModelBatch::WriteHistory(const Store& store, rocksdb::WriteBatch* batch) {
  const char* at = history_bytes_.data();
  for (const HistoryEntry& entry : history_) {
    batch->Put(store.handle(ReadModel::kHistory), rocksdb::Slice(at, entry.key_size),
               rocksdb::Slice(at + entry.key_size, entry.record_size));
    at += entry.key_size + entry.record_size;
  }
  history_.clear();
  history_bytes_.clear();
}

void ReadModelBatch::TakeDaily(AggregateDeltas* aggregates) {
  AggregateDeltas own;
  own.daily = std::move(daily_);
  daily_.clear();
  aggregates->MergeFrom(&own);
}

void ReadModelBatch::WriteAccount(const Store& store, const AccountState& state,
                                  v1::AccountSummary* scratch, rocksdb::WriteBatch* batch,
                                  AgingDeltas* aging, std::string* horizon_date,
                                  bool keep_as_before) {
  auto found = before_.find(state.account_id);
  ARLEDGER_CHECK(found != before_.end());
  Before& before = found->second;
  v1::AccountSummary& summary = *scratch;
  summary.Clear();
  BuildAccountSummary(state, kEndOfTimeDate, &summary);
  if (summary.horizon_date() > *horizon_date) *horizon_date = summary.horizon_date();
  std::string summary_bytes;
  ARLEDGER_CHECK(summary.SerializeToString(&summary_bytes));
  const std::string key = WorklistKey(state.collector_id, state.account_id);
  if (before.existed && before.worklist_key != key) {
    batch->Delete(store.handle(ReadModel::kWorklist), before.worklist_key);
  }
  if (!before.existed || before.worklist_key != key || before.summary != summary_bytes) {
    batch->Put(store.handle(ReadModel::kWorklist), key, summary_bytes);
  }
  AddAgingChange(before.existed ? &before.parsed : nullptr, summary, aging);

  PromiseIndexEntries promises = PromiseIndexOf(state);
  for (const auto& [promise_key, value] : before.promises) {
    if (!promises.count(promise_key))
      batch->Delete(store.handle(ReadModel::kPromises), promise_key);
  }
  for (const auto& [promise_key, value] : promises) {
    auto old = before.promises.find(promise_key);
    if (old == before.promises.end() || old->second != value) {
      batch->Put(store.handle(ReadModel::kPromises), promise_key, value);
    }
  }
  if (!keep_as_before) return;
  before.existed = true;
  before.worklist_key = key;
  before.summary = std::move(summary_bytes);
  before.parsed.Swap(&summary);
  before.promises = std::move(promises);
}

void AggregateDeltas::MergeFrom(AggregateDeltas* other) {
  if (aging.empty()) {
    aging.swap(other->aging);
  } else {
    for (const auto& [key, delta] : other->aging) aging[key] += delta;
  }
  if (daily.empty()) {
    daily.swap(other->daily);
  } else {
    for (const auto& [key, day] : other->daily) {
      v1::DailyTotals& total = daily[key];
      total.set_currency(day.currency());
      total.set_date(day.date());
      MergeDailyTotals(day, &total);
    }
  }
  other->aging.clear();
  other->daily.clear();
}

// One MultiGet for every aging and daily entry the batch changes, then the merged values.
Status WriteAggregates(const Store& store, const AggregateDeltas& aggregates,
                       rocksdb::WriteBatch* batch, WrittenAggregates* written) {
  const AgingDeltas& aging = aggregates.aging;
  const DailyDeltas& daily = aggregates.daily;
  std::vector<ReadModel> models;
  std::vector<std::string> keys;
  std::vector<__int128> deltas;
  for (const auto& [key, delta] : aging) {
    if (delta == 0) continue;
    models.push_back(ReadModel::kAging);
    keys.push_back(key);
    deltas.push_back(delta);
  }
  const size_t aging_count = keys.size();
  for (const auto& [key, day] : daily) {
    models.push_back(ReadModel::kDaily);
    keys.push_back(key);
  }
  std::vector<std::string> stored(keys.size());
  const bool complete = written != nullptr && written->complete;
  if (!complete) ARLEDGER_RETURN_IF_ERROR(store.MultiGet(models, keys, &stored));
  WrittenAggregates now;
  if (written != nullptr) {
    // The previous batch's values win over the store's: its write may not have landed yet.
    for (size_t i = 0; i < keys.size(); ++i) {
      const auto& before = i < aging_count ? written->aging : written->daily;
      if (auto it = before.find(keys[i]); it != before.end()) stored[i] = it->second.value_or("");
    }
  }
  std::string value;
  for (size_t i = 0; i < aging_count; ++i) {
    bool erase = false;
    ARLEDGER_RETURN_IF_ERROR(ApplyAgingDelta(keys[i], stored[i], deltas[i], &value, &erase));
    if (erase) {
      batch->Delete(store.handle(ReadModel::kAging), keys[i]);
      if (written != nullptr) now.aging.emplace(keys[i], std::nullopt);
    } else {
      batch->Put(store.handle(ReadModel::kAging), keys[i], value);
      if (written != nullptr) now.aging.emplace(keys[i], value);
    }
  }
  size_t i = aging_count;
  for (const auto& [key, day] : daily) {
    v1::DailyTotals total;
    if (!total.ParseFromString(stored[i])) return Corruption("daily totals do not parse");
    total.set_currency(day.currency());
    total.set_date(day.date());
    MergeDailyTotals(day, &total);
    ARLEDGER_CHECK(total.SerializeToString(&value));
    batch->Put(store.handle(ReadModel::kDaily), key, value);
    if (written != nullptr) now.daily.emplace(key, value);
    ++i;
  }
  if (complete) {
    for (auto& [key, value] : now.aging) written->aging[key] = std::move(value);
    for (auto& [key, value] : now.daily) written->daily[key] = std::move(value);
  } else if (written != nullptr) {
    *written = std::move(now);
  }
  return Status::Ok();
}

void ReadModelBatch::ClearBatch() {
  history_.clear();
  history_bytes_.clear();
  daily_.clear();
}

void ReadModelBatch::Clear() {
  before_.clear();
  ClearBatch();
}

}  // namespace arledger
