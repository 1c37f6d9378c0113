// The aged debt report: open amounts by days past due date on as_of, per account, per group
// (collector or portfolio) and in total, per currency — never summed across currencies.
//
// Two bases, chosen by as_of against the store's horizon_date (the latest business or issue
// date folded so far):
// - "index" (as_of on or after the horizon): totals and group totals are sums over the aging
//   index (open amount by group, currency and due date; a few hundred entries per group), lines
//   come from the per-account summaries. Nothing folded is dated after as_of, so this is exact.
// - "exact" (as_of before the horizon): every account's state is rebuilt as of as_of (core's
//   ItemAsOfDate: only what happened on or before as_of counts), one scan of all accounts. Slower,
//   but a past as_of never sees a later payment.
// Both bases give identical reports where both apply. Thread-safe (reads one StoreView).
#pragma once

#include <string>

#include "arledger/v1/api.pb.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/status.h"
#include "projections/store.h"
#include "projections/store_view.h"

namespace arledger {

enum class AgedDebtGrouping { kCollector, kPortfolio };

struct AgedDebtOptions {
  AgedDebtGrouping grouping = AgedDebtGrouping::kCollector;
  bool lines = true;   // False: groups and totals only (the index basis then reads no summary).
  bool exact = false;  // Rebuild every account as of as_of even where the index applies.
  AgingConfig aging;
};

Status QueryAgedDebt(const StoreView& view, Date as_of, const AgedDebtOptions& options,
                     v1::AgedDebtReport* report);

// The same on a fresh view, with lines.
Status QueryAgedDebt(const Store& store, Date as_of, AgedDebtGrouping grouping,
                     const AgingConfig& aging, v1::AgedDebtReport* report);

// CSV: one row per account and currency, then one per group and currency, then the totals.
std::string AgedDebtCsv(const v1::AgedDebtReport& report);

// JSON, the same bytes as the protobuf JSON mapping that service/json.h's ToJson prints (proto
// field names, int64 as strings, zero values printed), written directly because the generic
// printer is too slow for a report of a million lines.
std::string AgedDebtJson(const v1::AgedDebtReport& report);

}  // namespace arledger
