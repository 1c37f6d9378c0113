// The daily read model: per (currency, business date), the gross movement of every ledger
// account from the fold's postings, and counts of invoices, payments, write-offs, credit notes
// and referrals — the money flows behind the KPIs (docs/API.md).
//
// Each applied event adds its postings to the day of its business date; entries only grow, so
// they are the same however the log was batched. The projector accumulates one batch's deltas in
// memory and merges them into the stored entries with one batched read. Pure helpers.
#pragma once

#include <map>
#include <string>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "core/account_state.h"
#include "core/fold.h"

namespace arledger {

// Daily key -> what the batch adds to that day.
using DailyDeltas = std::map<std::string, v1::DailyTotals>;

// Adds one decided event (rejected events add nothing). `state` is the account after the event.
void AddEventToDaily(const v1::EventEnvelope& event, const ApplyResult& result,
                     const AccountState& state, DailyDeltas* deltas);

// Adds `delta` into `total` (same currency and date). Every sum is checked; a day whose gross
// movement leaves int64 is a bug-level impossibility and aborts (ARLEDGER_CHECK), like the
// global ledger totals in the meta.
void MergeDailyTotals(const v1::DailyTotals& delta, v1::DailyTotals* total);

// The movement of `account` in `totals` (zeros when absent).
v1::LedgerMovement MovementOf(const v1::DailyTotals& totals, v1::LedgerAccount account);

}  // namespace arledger
