// AccountHistory: one account as it stood, rebuilt from the log alone — the auditor's two
// questions: "the balance as of 31 March" (business time) and "what did we know on 5 April"
// (log time).
//
// Reads the account's partition (every event of an account is keyed by its id, so it is in
// one partition), keeps the account's records and the partition's policy records (the only
// ones its decisions depend on), and folds them with the projector into a scratch store, so
// every decision — applied, rejected, duplicate, dead-lettered — is the one the ledger makes.
//   known_at_ms: only records whose log timestamp is at or before it are folded ("what was
//                known then"); later ones are counted, not folded.
//   as_of:       the date the account view is taken on; the listing shows the events with a
//                business date on or before it. Default: the known_at date, else today.
// The scratch store is removed afterwards. The log is only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arledger/v1/api.pb.h"
#include "consumers/event_log.h"
#include "core/date.h"
#include "core/status.h"
#include "service/progress.h"

namespace arledger {

struct HistoryQuery {
  std::string account_id;
  std::optional<Date> as_of;
  std::optional<int64_t> known_at_ms;  // Milliseconds since the Unix epoch.
};

// One record of the account, as the fold decided it.
struct HistoryEntry {
  LogPosition position;
  int64_t timestamp_ms = 0;
  std::string business_date;  // Empty for a record that does not decode.
  std::string event_type;     // The body's field name, e.g. "invoice_issued".
  std::string event_id;
  std::string status;  // applied, rejected, skipped_unknown, duplicate or dead_letter.
  std::string reason;
};

struct HistoryReport {
  int32_t partition = 0;
  Date as_of;
  std::vector<HistoryEntry> events;    // In log order, business date <= as_of.
  int64_t records_read = 0;            // Of the account's partition.
  int64_t records_after_known_at = 0;  // Of the account, left out by known_at_ms.
  bool found = false;                  // Whether the account had any event by then.
  v1::AccountView view;                // Meaningful when found.
};

// `scratch_directory` must not exist or be empty; it is removed afterwards.
Status AccountHistory(EventLog* events, const HistoryQuery& query,
                      const std::string& scratch_directory, Progress* progress,
                      HistoryReport* report);

}  // namespace arledger
