// The fold for credits: credit notes, and the credit an upheld dispute gives (fold_disputes.cc
// calls ApplyCredit).
//
// Decisions: a credit note never makes an invoice negative; what exceeds the open amount is
// account credit. A credit note naming an invoice this account has not seen (billing may
// publish out of order) or a cancelled one becomes account credit, which a later invoice in
// the same currency consumes when issued. One naming an invoice in another currency is
// refused: currencies never mix.
#include <algorithm>

#include "core/account_state.h"
#include "core/fold_internal.h"
#include "core/postings.h"

namespace arledger::fold_internal {

Status ApplyCredit(FoldContext& context, const std::string& invoice_id, const Money& amount,
                   const std::string& ref) {
  v1::AccountState& state = context.state;
  const std::string currency = amount.currency().str();
  v1::OpenItem* item = invoice_id.empty() ? nullptr : FindItem(&state, invoice_id);
  if (item != nullptr && item->currency() != currency) {
    return FailedPrecondition("invoice " + invoice_id + " is in " + item->currency() +
                              ", the credit in " + currency);
  }
  if (item != nullptr && item->status() == v1::ITEM_STATUS_CANCELLED) item = nullptr;
  const int64_t applied_minor =
      item == nullptr ? 0 : std::min(amount.amount_minor(), item->open_minor());
  const int64_t excess_minor = amount.amount_minor() - applied_minor;

  std::vector<v1::JournalLine> postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_CREDIT_NOTES, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           applied_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_CREDIT_NOTES, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT,
           currency, excess_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  if (applied_minor > 0) {
    AddSettlement(item, context.date, applied_minor, v1::SETTLEMENT_KIND_CREDIT_NOTE, ref);
  }
  ChangePool(&state, Pool::kAccountCredit, currency, excess_minor, context.date, ref);
  return Status::Ok();
}

Status ApplyCreditNoteIssued(FoldContext& context, const v1::CreditNoteIssued& body) {
  return ApplyCredit(context, body.invoice_id(), ValidatedMoney(body.amount()),
                     body.credit_note_id());
}

}  // namespace arledger::fold_internal
