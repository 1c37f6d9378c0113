// Query-time views of an account: balances, open items with days past due, aging buckets.
//
// Everything that depends on "today" is computed here from an explicit as_of date, never in
// the fold. "As of D" counts only what happened on business dates on or before D. Pure.
#pragma once

#include <array>
#include <string>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/date.h"

namespace arledger {

// Upper bounds (inclusive) of the past-due buckets, in days: 1-30, 31-60, 61-90, 91-120, 120+.
struct AgingConfig {
  std::array<int32_t, 4> bucket_upper_days = {30, 60, 90, 120};
};

// "current", "1-30", ... for a number of days past due under `config`.
std::string AgingBucketName(int32_t days_past_due, const AgingConfig& config);

v1::AccountView BuildAccountView(const v1::AccountState& state, Date as_of,
                                 const AgingConfig& config);

}  // namespace arledger
