// The fold for invoice events: issued (with automatic use of cash and credit already held),
// amended (amount and/or due date) and cancelled.
//
// Decision: an invoice issued while the account holds unallocated cash or account credit in
// its currency consumes them at once, cash first (oldest payment first), then credit. Cash
// only sits unallocated when there was nothing chaseable to allocate it to, so the new invoice
// is the oldest-due item it can reach; doing it in apply keeps "payment before its invoice"
// from leaving both a debt and a credit on the account.
#include <algorithm>

#include "core/account_state.h"
#include "core/fold_internal.h"
#include "core/postings.h"

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

Consumption PlanConsumption(const v1::AccountState& state, const std::string& currency,
                            int64_t amount_minor) {
  Consumption plan;
  int64_t remaining_minor = amount_minor;
  for (int i = 0; i < state.payments_size() && remaining_minor > 0; ++i) {
    const v1::PaymentRecord& payment = state.payments(i);
    if (payment.reversed() || payment.amount().currency() != currency) continue;
    const int64_t take_minor = std::min(remaining_minor, payment.unallocated_minor());
    if (take_minor == 0) continue;
    plan.cash.push_back({i, take_minor});
    plan.cash_minor += take_minor;  // <= amount_minor: cannot overflow.
    remaining_minor -= take_minor;
  }
  plan.credit_minor =
      std::min(remaining_minor, PoolAmount(state, Pool::kAccountCredit, currency));
  return plan;
}

}  // namespace

Status ApplyInvoiceIssued(FoldContext& context, const v1::InvoiceIssued& body) {
  v1::AccountState& state = context.state;
  if (FindItem(state, body.invoice_id()) != nullptr) {
    return FailedPrecondition("invoice " + body.invoice_id() + " was already issued");
  }
  const Money amount = ValidatedMoney(body.amount());
  const std::string currency = amount.currency().str();
  const Consumption plan = PlanConsumption(state, currency, amount.amount_minor());

  std::vector<v1::JournalLine> postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_REVENUE, currency,
           amount.amount_minor());
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES,
           currency, plan.cash_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, v1::LEDGER_ACCOUNT_RECEIVABLES,
           currency, plan.credit_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  v1::OpenItem* item = state.add_items();
  item->set_invoice_id(body.invoice_id());
  item->set_issue_date(body.issue_date());
  item->set_due_date(body.due_date());
  item->set_currency(currency);
  item->set_amount_minor(amount.amount_minor());
  item->set_open_minor(amount.amount_minor());
  item->set_status(v1::ITEM_STATUS_OPEN);
  item->set_renewal(body.renewal());
  item->set_reference(body.reference());
  for (const CashTake& take : plan.cash) {
    v1::PaymentRecord* payment = state.mutable_payments(take.payment_index);
    payment->set_unallocated_minor(payment->unallocated_minor() - take.amount_minor);
    AddPaymentAllocation(payment, body.invoice_id(), take.amount_minor);
    AddSettlement(item, context.date, take.amount_minor, v1::SETTLEMENT_KIND_PAYMENT,
                  payment->payment_id());
    ChangePool(&state, Pool::kUnallocatedCash, currency, -take.amount_minor, context.date,
               payment->payment_id());
  }
  if (plan.credit_minor > 0) {
    AddSettlement(item, context.date, plan.credit_minor, v1::SETTLEMENT_KIND_CREDIT_NOTE,
                  "account-credit");
    ChangePool(&state, Pool::kAccountCredit, currency, -plan.credit_minor, context.date,
               body.invoice_id());
  }
  return Status::Ok();
}

}  // namespace arledger::fold_internal
