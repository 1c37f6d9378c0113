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
#include "core/status.h"

namespace arledger {

// What the fold decided about one event.
struct ApplyResult {
  v1::Outcome outcome = v1::OUTCOME_APPLIED;
  std::string reason;                      // Why, when outcome is REJECTED.
  std::vector<v1::JournalLine> postings;   // Balanced per currency; empty for non-money events.
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

// Folds a validated account event into `state` (which starts as a default AccountState for an
// account never seen). `policy` is the authority matrix in force at this log position.
// A refused event (e.g. a write-off above authority) leaves money untouched and returns
// OUTCOME_REJECTED with a reason; the refusal itself is recorded in the state.
ApplyResult ApplyToAccount(const v1::EventEnvelope& event, const v1::AuthorityPolicySet& policy,
                           v1::AccountState* state);

// Folds a validated policy event into `policy`.
ApplyResult ApplyPolicy(const v1::EventEnvelope& event, v1::AuthorityPolicySet* policy);

// The business date of an event: the UTC calendar date of occurred_at, as "YYYY-MM-DD".
std::string BusinessDate(const v1::EventEnvelope& event);

}  // namespace arledger
