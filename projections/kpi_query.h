// KPIs for a period [from, to], per currency: DSO (countback and simple), CEI, cash collected,
// credit sales, write-offs, credit notes, refunds, referrals by type, unallocated cash and
// account credit outstanding, and the promise-kept rate. Formulas: core/kpi_formulas.h and
// docs/API.md.
//
// Money flows and balances come from the daily model (ledger movements by business date): a
// balance at the end of D is the sum of its movements dated on or before D, so any past period
// is exact. Closing current receivables come from the aged debt report at `to` (index or exact
// basis, see aged_debt_query.h); the promise-kept rate from the promise index, each promise due
// in the period judged as of `to` against its account's state. Thread-safe (one StoreView).
#pragma once

#include <string>

#include "arledger/v1/api.pb.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/promises.h"
#include "core/status.h"
#include "projections/store_view.h"

namespace arledger {

inline constexpr int32_t kKpiPeriodDaysMax = 3660;  // Bound on to - from.
inline constexpr int kCountbackMonthsMax = 24;      // Months the countback walks at most.

struct KpiRequest {
  Date from;
  Date to;
  std::string currency;  // Empty: every currency the ledger holds.
};

// InvalidArgument when from > to, the period is longer than kKpiPeriodDaysMax, or the currency
// is not an ISO-4217 code.
Status QueryKpis(const StoreView& view, const KpiRequest& request, const AgingConfig& aging,
                 const PromiseConfig& promises, v1::KpiReport* report);

}  // namespace arledger
