// The fold's entry points: classifying an envelope, dispatching it to its handler, and turning
// the handler's Status into an outcome with balanced postings applied to the account's ledger.
#include "core/fold.h"

#include <algorithm>

#include "core/date.h"
#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_proto.h"

namespace arledger {
namespace fold_internal {

Money ValidatedMoney(const v1::Money& proto) {
  // ValidateEnvelope ran before the fold: the currency is a known code.
  return Money(proto.amount_minor(), Currency::FromCheckedCode(proto.currency()));
}

Status StagePostings(FoldContext& context, const Postings& postings) {
  ARLEDGER_RETURN_IF_ERROR(LedgerUpdate::Plan(context.state.ledger, postings,
                                              &context.ledger_update));  // Checks the balance.
  context.postings = postings;
  return Status::Ok();
}

}  // namespace fold_internal

namespace {

using fold_internal::FoldContext;

Status Dispatch(FoldContext& context) {
  using E = v1::EventEnvelope;
  using namespace fold_internal;  // NOLINT: the handlers.
  const v1::EventEnvelope& event = context.event;
  switch (event.body_case()) {
    case E::kAccountOpened:
      return ApplyAccountOpened(context, event.account_opened());
    case E::kAccountUpdated:
      return ApplyAccountUpdated(context, event.account_updated());
    case E::kNoteAdded:
      return ApplyNoteAdded(context, event.note_added());
    case E::kTaskSet:
      return ApplyTaskSet(context, event.task_set());
    case E::kInvoiceIssued:
      return ApplyInvoiceIssued(context, event.invoice_issued());
    case E::kInvoiceAmended:
      return ApplyInvoiceAmended(context, event.invoice_amended());
    case E::kInvoiceCancelled:
      return ApplyInvoiceCancelled(context, event.invoice_cancelled());
    case E::kPaymentReceived:
      return ApplyPaymentReceived(context, event.payment_received());
    case E::kPaymentAllocated:
      return ApplyPaymentAllocated(context, event.payment_allocated());
    case E::kPaymentReversed:
      return ApplyPaymentReversed(context, event.payment_reversed());
    case E::kPaymentRefunded:
      return ApplyPaymentRefunded(context, event.payment_refunded());
    case E::kCreditNoteIssued:
      return ApplyCreditNoteIssued(context, event.credit_note_issued());
    case E::kPromiseMade:
      return ApplyPromiseMade(context, event.promise_made());
    case E::kPromiseCancelled:
      return ApplyPromiseCancelled(context, event.promise_cancelled());
    case E::kPaymentPlanAgreed:
      return ApplyPlanAgreed(context, event.payment_plan_agreed());
    case E::kPaymentPlanModified:
      return ApplyPlanModified(context, event.payment_plan_modified());
    case E::kPaymentPlanCancelled:
      return ApplyPlanCancelled(context, event.payment_plan_cancelled());
    case E::kDisputeRaised:
      return ApplyDisputeRaised(context, event.dispute_raised());
    case E::kDisputeResolved:
      return ApplyDisputeResolved(context, event.dispute_resolved());
    case E::kWriteOffRequested:
      return ApplyWriteOffRequested(context, event.write_off_requested());
    case E::kWriteOffApproved:
      return ApplyWriteOffApproved(context, event.write_off_approved());
    case E::kWriteOffRejected:
      return ApplyWriteOffRejected(context, event.write_off_rejected());
    case E::kReferralMade:
      return ApplyReferralMade(context, event.referral_made());
    case E::kReferralClosed:
      return ApplyReferralClosed(context, event.referral_closed());
    case E::kAuthorityPolicySet:
      return FailedPrecondition("authority_policy_set is folded by ApplyPolicy, not per account");
    case E::BODY_NOT_SET:
      break;
  }
  return FailedPrecondition("event has no body");
}

}  // namespace

bool IsUnknownEventType(const v1::EventEnvelope& event) {
  return event.body_case() == v1::EventEnvelope::BODY_NOT_SET &&
         !event.GetReflection()->GetUnknownFields(event).empty();
}

bool IsPolicyEvent(const v1::EventEnvelope& event) { return event.has_authority_policy_set(); }

Date EventBusinessDate(const v1::EventEnvelope& event) {
  return Date::FromUnixSeconds(event.occurred_at().seconds());
}

std::string BusinessDate(const v1::EventEnvelope& event) {
  return EventBusinessDate(event).ToString();
}

ApplyResult ApplyToAccount(const v1::EventEnvelope& event, const v1::AuthorityPolicySet& policy,
                           AccountState* state) {
  ApplyResult result;
  if (IsUnknownEventType(event)) {
    result.outcome = v1::OUTCOME_SKIPPED_UNKNOWN;
    return result;
  }
  if (state->account_id.empty()) state->account_id = event.account_id();
  ARLEDGER_CHECK(state->account_id == event.account_id());

  FoldContext context{event, policy, *state, EventBusinessDate(event), {}, {}, {}};
  const Status status = Dispatch(context);
  if (!status.ok()) {
    // Handlers check before they mutate: a refusal carries no money.
    ARLEDGER_CHECK(context.postings.empty());
    ++state->events_rejected;
    result.outcome = v1::OUTCOME_REJECTED;
    result.reason = status.message();
    return result;
  }
  // Only postings change the ledger; applying them checks its trial balance.
  context.ledger_update.ApplyTo(&state->ledger);
  ++state->events_applied;
  state->last_event_date = std::max(state->last_event_date, context.date);
  result.outcome = v1::OUTCOME_APPLIED;
  result.reason = std::move(context.note);
  result.postings = context.postings;
  return result;
}

ApplyResult ApplyToAccount(const v1::EventEnvelope& event, const v1::AuthorityPolicySet& policy,
                           v1::AccountState* state) {
  AccountState native;
  ARLEDGER_CHECK(FromProto(*state, &native).ok());
  ApplyResult result = ApplyToAccount(event, policy, &native);
  ToProto(native, state);
  return result;
}

ApplyResult ApplyPolicy(const v1::EventEnvelope& event, v1::AuthorityPolicySet* policy) {
  ApplyResult result;
  if (!IsPolicyEvent(event)) {
    result.outcome = v1::OUTCOME_REJECTED;
    result.reason = "not an authority_policy_set event";
    return result;
  }
  *policy = event.authority_policy_set();  // Replaces the whole matrix from here on.
  return result;
}

}  // namespace arledger
