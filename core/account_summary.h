// The account summary: a compact view of one account as of a date, for worklists and aged debt.
//
// BuildAccountSummary(state, as_of) keeps only what worklist scoring and the aged debt lines
// need: the items open on as_of (due date, open and disputed amounts, as core's ItemAsOfDate
// rebuilds them), status, whether a referral is open, the last contact, and the promises,
// plans and payments that can still affect a score within kSummaryPromiseWindowDays.
//
// The projector stores the summary built with as_of = kEndOfTime. For any D on or after the
// summary's horizon_date (the latest business or issue date folded into the state) that stored
// summary equals BuildAccountSummary(state, D): nothing dated after D exists to undo. A query for
// an earlier D must rebuild the summary from the state instead. Pure; thread-compatible.
#pragma once

#include <cstdint>
#include <string>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/projection.pb.h"
#include "core/account_state.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/status.h"

namespace arledger {

// A date after every business date: "as of the end of the log" (kEndOfTimeDate, as text).
inline constexpr char kEndOfTime[] = "9999-12-31";

// Promises and plans whose (last) date is more than this many days before the summary's
// reference date (the earlier of as_of and horizon_date) are left out: worklist look-back plus
// promise grace must fit inside it (ValidateWorklistConfig checks).
inline constexpr int32_t kSummaryPromiseWindowDays = 120;

// The latest of the account's last applied event date and its invoices' issue dates.
Date HorizonDate(const AccountState& state);

// `as_of` is a business date, or kEndOfTimeDate for the state as it now stands.
v1::AccountSummary BuildAccountSummary(const AccountState& state, Date as_of);
// The same, into `summary` (empty; it may live on an arena, as the projector's do).
void BuildAccountSummary(const AccountState& state, Date as_of, v1::AccountSummary* summary);

// The summary's open items aged on `as_of`, one entry per currency (sorted), replacing `out`.
// kOutOfRange if a bucket's sum would not fit int64.
Status SummaryAging(const v1::AccountSummary& summary, Date as_of, const AgingConfig& config,
                    google::protobuf::RepeatedPtrField<v1::AgingBuckets>* out);

// Reads and writes the six buckets of AgingBuckets by index (0 current .. 5 the open-ended one).
int64_t BucketAmount(const v1::AgingBuckets& buckets, int index);
void SetBucketAmount(v1::AgingBuckets* buckets, int index, int64_t amount_minor);
inline constexpr int kAgingBucketCount = 6;

}  // namespace arledger
