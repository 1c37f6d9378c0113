// Promises to pay and payment plans, judged at query time for an explicit as_of date.
//
// The fold only records promises and plans (made, cancelled, schedule replaced); whether one
// is kept or broken depends on "today" and on payments, so it is derived here (DESIGN.md
// principle 2). A payment counts toward a promise when it is in the promise's currency, dated
// on or after the day the promise was made and on or before the promise date plus the grace,
// and not reversed on or before as_of. So a reversal dated after the promise date still
// un-keeps the promise in any view dated on or after the reversal, while views dated before
// the reversal still show it kept: each as_of sees exactly what was known in business time.
// Payments are not divided between overlapping promises: each promise asks "did this much
// arrive in my window". Pure functions over a const state; thread-compatible.
#pragma once

#include <cstdint>
#include <string>

#include "core/account_state.h"
#include "core/date.h"

namespace arledger {

struct PromiseConfig {
  int32_t grace_days = 0;  // Days after the promise (or instalment) date a payment still counts.
};

enum class PromiseStatus {
  kNotYetMade,  // Made after as_of: not part of the as_of view.
  kPending,     // Not yet received in full, and its deadline (date + grace) not yet passed.
  kKept,        // Received in full by the deadline.
  kBroken,      // Deadline passed without the full amount.
  kCancelled,   // Cancelled on or before as_of.
};

std::string_view PromiseStatusName(PromiseStatus status);

// Received toward `promise` as of `as_of`, in the promise's currency.
int64_t ReceivedTowardPromise(const AccountState& state, const Promise& promise, Date as_of,
                              const PromiseConfig& config);

PromiseStatus PromiseStatusAsOf(const AccountState& state, const Promise& promise, Date as_of,
                                const PromiseConfig& config);

// A plan is a promise per instalment, judged cumulatively: instalment i is met when payments
// since the plan was agreed, up to its due date plus grace, cover instalments 1..i. Kept when
// every instalment is met; broken as soon as one deadline passes unmet.
PromiseStatus PlanStatusAsOf(const AccountState& state, const Plan& plan, Date as_of,
                             const PromiseConfig& config);

struct PromiseSummary {
  int32_t pending = 0;
  int32_t kept = 0;
  int32_t broken = 0;
  int32_t cancelled = 0;
  // kept / (kept + broken), pending and cancelled excluded; 0 when nothing was decided yet.
  double KeptRate() const;
};

// Over the account's promises (not plans) made on or before as_of.
PromiseSummary SummarisePromises(const AccountState& state, Date as_of,
                                 const PromiseConfig& config);

}  // namespace arledger
