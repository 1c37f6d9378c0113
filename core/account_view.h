// Query-time views of an account: balances, open items with days past due, aging buckets.
//
// Everything that depends on "today" is computed here from an explicit as_of date, never in
// the fold. "As of D" counts only what happened on business dates on or before D: an item
// exists from its issue date; its amount, due date and open amount are rebuilt from the dated
// settlements (payments, credits, write-offs, reversals, amendments) on or before D; the pools
// from their dated changes. A payment dated after D therefore does not reduce the D view, and
// a reversal dated after D does not reopen it. Pure; safe to call from many threads on
// distinct or const states.
#pragma once

#include <array>
#include <string>

#include "arledger/v1/api.pb.h"
#include "core/account_state.h"
#include "core/date.h"
#include "core/state_access.h"

namespace arledger {

// Upper bounds (inclusive) of the past-due buckets, in days: 1-30, 31-60, 61-90, 91-120, 120+.
// Must be strictly increasing and positive.
struct AgingConfig {
  std::array<int32_t, 4> bucket_upper_days = {30, 60, 90, 120};
};

// Bucket index for a number of days past due: 0 current (not yet due), 1..4 the bounded
// buckets, 5 the last open-ended one.
int AgingBucketIndex(int32_t days_past_due, const AgingConfig& config);

// "current", "1-30", ... for a number of days past due under `config`.
std::string AgingBucketName(int32_t days_past_due, const AgingConfig& config);

// Days past the due date on as_of; 0 when not yet due (the due date itself is not past due).
int32_t DaysPastDue(Date due_date, Date as_of);

// The date of the last contact noted on or before `as_of`, kNoDate when none was: the
// state's last_contact_date when it is not later, else the latest contact note dated by then.
Date LastContactDateAsOf(const AccountState& state, Date as_of);

// One item as it stood at the end of `as_of`.
struct ItemAsOf {
  bool issued = false;  // issue_date <= as_of.
  bool cancelled = false;
  int64_t amount_minor = 0;
  int64_t open_minor = 0;      // Clamped to [0, amount_minor].
  int64_t disputed_minor = 0;  // Under open dispute, at most open_minor.
  Date due_date = kNoDate;     // Set when issued.
};
ItemAsOf ItemAsOfDate(const AccountState& state, const Item& item, Date as_of);

// A pool (unallocated cash or account credit) in one currency at the end of `as_of`.
int64_t PoolAsOf(const AccountState& state, Pool pool, Currency currency, Date as_of);

v1::AccountView BuildAccountView(const AccountState& state, Date as_of, const AgingConfig& config);

}  // namespace arledger
