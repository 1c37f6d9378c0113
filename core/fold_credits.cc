// The fold for credits: credit notes, and the credit an upheld dispute gives (fold_disputes.cc
// calls ApplyCredit).
//
// Decisions: a credit note never makes an invoice negative; what exceeds the open amount is
// account credit. A credit note naming an invoice this account has not seen (billing may
// publish out of order) or a cancelled one becomes account credit, which a later invoice in
// the same currency consumes when issued. One naming an invoice in another currency is
// refused: currencies never mix.
#include <algorithm>

#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_access.h"

namespace arledger::fold_internal {

Status ApplyCredit(FoldContext& context, std::string_view invoice_id, const Money& amount,
                   std::string_view ref) {
  AccountState& state = context.state;
  const Currency currency = amount.currency();
  Item* item = invoice_id.empty() ? nullptr : FindItem(&state, invoice_id);
  if (item != nullptr && item->currency != currency) {
    return FailedPrecondition("invoice " + std::string(invoice_id) + " is in " +
                              item->currency.str() + ", the credit in " + currency.str());
  }
  if (item != nullptr && item->status == v1::ITEM_STATUS_CANCELLED) item = nullptr;
  const int64_t applied_minor =
      item == nullptr ? 0 : std::min(amount.amount_minor(), item->open_minor);
  const int64_t excess_minor = amount.amount_minor() - applied_minor;

  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_CREDIT_NOTES, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           applied_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_CREDIT_NOTES, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, currency,
           excess_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  if (applied_minor > 0) {
    AddSettlement(item, context.date, applied_minor, v1::SETTLEMENT_KIND_CREDIT_NOTE, ref);
  }
  ChangePool(&state, Pool::kAccountCredit, currency, excess_minor, context.date, ref);
  return Status::Ok();
}

// A credit note leaves its id as the ref of what it did (a settlement on an item or account
// credit), so the same credit note published again under a new event_id is recognised.
bool CreditNoteRecorded(const AccountState& state, std::string_view credit_note_id) {
  for (const Item& item : state.items) {
    for (const Settlement& settlement : item.settlements) {
      if (settlement.kind == v1::SETTLEMENT_KIND_CREDIT_NOTE && settlement.ref == credit_note_id) {
        return true;
      }
    }
  }
  for (const PoolChange& change : state.account_credit_changes) {
    if (change.delta_minor > 0 && change.ref == credit_note_id) return true;
  }
  return false;
}

Status ApplyCreditNoteIssued(FoldContext& context, const v1::CreditNoteIssued& body) {
  if (CreditNoteRecorded(context.state, body.credit_note_id())) {
    return FailedPrecondition("credit note " + body.credit_note_id() + " was already issued");
  }
  return ApplyCredit(context, body.invoice_id(), ValidatedMoney(body.amount()),
                     body.credit_note_id());
}

}  // namespace arledger::fold_internal
