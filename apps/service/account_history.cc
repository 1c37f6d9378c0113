// AccountHistory: filter the account's partition, fold with the projector, describe each record.
#include "service/account_history.h"

#include <filesystem>
#include <map>

#include "core/fold.h"
#include "projections/account_queries.h"
#include "projections/history_model.h"
#include "projections/projector.h"
#include "service/http_util.h"
#include "service/log_scan.h"

namespace arledger {
namespace {

constexpr int64_t kMillisecondsPerSecond = 1000;

// A record kept for the fold. It is folded at a dense offset of its own (its index among the
// kept records): the projector insists on dense offsets, and no decision depends on them.
struct Kept {
  LogPosition position;  // Where it really is in the log.
  int64_t timestamp_ms = 0;
  bool parsed = false;
  bool own = false;  // The account's (not a policy record of the partition).
  v1::EventEnvelope event;
};

// Removes a scratch directory when the history is done, whatever happened.
struct ScratchDirectory {
  std::string path;
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

// Whether `record` bears on the account: its own records (decoded, or keyed to it when they do
// not decode) and the partition's policy records.
bool Relevant(const LogRecord& record, const std::string& account_id, Kept* kept) {
  kept->position = {record.partition, record.offset};
  kept->timestamp_ms = record.timestamp_ms;
  kept->parsed = kept->event.ParseFromString(record.value);
  kept->own = kept->parsed ? kept->event.account_id() == account_id : record.key == account_id;
  return kept->own || (kept->parsed && IsPolicyEvent(kept->event));
}

std::string StatusOf(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_REJECTED:
      return "rejected";
    case v1::OUTCOME_SKIPPED_UNKNOWN:
      return "skipped_unknown";
    default:
      return "applied";
  }
}

// What became of the kept record folded at `folded_offset`, read back from the scratch store.
Status Describe(const Store& store, const Kept& kept, int64_t folded_offset,
                const std::map<int64_t, std::string>& dead_letters, HistoryEntry* entry) {
  entry->position = kept.position;
  entry->timestamp_ms = kept.timestamp_ms;
  if (kept.parsed) {
    entry->business_date = BusinessDate(kept.event);
    entry->event_type = EventTypeName(kept.event);
    entry->event_id = kept.event.event_id();
  }
  if (auto letter = dead_letters.find(folded_offset); letter != dead_letters.end()) {
    entry->status = "dead_letter";
    entry->reason = letter->second;
    return Status::Ok();
  }
  v1::EventRecord record;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(
      store.GetEventRecord(EventDedupeKey(kept.event, kept.position.partition), &record, &found));
  if (!found) return Internal("no event record for " + kept.event.event_id());
  if (record.offset() != folded_offset) {
    entry->status = "duplicate";
    return Status::Ok();
  }
  entry->status = StatusOf(record.outcome());
  entry->reason = record.reason();
  return Status::Ok();
}

Date ViewDate(const HistoryQuery& query) {
  if (query.as_of) return *query.as_of;
  if (query.known_at_ms) return Date::FromUnixSeconds(*query.known_at_ms / kMillisecondsPerSecond);
  return http::TodayUtc();
}

}  // namespace

Status AccountHistory(EventLog* events, const HistoryQuery& query,
                      const std::string& scratch_directory, Progress* progress,
                      HistoryReport* report) {
  std::error_code error;
  if (std::filesystem::exists(scratch_directory, error) &&
      !std::filesystem::is_empty(scratch_directory, error)) {
    return FailedPrecondition("scratch directory '" + scratch_directory + "' is not empty");
  }
  ScratchDirectory scratch{scratch_directory};
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(scratch_directory, StoreOptions(), &store));
  Projector projector(store.get(), events->topic());
  ARLEDGER_RETURN_IF_ERROR(projector.Load());

  report->partition = PartitionForKey(query.account_id, events->partition_count());
  report->as_of = ViewDate(query);
  std::vector<int64_t> stop;
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(events, &stop));
  std::vector<int64_t> start = stop;  // Only the account's partition is read.
  start[report->partition] = 0;

  std::vector<Kept> kept;
  std::map<int64_t, std::string> dead_letters;  // Folded offset -> why.
  ScanOptions scan;
  scan.progress = progress;
  ARLEDGER_RETURN_IF_ERROR(ScanLog(events, start, stop, scan, [&](std::vector<LogRecord>& records) {
    std::vector<LogRecord> batch;
    for (LogRecord& record : records) {
      ++report->records_read;
      Kept candidate;
      if (!Relevant(record, query.account_id, &candidate)) continue;
      if (query.known_at_ms && record.timestamp_ms > *query.known_at_ms) {
        report->records_after_known_at += candidate.own ? 1 : 0;
        continue;
      }
      record.offset = static_cast<int64_t>(kept.size());
      batch.push_back(std::move(record));
      kept.push_back(std::move(candidate));
    }
    std::vector<v1::DeadLetter> letters;
    ARLEDGER_RETURN_IF_ERROR(projector.Prepare(batch, &letters));
    ARLEDGER_RETURN_IF_ERROR(projector.Commit());
    for (const v1::DeadLetter& letter : letters) dead_letters[letter.offset()] = letter.detail();
    return Status::Ok();
  }));

  const std::string as_of = report->as_of.ToString();
  for (size_t i = 0; i < kept.size(); ++i) {
    if (!kept[i].own) continue;
    HistoryEntry entry;
    ARLEDGER_RETURN_IF_ERROR(
        Describe(*store, kept[i], static_cast<int64_t>(i), dead_letters, &entry));
    if (entry.business_date <= as_of) report->events.push_back(std::move(entry));
  }
  Status view =
      QueryAccountView(*store, query.account_id, report->as_of, AgingConfig(), &report->view);
  report->found = view.ok();
  return view.code() == StatusCode::kNotFound ? Status::Ok() : view;
}

}  // namespace arledger
