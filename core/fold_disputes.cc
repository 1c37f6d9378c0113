// The fold for disputes (queries): raised on an invoice, resolved upheld or rejected.
//
// While a dispute is open its amount is the item's disputed_minor: that part leaves chasing
// (oldest-first allocation skips it; worklists and promise logic should too) but stays in
// balances and aging. Upheld: the disputed amount (or the credit_amount given) is credited to
// the invoice like a credit note, any excess becoming account credit. Rejected: the amount
// returns to chasing. Rules: the disputed total on an item may not exceed its open amount
// when raised; a dispute is resolved once.
#include <algorithm>

#include "core/fold_internal.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

Dispute* FindDispute(AccountState& state, const std::string& dispute_id) {
  return FindById(state.disputes, dispute_id, &Dispute::dispute_id);
}

}  // namespace

Status ApplyDisputeRaised(FoldContext& context, const v1::DisputeRaised& body) {
  AccountState& state = context.state;
  if (FindDispute(state, body.dispute_id()) != nullptr) {
    return FailedPrecondition("dispute " + body.dispute_id() + " already exists");
  }
  Item* item = FindItem(&state, body.invoice_id());
  if (item == nullptr) return FailedPrecondition("invoice " + body.invoice_id() + " is unknown");
  if (item->status == v1::ITEM_STATUS_CANCELLED) {
    return FailedPrecondition("invoice " + body.invoice_id() + " is cancelled");
  }
  if (body.has_amount() && body.amount().currency() != item->currency.code()) {
    return FailedPrecondition("invoice " + body.invoice_id() + " is in " + item->currency.str() +
                              ", the dispute in " + body.amount().currency());
  }
  // No amount: the whole open amount not already disputed.
  const int64_t undisputed_minor = std::max<int64_t>(0, item->open_minor - item->disputed_minor);
  const int64_t amount_minor = body.has_amount() ? body.amount().amount_minor() : undisputed_minor;
  if (undisputed_minor == 0) {
    return FailedPrecondition("invoice " + body.invoice_id() + " has no undisputed open amount");
  }
  if (amount_minor > undisputed_minor) {
    return FailedPrecondition("dispute of " + std::to_string(amount_minor) + " exceeds the " +
                              "undisputed open amount " + std::to_string(undisputed_minor) +
                              " of invoice " + body.invoice_id());
  }
  item->disputed_minor += amount_minor;  // <= open_minor.
  const Currency currency = item->currency;
  Dispute& dispute = state.disputes.emplace_back();  // May move items: `item` not used below.
  dispute.dispute_id = body.dispute_id();
  dispute.invoice_id = body.invoice_id();
  dispute.reason_code = body.reason_code();
  dispute.amount = Money(amount_minor, currency);
  dispute.state = v1::DISPUTE_STATE_OPEN;
  dispute.raised_date = context.date;
  return Status::Ok();
}

Status ApplyDisputeResolved(FoldContext& context, const v1::DisputeResolved& body) {
  AccountState& state = context.state;
  Dispute* dispute = FindDispute(state, body.dispute_id());
  if (dispute == nullptr) return FailedPrecondition("dispute " + body.dispute_id() + " is unknown");
  if (dispute->state != v1::DISPUTE_STATE_OPEN) {
    return FailedPrecondition("dispute " + body.dispute_id() + " is already resolved");
  }
  const bool upheld = body.resolution() == v1::DISPUTE_RESOLUTION_UPHELD;
  const Money credit =
      body.has_credit_amount() ? ValidatedMoney(body.credit_amount()) : dispute->amount;
  if (upheld && credit.currency() != dispute->amount.currency()) {
    return FailedPrecondition("dispute " + body.dispute_id() + " is in " +
                              dispute->amount.currency().str());
  }
  if (upheld && !body.credit_note_id().empty() &&
      CreditNoteRecorded(state, body.credit_note_id())) {
    return FailedPrecondition("credit note " + body.credit_note_id() + " was already issued");
  }
  if (upheld && credit.amount_minor() > 0) {
    const std::string& ref =
        body.credit_note_id().empty() ? body.dispute_id() : body.credit_note_id();
    ARLEDGER_RETURN_IF_ERROR(ApplyCredit(context, dispute->invoice_id, credit, ref));
  }
  if (Item* item = FindItem(&state, dispute->invoice_id); item != nullptr) {
    item->disputed_minor =
        std::max<int64_t>(0, item->disputed_minor - dispute->amount.amount_minor());
  }
  dispute->state = upheld ? v1::DISPUTE_STATE_UPHELD : v1::DISPUTE_STATE_REJECTED;
  dispute->resolved_date = context.date;
  if (upheld) dispute->credited = credit;
  return Status::Ok();
}

}  // namespace arledger::fold_internal
