// The fold: one event applied to one account's state, purely and deterministically.
//
// Apply reads only the event, the account's state and the authority policy in force at the
// event's log position: no clock, no I/O, no globals. Replaying the same events in the same
// order therefore yields the same state, byte for byte, on every replica. The caller
// (projections/) owns the state and the policy; Apply mutates them in place.
#pragma once

#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/date.h"
#include "core/postings.h"
#include "core/status.h"

namespace arledger {

// What the fold decided about one event.
struct ApplyResult {
  v1::Outcome outcome = v1::OUTCOME_APPLIED;
  std::string reason;  // Why, when outcome is REJECTED.
  Postings postings;   // Balanced per currency; empty for non-money events.
};

// Checks everything that can be checked without state: ids present, a body, amounts positive
// and in ISO-4217 currencies, one currency per event, well-formed dates in order. A record
// failing this goes to the dead-letter log with the returned reason and is never applied.
Status ValidateEnvelope(const v1::EventEnvelope& event);

// True when the envelope carries a body this build does not know (a newer producer's type):
// such an event is kept in the log, skipped by the fold and counted.
bool IsUnknownEventType(const v1::EventEnvelope& event);

// True for events that change the partition's authority policy rather than an account.
bool IsPolicyEvent(const v1::EventEnvelope& event);

// The reason of an applied write-off request that awaits an approver starts with this.
inline constexpr char kPendingApprovalPrefix[] = "pending approval: ";

// Folds a validated account event into `state` (which starts as a default AccountState for an
// account never seen). `policy` is the authority matrix in force at this log position.
//
// Outcomes:
// - OUTCOME_APPLIED: folded; `postings` holds its balanced journal lines (already added to
//   state->ledger). `reason` is empty, or a note such as "pending approval: ..." for a
//   write-off recorded above the requester's authority.
// - OUTCOME_REJECTED: refused by a domain rule (unknown payment, refund above what is held, a
//   write-off above the open amount, an amount that would overflow int64 anywhere...), with
//   the reason. Money is untouched and `postings` is empty; events_rejected counts it, and
//   where the refusal is itself a fact (a write-off request) it is recorded in the state.
// - OUTCOME_SKIPPED_UNKNOWN: a body this build does not know; the state is not changed.
//
// Decision: events for an account never opened are accepted and applied. Billing is the
// source of truth for invoices and the bank for payments, and either may publish before the
// AccountOpened reaches the log; refusing them would lose money. Such an account has
// opened=false until AccountOpened arrives, which then fills in its details. Likewise events
// for a closed account are applied: they are facts, and the status is the collectors' view.
//
// How each event type changes money, and what it posts, is documented in the fold_*.cc file
// that handles it and in the table in core/postings.h.
ApplyResult ApplyToAccount(const v1::EventEnvelope& event, const v1::AuthorityPolicySet& policy,
                           AccountState* state);

// The same fold for a caller holding the API form (tests, a one-account refold): converts
// `state` to an AccountState, folds, and converts back. Aborts on a state no fold could have
// made (FromProto refuses it). The projector folds AccountStates directly.
ApplyResult ApplyToAccount(const v1::EventEnvelope& event, const v1::AuthorityPolicySet& policy,
                           v1::AccountState* state);

// Folds a validated policy event into `policy`: it replaces the whole matrix (no postings).
ApplyResult ApplyPolicy(const v1::EventEnvelope& event, v1::AuthorityPolicySet* policy);

// The business date of an event: the UTC calendar date of occurred_at.
Date EventBusinessDate(const v1::EventEnvelope& event);
// The same as "YYYY-MM-DD".
std::string BusinessDate(const v1::EventEnvelope& event);

}  // namespace arledger
