// Worklist scoring: which accounts a collector should work next on a date, and in what order.
//
// Pure and query-time (DESIGN.md principle 2): ScoreAccount reads an AccountSummary and an
// explicit as_of and says whether the account is on the worklist, and with what score. The
// formula, stated once here and in docs/API.md (points, integers; higher works first):
//
//   amount        = amount_points_per_decade x log10(1 + O), O the largest chaseable overdue
//                   amount of any one currency in major units (never summed across currencies)
//   age           = age_points_per_day x min(days past due of the oldest chaseable overdue
//                   item, age_days_max)
//   broken        = broken_promise_points x min(broken promises, broken_promises_counted_max),
//                   counting promises broken on as_of whose deadline (promise date + grace)
//                   fell within broken_lookback_days, and broken plans whose last instalment
//                   did
//   promise_due   = promise_due_points when a promise falls due on as_of and is not yet kept
//   contact       = contact_points_per_day x min(days since last contact, contact_days_max)
//                   (never contacted counts as contact_days_max)
//   score         = amount + age + broken + promise_due + contact
//
// Chaseable means open and not under dispute: a disputed amount leaves chasing (it scores
// nothing) but stays in aging. Excluded from the worklist: an open referral; status insolvency,
// administration or closed; a payment plan being kept (pending, no instalment missed). Accounts
// with nothing chaseable overdue and no promise due are simply not on it. Thread-compatible.
#pragma once

#include <cstdint>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/projection.pb.h"
#include "core/date.h"
#include "core/promises.h"
#include "core/status.h"

namespace arledger {

struct WorklistConfig {
  PromiseConfig promises;
  int32_t broken_lookback_days = 90;
  int32_t broken_promises_counted_max = 3;
  int32_t age_days_max = 365;
  int32_t contact_days_max = 30;
  int64_t amount_points_per_decade = 100;
  int64_t age_points_per_day = 2;
  int64_t broken_promise_points = 150;
  int64_t promise_due_points = 300;
  int64_t contact_points_per_day = 5;
};

// OK when the look-back plus the promise grace fit in the summary's promise window, and every
// bound and weight is non-negative.
Status ValidateWorklistConfig(const WorklistConfig& config);

enum class WorklistVerdict {
  kListed,          // On the worklist; `entry` is filled (all but rank).
  kExcluded,        // Referred, insolvent / in administration / closed, or on a kept plan.
  kNothingToChase,  // No chaseable overdue amount and no promise due.
};

// Whether the account's status or an open referral excludes it, whatever it owes. An account
// with no open item, promise or plan is kExcluded when this holds and kNothingToChase otherwise
// (ScoreAccount's verdict, which a scan can take without reading the rest).
bool WorklistExcludes(v1::AccountStatus status, bool referral_open);

WorklistVerdict ScoreAccount(const v1::AccountSummary& summary, Date as_of,
                             const WorklistConfig& config, v1::WorklistEntry* entry);

}  // namespace arledger
