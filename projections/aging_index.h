// The aging index: open amount by (collector, currency, due date) and by (portfolio, currency,
// due date), plus the count of accounts with open items per collector and per portfolio.
//
// Maintained incrementally (DESIGN.md, Projections): for each account a batch changed, the
// projector adds the contribution of its new summary and subtracts that of its old one; an entry
// whose value reaches zero is deleted, so the stored index is a function of the account states
// alone, never of how the log was batched. Aged debt totals for any as_of on or after the
// store's horizon are then a sum over the index entries, bucketed by as_of - due date.
// Pure helpers; thread-compatible.
#pragma once

#include <map>
#include <string>

#include "arledger/v1/projection.pb.h"
#include "core/status.h"

namespace arledger {

// Key -> change of the entry's value (open_minor for amount keys, accounts for count keys).
using AgingDeltas = std::map<std::string, __int128>;

// Adds `sign` (+1 or -1) times the summary's contribution to `deltas`.
void AddAgingContribution(const v1::AccountSummary& summary, int sign, AgingDeltas* deltas);

// Adds the change from `before` (null for a new account) to `after`: the same as subtracting
// before's contribution and adding after's, except that keys whose change nets to zero are not
// touched. A batch usually changes one or two of an account's items, so this visits few keys.
void AddAgingChange(const v1::AccountSummary* before, const v1::AccountSummary& after,
                    AgingDeltas* deltas);

// Applies a delta to a stored value ("" when absent). Sets `*erase` when the result is zero,
// otherwise `*value` to the new serialised entry. A negative or non-int64 result means the index
// and the states disagree: Corruption.
Status ApplyAgingDelta(const std::string& key, const std::string& stored, __int128 delta,
                       std::string* value, bool* erase);

}  // namespace arledger
