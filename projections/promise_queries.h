// Promise queries: what falls due on a date, and what has been broken since a date, from the
// promise index (due date, collector, account, id) with each entry judged as of as_of against
// the account's state (core/promises.h, core/instalment_status.h).
//
// Both list promises to pay (instalment 0) and payment-plan instalments (instalment n), in key
// order (due date, collector, account, id, instalment), paged. Optionally one collector's only:
// a prefix scan per day. Thread-safe (reads one StoreView).
#pragma once

#include <map>
#include <string>

#include "arledger/v1/api.pb.h"
#include "core/account_state.h"
#include "core/date.h"
#include "core/promises.h"
#include "core/status.h"
#include "projections/store_view.h"

namespace arledger {

inline constexpr size_t kPromisePageSizeDefault = 100;
inline constexpr size_t kPromisePageSizeMax = 1000;
// Bound on index entries one request examines; a page may then end short, with a token.
inline constexpr size_t kPromiseScanEntriesMax = 20000;
// Bound on the days a broken-since query spans.
inline constexpr int32_t kPromiseSinceDaysMax = 366;

enum class PromiseSelection {
  kDue,     // Due on the first day, not cancelled (pending, kept or broken as of as_of).
  kBroken,  // Due within [first day, as_of], broken as of as_of.
};

struct PromiseRequest {
  PromiseSelection selection = PromiseSelection::kDue;
  Date first_day;  // The due date (kDue), or `since` (kBroken).
  Date as_of;
  std::string collector_id;  // Empty: every collector.
  size_t page_size = kPromisePageSizeDefault;
  std::string page_token;
};

// InvalidArgument for a bad page size, token, or a `since` after as_of or too far back.
Status QueryPromises(const StoreView& view, const PromiseRequest& request,
                     const PromiseConfig& config, v1::PromiseList* list);

// Promises to pay (plan instalments excluded) due within [from, to], judged as of `to`, counted
// per currency: (kept, broken). Pending and cancelled ones are not counted.
struct PromiseOutcomes {
  int64_t kept = 0;
  int64_t broken = 0;
};
Status CountPromiseOutcomes(const StoreView& view, Date from, Date to, const PromiseConfig& config,
                            std::map<std::string, PromiseOutcomes>* by_currency);

// The status of one promise index entry as of `as_of` given its account's state.
PromiseStatus JudgePromiseEntry(const AccountState& state, const v1::PromiseIndexEntry& entry,
                                Date as_of, const PromiseConfig& config);

}  // namespace arledger
