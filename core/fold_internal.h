// Internal to the fold: the context each event handler works in, and the handlers themselves.
//
// Every handler follows one shape, so that a refused event never leaves half a change behind:
// it first reads the state and plans (amounts per item, postings), then checks the plan
// (domain rules, int64 bounds of every ledger balance it touches), and only then mutates.
// Returning a non-OK Status means "rejected with this reason"; a handler may still record the
// refusal itself in the state (e.g. a write-off request), but never money.
// Not part of core's public API: only core/*.cc include this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "core/account_state.h"
#include "core/date.h"
#include "core/money.h"
#include "core/postings.h"
#include "core/status.h"

namespace arledger::fold_internal {

struct FoldContext {
  const v1::EventEnvelope& event;
  const v1::AuthorityPolicySet& policy;
  AccountState& state;
  Date date;                   // Business date of the event.
  Postings postings;           // Filled by the handler just before it mutates,
  LedgerUpdate ledger_update;  // with what they do to the ledger (applied after the handler).
  std::string note;            // Reason reported with an APPLIED outcome, if any.
};

// Money fields were checked by ValidateEnvelope; this converts them without a second check.
Money ValidatedMoney(const v1::Money& proto);

// The last check before a handler mutates: the postings must fit the account's ledger and
// balance (LedgerUpdate::Plan). On OK they are staged in the context with their planned
// ledger update, to be applied by the dispatcher (handlers never touch the ledger themselves);
// on error nothing is staged and the handler returns the error unchanged.
Status StagePostings(FoldContext& context, const Postings& postings);

// Account: opened, updated, note added, task set (fold_account.cc).
Status ApplyAccountOpened(FoldContext& context, const v1::AccountOpened& body);
Status ApplyAccountUpdated(FoldContext& context, const v1::AccountUpdated& body);
Status ApplyNoteAdded(FoldContext& context, const v1::NoteAdded& body);
Status ApplyTaskSet(FoldContext& context, const v1::TaskSet& body);

// Invoices (fold_invoices.cc).
Status ApplyInvoiceIssued(FoldContext& context, const v1::InvoiceIssued& body);
Status ApplyInvoiceAmended(FoldContext& context, const v1::InvoiceAmended& body);
Status ApplyInvoiceCancelled(FoldContext& context, const v1::InvoiceCancelled& body);

// Payments (fold_payments.cc, fold_reversals.cc).
Status ApplyPaymentReceived(FoldContext& context, const v1::PaymentReceived& body);
Status ApplyPaymentAllocated(FoldContext& context, const v1::PaymentAllocated& body);
Status ApplyPaymentReversed(FoldContext& context, const v1::PaymentReversed& body);
Status ApplyPaymentRefunded(FoldContext& context, const v1::PaymentRefunded& body);

// Credit notes and dispute outcomes that credit (fold_credits.cc).
Status ApplyCreditNoteIssued(FoldContext& context, const v1::CreditNoteIssued& body);
// Credits `amount` against `invoice_id` (empty: the account): up to the item's open amount,
// the excess (or all of it, without a usable item) becomes account credit. `ref` names the
// credit note in settlements and pool history.
Status ApplyCredit(FoldContext& context, std::string_view invoice_id, const Money& amount,
                   std::string_view ref);
// True when a credit note with this id already credited this account.
bool CreditNoteRecorded(const AccountState& state, std::string_view credit_note_id);

// Promises, payment plans, disputes, referrals (fold_collections.cc, fold_disputes.cc).
Status ApplyPromiseMade(FoldContext& context, const v1::PromiseMade& body);
Status ApplyPromiseCancelled(FoldContext& context, const v1::PromiseCancelled& body);
Status ApplyPlanAgreed(FoldContext& context, const v1::PaymentPlanAgreed& body);
Status ApplyPlanModified(FoldContext& context, const v1::PaymentPlanModified& body);
Status ApplyPlanCancelled(FoldContext& context, const v1::PaymentPlanCancelled& body);
Status ApplyDisputeRaised(FoldContext& context, const v1::DisputeRaised& body);
Status ApplyDisputeResolved(FoldContext& context, const v1::DisputeResolved& body);
Status ApplyReferralMade(FoldContext& context, const v1::ReferralMade& body);
Status ApplyReferralClosed(FoldContext& context, const v1::ReferralClosed& body);

// Write-offs (fold_write_offs.cc).
Status ApplyWriteOffRequested(FoldContext& context, const v1::WriteOffRequested& body);
Status ApplyWriteOffApproved(FoldContext& context, const v1::WriteOffApproved& body);
Status ApplyWriteOffRejected(FoldContext& context, const v1::WriteOffRejected& body);

}  // namespace arledger::fold_internal
