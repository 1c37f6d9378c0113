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

#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_access.h"

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

ReversalPlan PlanReversal(const AccountState& state, const Payment& payment) {
  ReversalPlan plan;
  for (const Allocation& allocation : payment.allocations) {
    for (size_t i = 0; i < state.items.size(); ++i) {
      const Item& item = state.items[i];
      if (item.invoice_id != allocation.invoice_id) continue;
      const int64_t room_minor =
          item.status == v1::ITEM_STATUS_CANCELLED ? 0 : item.amount_minor - item.open_minor;
      const int64_t reopen_minor = std::min(allocation.amount.amount_minor(), room_minor);
      if (reopen_minor > 0) plan.reopen.push_back({static_cast<int>(i), reopen_minor});
      plan.reopened_minor += reopen_minor;  // Parts of one payment: cannot overflow.
      break;
    }
  }
  plan.unallocated_minor = payment.unallocated_minor;
  const int64_t shortfall_minor =
      payment.amount.amount_minor() - plan.reopened_minor - plan.unallocated_minor;
  ARLEDGER_CHECK(shortfall_minor >= 0);
  plan.from_credit_minor =
      std::min(shortfall_minor, PoolAmount(state, Pool::kAccountCredit, payment.amount.currency()));
  plan.new_debt_minor = shortfall_minor - plan.from_credit_minor;
  return plan;
}

void AddReinstatedDebt(FoldContext& context, const std::string& payment_id, Currency currency,
                       int64_t amount_minor) {
  Item& item = context.state.items.emplace_back();
  item.invoice_id = "reversal:" + payment_id;
  item.issue_date = context.date;
  item.due_date = context.date;
  item.currency = currency;
  item.amount_minor = amount_minor;
  item.open_minor = amount_minor;
  item.status = v1::ITEM_STATUS_OPEN;
  item.reference = "debt reinstated by the reversal of payment " + payment_id;
}

}  // namespace

Status ApplyPaymentReversed(FoldContext& context, const v1::PaymentReversed& body) {
  AccountState& state = context.state;
  Payment* payment = FindPayment(&state, body.payment_id());
  if (payment == nullptr) return FailedPrecondition("payment " + body.payment_id() + " is unknown");
  if (payment->reversed) {
    return FailedPrecondition("payment " + body.payment_id() + " was already reversed on " +
                              payment->reversed_date.ToString());
  }
  const Currency currency = payment->amount.currency();
  const ReversalPlan plan = PlanReversal(state, *payment);
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.reopened_minor + plan.new_debt_minor);  // Both within the payment's amount.
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.unallocated_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, v1::LEDGER_ACCOUNT_CASH, currency,
           plan.from_credit_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  for (const Reopen& reopen : plan.reopen) {
    AddSettlement(&state.items[static_cast<size_t>(reopen.item_index)], context.date,
                  -reopen.amount_minor, v1::SETTLEMENT_KIND_REVERSAL, body.payment_id());
  }
  ChangePool(&state, Pool::kUnallocatedCash, currency, -plan.unallocated_minor, context.date,
             body.payment_id());
  ChangePool(&state, Pool::kAccountCredit, currency, -plan.from_credit_minor, context.date,
             body.payment_id());
  if (plan.new_debt_minor > 0) {
    AddReinstatedDebt(context, payment->payment_id, currency, plan.new_debt_minor);
  }
  payment->unallocated_minor = 0;
  payment->reversed = true;
  payment->reversed_date = context.date;
  payment->reversal_reason = body.reason();
  return Status::Ok();
}

}  // namespace arledger::fold_internal
