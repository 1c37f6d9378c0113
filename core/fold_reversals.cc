// The fold for PaymentReversed (bounced direct debit, chargeback, returned cheque).
//
// A reversal undoes exactly what the payment did, as recorded on its PaymentRecord: each
// invoice it settled is reopened by what it put there (so the item is overdue again from its
// own due date: the overdue-since date moves back), and its part still sitting as unallocated
// cash leaves the pool. Money of the payment that has since moved on cannot be put back where
// it was, and is recovered in this order:
//   1. an item that shrank (amended down) or was cancelled after the payment reopens only up
//      to its amount; the rest had become account credit, so it comes out of account credit;
//   2. cash already refunded, or credit already used, leaves a shortfall: it becomes a new
//      open item "reversal:<payment_id>", due on the reversal date, so the balance is right and
//      the debt is chased like any other.
// In every case the account's balance rises by exactly the payment's amount.
#include <algorithm>

#include "core/state_access.h"
#include "core/fold_internal.h"
#include "core/postings.h"

namespace arledger::fold_internal {
namespace {

struct Reopen {
  int item_index;
  int64_t amount_minor;
};

struct ReversalPlan {
  std::vector<Reopen> reopen;
  int64_t reopened_minor = 0;
  int64_t unallocated_minor = 0;
  int64_t from_credit_minor = 0;
  int64_t new_debt_minor = 0;
};

ReversalPlan PlanReversal(const v1::AccountState& state, const v1::PaymentRecord& payment) {
  ReversalPlan plan;
  for (const v1::Allocation& allocation : payment.allocations()) {
    for (int i = 0; i < state.items_size(); ++i) {
      const v1::OpenItem& item = state.items(i);
      if (item.invoice_id() != allocation.invoice_id()) continue;
      const int64_t room_minor =
          item.status() == v1::ITEM_STATUS_CANCELLED ? 0 : item.amount_minor() - item.open_minor();
      const int64_t reopen_minor = std::min(allocation.amount().amount_minor(), room_minor);
      if (reopen_minor > 0) plan.reopen.push_back({i, reopen_minor});
      plan.reopened_minor += reopen_minor;  // Parts of one payment: cannot overflow.
      break;
    }
  }
  plan.unallocated_minor = payment.unallocated_minor();
  const int64_t shortfall_minor =
      payment.amount().amount_minor() - plan.reopened_minor - plan.unallocated_minor;
  ARLEDGER_CHECK(shortfall_minor >= 0);
  plan.from_credit_minor = std::min(
      shortfall_minor, PoolAmount(state, Pool::kAccountCredit, payment.amount().currency()));
  plan.new_debt_minor = shortfall_minor - plan.from_credit_minor;
  return plan;
}

void AddReinstatedDebt(FoldContext& context, const v1::PaymentRecord& payment,
                       int64_t amount_minor) {
  v1::OpenItem* item = context.state.add_items();
  item->set_invoice_id("reversal:" + payment.payment_id());
  item->set_issue_date(context.date);
  item->set_due_date(context.date);
  item->set_currency(payment.amount().currency());
  item->set_amount_minor(amount_minor);
  item->set_open_minor(amount_minor);
  item->set_status(v1::ITEM_STATUS_OPEN);
  item->set_reference("debt reinstated by the reversal of payment " + payment.payment_id());
}

}  // namespace

Status ApplyPaymentReversed(FoldContext& context, const v1::PaymentReversed& body) {
  v1::AccountState& state = context.state;
  v1::PaymentRecord* payment = FindPayment(&state, body.payment_id());
  if (payment == nullptr) return FailedPrecondition("payment " + body.payment_id() + " is unknown");
  if (payment->reversed()) {
    return FailedPrecondition("payment " + body.payment_id() + " was already reversed on " +
                              payment->reversed_date());
  }
  const std::string currency = payment->amount().currency();
  const ReversalPlan plan = PlanReversal(state, *payment);
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.reopened_minor + plan.new_debt_minor);  // Both within the payment's amount.
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.unallocated_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.from_credit_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  for (const Reopen& reopen : plan.reopen) {
    AddSettlement(state.mutable_items(reopen.item_index), context.date, -reopen.amount_minor,
                  v1::SETTLEMENT_KIND_REVERSAL, body.payment_id());
  }
  ChangePool(&state, Pool::kUnallocatedCash, currency, -plan.unallocated_minor, context.date,
             body.payment_id());
  ChangePool(&state, Pool::kAccountCredit, currency, -plan.from_credit_minor, context.date,
             body.payment_id());
  if (plan.new_debt_minor > 0) AddReinstatedDebt(context, *payment, plan.new_debt_minor);
  payment->set_unallocated_minor(0);
  payment->set_reversed(true);
  payment->set_reversed_date(context.date);
  payment->set_reversal_reason(body.reason());
  return Status::Ok();
}

}  // namespace arledger::fold_internal
