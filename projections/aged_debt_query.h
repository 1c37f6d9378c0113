// The aged debt report, computed exactly for any as_of by folding every account's view.
//
// Exact: each account's open items on as_of come from core's BuildAccountView, which counts only
// what happened on or before as_of. Cost is one scan of the accounts read model (the incremental
// due-date index of DESIGN.md is the planned fast path for today's totals). Thread-safe (reads).
#pragma once

#include <string>

#include "arledger/v1/api.pb.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/status.h"
#include "projections/store.h"

namespace arledger {

enum class AgedDebtGrouping { kCollector, kPortfolio };

Status QueryAgedDebt(const Store& store, Date as_of, AgedDebtGrouping grouping,
                     const AgingConfig& aging, v1::AgedDebtReport* report);

// CSV: one row per account and currency, then one per group and currency, then the totals.
std::string AgedDebtCsv(const v1::AgedDebtReport& report);

}  // namespace arledger
