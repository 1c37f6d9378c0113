// Worklist queries: a collector's accounts to work next on as_of, scored by core's formula
// (core/worklist_score.h), ordered by (score desc, account_id asc), paged.
//
// One prefix scan of the worklist model (collector_id, account_id) -> AccountSummary, then
// scoring in memory. A summary whose horizon_date is after as_of (something dated later was
// folded) is rebuilt from the account's state as of as_of instead, so a past as_of is exact.
// Thread-safe (reads one StoreView).
#pragma once

#include <string>

#include "arledger/v1/api.pb.h"
#include "core/date.h"
#include "core/status.h"
#include "core/worklist_score.h"
#include "projections/store_view.h"

namespace arledger {

inline constexpr size_t kWorklistPageSizeDefault = 50;
inline constexpr size_t kWorklistPageSizeMax = 500;
// Bound on the accounts one worklist query scores; a collector above it gets kOutOfRange.
inline constexpr size_t kWorklistAccountsMax = 200000;

struct WorklistRequest {
  std::string collector_id;
  Date as_of;
  size_t page_size = kWorklistPageSizeDefault;  // 1..kWorklistPageSizeMax.
  std::string page_token;                       // From a previous page's next_page_token.
};

// InvalidArgument for a bad page size or token.
Status QueryWorklist(const StoreView& view, const WorklistRequest& request,
                     const WorklistConfig& config, v1::Worklist* worklist);

}  // namespace arledger
