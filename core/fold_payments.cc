// The fold for payments coming in and going back out: received, allocated, refunded.
// (Reversals are in fold_reversals.cc.)
//
// Decisions:
// - Remittance is the customer's instruction and is followed even for an invoice under
//   dispute (paying a disputed invoice is the customer's choice; the dispute stays open until
//   resolved). A remittance line is capped at the item's open amount; a line naming an
//   invoice not (yet) issued, cancelled or in another currency allocates nothing. Whatever the
//   remittance does not place becomes unallocated cash for a collector to allocate: no
//   oldest-first guess is layered on top of an explicit remittance.
// - Without remittance: oldest due first, skipping the disputed part of each item.
// - A manual allocation (PaymentAllocated) is a collector's instruction and is all or nothing:
//   an unknown or cancelled invoice, another currency, more than the item's open amount or
//   more than the payment's unallocated cash rejects the whole event.
// - A payment_id or refund_id seen before (under another event_id) is rejected: the payment
//   records and the pool history carry these ids, so a re-published document is caught.
// - A refund of unallocated cash takes it from the newest payments first (the most recent
//   overpayment is the one refunded), so PaymentRecord.unallocated_minor stays exact for a
//   later reversal.
#include <algorithm>

#include "core/state_access.h"
#include "core/fold_internal.h"
#include "core/postings.h"

namespace arledger::fold_internal {
namespace {

struct ItemTake {
  int item_index;
  int64_t amount_minor;
};

std::vector<ItemTake> PlanRemittance(const v1::AccountState& state,
                                     const v1::PaymentReceived& body) {
  std::vector<ItemTake> takes;
  for (const v1::Allocation& allocation : body.allocations()) {
    for (int i = 0; i < state.items_size(); ++i) {
      const v1::OpenItem& item = state.items(i);
      if (item.invoice_id() != allocation.invoice_id()) continue;
      if (item.currency() != body.amount().currency()) break;
      if (item.status() == v1::ITEM_STATUS_CANCELLED) break;
      const int64_t take_minor = std::min(allocation.amount().amount_minor(), item.open_minor());
      if (take_minor > 0) takes.push_back({i, take_minor});
      break;
    }
  }
  return takes;
}

std::vector<ItemTake> PlanOldestDueFirst(const v1::AccountState& state, const std::string& currency,
                                         int64_t amount_minor) {
  std::vector<ItemTake> takes;
  int64_t remaining_minor = amount_minor;
  for (int index : OpenItemsOldestDueFirst(state, currency)) {
    if (remaining_minor == 0) break;
    const int64_t take_minor = std::min(remaining_minor, ChaseableOpen(state.items(index)));
    if (take_minor == 0) continue;
    takes.push_back({index, take_minor});
    remaining_minor -= take_minor;
  }
  return takes;
}

int64_t TotalOf(const std::vector<ItemTake>& takes) {
  int64_t total_minor = 0;
  for (const ItemTake& take : takes) total_minor += take.amount_minor;  // <= one payment.
  return total_minor;
}

// Settles the planned items from `payment` and records where its money went.
void SettleFromPayment(FoldContext& context, const std::vector<ItemTake>& takes,
                       v1::PaymentRecord* payment) {
  for (const ItemTake& take : takes) {
    v1::OpenItem* item = context.state.mutable_items(take.item_index);
    AddSettlement(item, context.date, take.amount_minor, v1::SETTLEMENT_KIND_PAYMENT,
                  payment->payment_id());
    AddPaymentAllocation(payment, item->invoice_id(), take.amount_minor);
  }
}

}  // namespace

Status ApplyPaymentReceived(FoldContext& context, const v1::PaymentReceived& body) {
  v1::AccountState& state = context.state;
  if (FindPayment(state, body.payment_id()) != nullptr) {
    return FailedPrecondition("payment " + body.payment_id() + " was already received");
  }
  const std::string& currency = body.amount().currency();
  const int64_t amount_minor = body.amount().amount_minor();
  const std::vector<ItemTake> takes = body.allocations().empty()
                                          ? PlanOldestDueFirst(state, currency, amount_minor)
                                          : PlanRemittance(state, body);
  const int64_t allocated_minor = TotalOf(takes);
  const int64_t unallocated_minor = amount_minor - allocated_minor;

  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           allocated_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_CASH, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, currency,
           unallocated_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  v1::PaymentRecord* payment = state.add_payments();
  payment->set_payment_id(body.payment_id());
  payment->set_date(context.date);
  *payment->mutable_amount() = body.amount();
  payment->set_method(body.method());
  payment->set_unallocated_minor(unallocated_minor);
  SettleFromPayment(context, takes, payment);
  ChangePool(&state, Pool::kUnallocatedCash, currency, unallocated_minor, context.date,
             body.payment_id());
  return Status::Ok();
}

Status ApplyPaymentAllocated(FoldContext& context, const v1::PaymentAllocated& body) {
  v1::AccountState& state = context.state;
  v1::PaymentRecord* payment = FindPayment(&state, body.payment_id());
  if (payment == nullptr) return FailedPrecondition("payment " + body.payment_id() + " is unknown");
  if (payment->reversed()) {
    return FailedPrecondition("payment " + body.payment_id() + " was reversed");
  }
  const std::string currency = payment->amount().currency();
  std::vector<ItemTake> takes;
  for (const v1::Allocation& allocation : body.allocations()) {
    const std::string& invoice_id = allocation.invoice_id();
    int index = -1;
    for (int i = 0; i < state.items_size(); ++i) {
      if (state.items(i).invoice_id() == invoice_id) index = i;
    }
    if (index < 0) return FailedPrecondition("invoice " + invoice_id + " is unknown");
    const v1::OpenItem& item = state.items(index);
    if (item.currency() != currency || allocation.amount().currency() != currency) {
      return FailedPrecondition("invoice " + invoice_id + " is in " + item.currency() +
                                ", payment " + body.payment_id() + " in " + currency);
    }
    if (allocation.amount().amount_minor() > item.open_minor()) {
      return FailedPrecondition("allocation to invoice " + invoice_id + " exceeds its open " +
                                "amount " + std::to_string(item.open_minor()));
    }
    takes.push_back({index, allocation.amount().amount_minor()});
  }
  const int64_t allocated_minor = TotalOf(takes);  // Validated: the sum fits int64.
  if (allocated_minor > payment->unallocated_minor()) {
    return FailedPrecondition("allocations total " + std::to_string(allocated_minor) +
                              " exceeds payment " + body.payment_id() + "'s unallocated " +
                              std::to_string(payment->unallocated_minor()));
  }
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           allocated_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  payment->set_unallocated_minor(payment->unallocated_minor() - allocated_minor);
  SettleFromPayment(context, takes, payment);
  ChangePool(&state, Pool::kUnallocatedCash, currency, -allocated_minor, context.date,
             body.payment_id());
  return Status::Ok();
}

Status ApplyPaymentRefunded(FoldContext& context, const v1::PaymentRefunded& body) {
  v1::AccountState& state = context.state;
  const bool from_cash = body.source() == v1::REFUND_SOURCE_UNALLOCATED_CASH;
  const Pool pool = from_cash ? Pool::kUnallocatedCash : Pool::kAccountCredit;
  const std::string& currency = body.amount().currency();
  const int64_t amount_minor = body.amount().amount_minor();
  for (const auto* changes : {&state.unallocated_cash_changes(), &state.account_credit_changes()}) {
    for (const v1::PoolChange& change : *changes) {
      if (change.delta_minor() < 0 && change.ref() == body.refund_id()) {
        return FailedPrecondition("refund " + body.refund_id() + " was already paid");
      }
    }
  }
  const int64_t available_minor = PoolAmount(state, pool, currency);
  if (amount_minor > available_minor) {
    return FailedPrecondition("refund of " + std::to_string(amount_minor) + " exceeds the " +
                              std::string(PoolName(pool)) + " of " +
                              std::to_string(available_minor) + " " + currency);
  }
  Postings postings;
  PostPair(&postings,
           from_cash ? v1::LEDGER_ACCOUNT_UNALLOCATED_CASH : v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT,
           v1::LEDGER_ACCOUNT_REFUNDS, currency, amount_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, std::move(postings)));

  if (from_cash) {
    int64_t remaining_minor = amount_minor;
    for (int i = state.payments_size() - 1; i >= 0 && remaining_minor > 0; --i) {
      v1::PaymentRecord* payment = state.mutable_payments(i);
      if (payment->reversed() || payment->amount().currency() != currency) continue;
      const int64_t take_minor = std::min(remaining_minor, payment->unallocated_minor());
      payment->set_unallocated_minor(payment->unallocated_minor() - take_minor);
      remaining_minor -= take_minor;
    }
    ARLEDGER_CHECK(remaining_minor == 0);  // The pool is the sum of the payments' parts.
  }
  ChangePool(&state, pool, currency, -amount_minor, context.date, body.refund_id());
  return Status::Ok();
}

}  // namespace arledger::fold_internal
