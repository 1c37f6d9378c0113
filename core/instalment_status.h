// The status of one payment-plan instalment as of a date, by the cumulative rule of
// core/promises.h: instalment n is met when payments since the plan was agreed, up to its due
// date plus the grace, cover instalments 1..n. A plan is broken exactly when one of its
// instalments is; this names which. Pure; thread-compatible.
#pragma once

#include "core/account_state.h"
#include "core/date.h"
#include "core/promises.h"

namespace arledger {

// `instalment` is 1-based and must be within the plan's schedule.
PromiseStatus InstalmentStatusAsOf(const AccountState& state, const Plan& plan, int instalment,
                                   Date as_of, const PromiseConfig& config);

}  // namespace arledger
