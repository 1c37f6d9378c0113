// The fold for invoice events: issued (with automatic use of cash and credit already held),
// amended (amount and/or due date) and cancelled.
//
// Decision: an invoice issued while the account holds unallocated cash or account credit in
// its currency consumes them at once, cash first (oldest payment first), then credit. Cash
// only sits unallocated when there was nothing chaseable to allocate it to, so the new invoice
// is the oldest-due item it can reach; doing it in apply keeps "payment before its invoice"
// from leaving both a debt and a credit on the account.
//
// Decision: lowering an invoice (amendment or cancellation) first removes open amount; what
// had already been settled beyond the new amount is released: a write-off on the item is
// unwound first (the debt it gave up no longer exists, so bad debt is reversed), and anything
// still beyond (payments, credit notes) becomes account credit. A cancellation is a lowering
// to zero that also marks the item CANCELLED, so what was paid on a part-paid invoice becomes
// account credit, which a later invoice consumes or a refund pays out. (Credit notes count as
// settled too: with no credit-note cancellation event, a credit note stays the customer's
// credit; billing withdraws one by issuing an invoice.) Amending or cancelling an invoice this
// account has not seen, or one already cancelled, is rejected.
#include <algorithm>

#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

struct CashTake {
  int payment_index;
  int64_t amount_minor;
};

struct Consumption {
  std::vector<CashTake> cash;
  int64_t cash_minor = 0;
  int64_t credit_minor = 0;
};

Consumption PlanConsumption(const AccountState& state, Currency currency, int64_t amount_minor) {
  Consumption plan;
  // The pool is the sum of the payments' unallocated parts: with none held in this currency
  // (the usual case) there is no payment to look at.
  int64_t cash_held_minor = PoolAmount(state, Pool::kUnallocatedCash, currency);
  int64_t remaining_minor = amount_minor;
  for (size_t i = 0; cash_held_minor > 0 && i < state.payments.size() && remaining_minor > 0; ++i) {
    const Payment& payment = state.payments[i];
    if (payment.reversed || payment.amount.currency() != currency) continue;
    const int64_t take_minor = std::min(remaining_minor, payment.unallocated_minor);
    if (take_minor == 0) continue;
    plan.cash.push_back({static_cast<int>(i), take_minor});
    plan.cash_minor += take_minor;  // <= amount_minor: cannot overflow.
    remaining_minor -= take_minor;
    cash_held_minor -= take_minor;
  }
  plan.credit_minor = std::min(remaining_minor, PoolAmount(state, Pool::kAccountCredit, currency));
  return plan;
}

// How lowering an item's gross amount by `reduction_minor` splits (see the decision above).
struct Release {
  int64_t open_minor = 0;       // Open amount removed.
  int64_t write_off_minor = 0;  // Write-off unwound.
  int64_t credit_minor = 0;     // Settled beyond the new amount: to account credit.
};

Release PlanRelease(const Item& item, int64_t reduction_minor) {
  Release release;
  release.open_minor = std::min(reduction_minor, item.open_minor);
  const int64_t beyond_minor = reduction_minor - release.open_minor;
  release.write_off_minor = std::min(beyond_minor, item.written_off_minor);
  release.credit_minor = beyond_minor - release.write_off_minor;
  return release;
}

void PostRelease(const Release& release, Currency currency, Postings* postings) {
  PostPair(postings, v1::LEDGER_ACCOUNT_REVENUE, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           release.open_minor);
  PostPair(postings, v1::LEDGER_ACCOUNT_REVENUE, v1::LEDGER_ACCOUNT_BAD_DEBT, currency,
           release.write_off_minor);
  PostPair(postings, v1::LEDGER_ACCOUNT_REVENUE, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, currency,
           release.credit_minor);
}

// Records the release on the item (one dated settlement) and the pools.
void CommitRelease(FoldContext& context, const Release& release, v1::SettlementKind kind,
                   Item* item) {
  AddSettlement(item, context.date, release.open_minor, kind, context.event.event_id());
  item->written_off_minor -= release.write_off_minor;
  ChangePool(&context.state, Pool::kAccountCredit, item->currency, release.credit_minor,
             context.date, item->invoice_id);
}

Result<Item*> FindLiveItem(AccountState& state, const std::string& invoice_id) {
  Item* item = FindItem(&state, invoice_id);
  if (item == nullptr) return FailedPrecondition("invoice " + invoice_id + " is unknown");
  if (item->status == v1::ITEM_STATUS_CANCELLED) {
    return FailedPrecondition("invoice " + invoice_id + " is cancelled");
  }
  return item;
}

}  // namespace

Status ApplyInvoiceIssued(FoldContext& context, const v1::InvoiceIssued& body) {
  AccountState& state = context.state;
  if (FindItem(state, body.invoice_id()) != nullptr) {
    return FailedPrecondition("invoice " + body.invoice_id() + " was already issued");
  }
  const Money amount = ValidatedMoney(body.amount());
  const Currency currency = amount.currency();
  const Consumption plan = PlanConsumption(state, currency, amount.amount_minor());

  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_REVENUE, currency,
           amount.amount_minor());
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           plan.cash_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           plan.credit_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  Item& item = state.items.emplace_back();
  item.invoice_id = body.invoice_id();
  item.issue_date = Date::FromCheckedIso(body.issue_date());  // Checked by ValidateEnvelope.
  item.due_date = Date::FromCheckedIso(body.due_date());
  item.currency = currency;
  item.amount_minor = amount.amount_minor();
  item.open_minor = amount.amount_minor();
  item.status = v1::ITEM_STATUS_OPEN;
  item.renewal = body.renewal();
  item.reference = body.reference();
  for (const CashTake& take : plan.cash) {
    Payment& payment = state.payments[static_cast<size_t>(take.payment_index)];
    payment.unallocated_minor -= take.amount_minor;
    AddPaymentAllocation(&payment, body.invoice_id(), take.amount_minor);
    AddSettlement(&item, context.date, take.amount_minor, v1::SETTLEMENT_KIND_PAYMENT,
                  payment.payment_id);
    ChangePool(&state, Pool::kUnallocatedCash, currency, -take.amount_minor, context.date,
               payment.payment_id);
  }
  if (plan.credit_minor > 0) {
    AddSettlement(&item, context.date, plan.credit_minor, v1::SETTLEMENT_KIND_CREDIT_NOTE,
                  "account-credit");
    ChangePool(&state, Pool::kAccountCredit, currency, -plan.credit_minor, context.date,
               body.invoice_id());
  }
  return Status::Ok();
}

Status ApplyInvoiceAmended(FoldContext& context, const v1::InvoiceAmended& body) {
  Result<Item*> found = FindLiveItem(context.state, body.invoice_id());
  if (!found.ok()) return found.status();
  Item* item = *found;
  const Date due_date =
      body.due_date().empty() ? item->due_date : Date::FromCheckedIso(body.due_date());
  if (due_date < item->issue_date) {
    return FailedPrecondition("invoice_amended.due_date " + due_date.ToString() +
                              " is before issue date " + item->issue_date.ToString());
  }
  if (body.has_amount() && body.amount().currency() != item->currency.code()) {
    return FailedPrecondition("invoice " + body.invoice_id() + " is in " + item->currency.str() +
                              ", the amendment in " + body.amount().currency());
  }
  const int64_t new_amount_minor =
      body.has_amount() ? body.amount().amount_minor() : item->amount_minor;
  const int64_t change_minor = new_amount_minor - item->amount_minor;  // Both > 0: no overflow.
  const Release release = change_minor < 0 ? PlanRelease(*item, -change_minor) : Release{};
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_REVENUE, item->currency,
           std::max<int64_t>(0, change_minor));
  PostRelease(release, item->currency, &postings);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  const Date previous_due_date = item->due_date;
  item->amount_minor = new_amount_minor;
  item->due_date = due_date;
  if (change_minor > 0) {  // A raise reopens by as much: a negative settlement.
    AddSettlement(item, context.date, -change_minor, v1::SETTLEMENT_KIND_AMENDMENT,
                  context.event.event_id());
  } else {
    CommitRelease(context, release, v1::SETTLEMENT_KIND_AMENDMENT, item);
  }
  Settlement& settlement = item->settlements.back();
  settlement.amount_change_minor = change_minor;
  if (due_date != previous_due_date) settlement.previous_due_date = previous_due_date;
  return Status::Ok();
}

Status ApplyInvoiceCancelled(FoldContext& context, const v1::InvoiceCancelled& body) {
  Result<Item*> found = FindLiveItem(context.state, body.invoice_id());
  if (!found.ok()) return found.status();
  Item* item = *found;
  const Release release = PlanRelease(*item, item->amount_minor);
  Postings postings;
  PostRelease(release, item->currency, &postings);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  CommitRelease(context, release, v1::SETTLEMENT_KIND_CANCELLATION, item);
  item->status = v1::ITEM_STATUS_CANCELLED;
  return Status::Ok();
}

}  // namespace arledger::fold_internal
