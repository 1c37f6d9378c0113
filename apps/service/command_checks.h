// Early checks of a command's event against the account as the store holds it now: the fast
// feedback of DESIGN.md principle 3. The binding decision is still the fold's, at the event's
// log position; these checks only refuse what cannot be right whatever comes before it:
//
//   - an unknown account (no event for it yet): InvalidArgument on account_id;
//   - a collector acting on an account not assigned to them: PermissionDenied (team leaders,
//     finance and admins act on any account);
//   - an id in the path or body naming no such plan, dispute, write-off, referral or invoice;
//   - an amount in a currency the account has no item in, or not the named invoice's;
//   - dates in the wrong order: a promise or first instalment before the event's business
//     date, an amended due date before the invoice's issue date; an empty collector_id.
//
// Reasons name the request field ("amount: currency EUR is not ..."). Pure; thread-safe.
#pragma once

#include "arledger/v1/events.pb.h"
#include "core/account_state.h"
#include "core/status.h"
#include "service/access.h"

namespace arledger {

// `state` is the account's state; `found` false when the store has none.
Status CheckCommandAgainstAccount(const v1::EventEnvelope& event, const AccountState& state,
                                  bool found, const Caller& caller);

// Checks of the authority policy request: each rule names a known role.
Status CheckAuthorityPolicy(const v1::AuthorityPolicySet& policy);

}  // namespace arledger
