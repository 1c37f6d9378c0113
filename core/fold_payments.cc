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

#include "core/fold_internal.h"
#include "core/postings.h"
#include "core/state_access.h"

namespace arledger::fold_internal {
namespace {

struct ItemTake {
  int item_index;
  int64_t amount_minor;
};

std::vector<ItemTake> PlanRemittance(const AccountState& state, const v1::PaymentReceived& body,
                                     Currency currency) {
  std::vector<ItemTake> takes;
  for (const v1::Allocation& allocation : body.allocations()) {
    for (size_t i = 0; i < state.items.size(); ++i) {
      const Item& item = state.items[i];
      if (item.invoice_id != allocation.invoice_id()) continue;
      if (item.currency != currency) break;
      if (item.status == v1::ITEM_STATUS_CANCELLED) break;
      const int64_t take_minor = std::min(allocation.amount().amount_minor(), item.open_minor);
      if (take_minor > 0) takes.push_back({static_cast<int>(i), take_minor});
      break;
    }
  }
  return takes;
}

std::vector<ItemTake> PlanOldestDueFirst(const AccountState& state, Currency currency,
                                         int64_t amount_minor) {
  const std::vector<int> open = OpenItemsOldestDueFirst(state, currency);
  std::vector<ItemTake> takes;
  takes.reserve(open.size());
  int64_t remaining_minor = amount_minor;
  for (int index : open) {
    if (remaining_minor == 0) break;
    const int64_t take_minor = std::min(remaining_minor, ChaseableOpen(state.items[index]));
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
void SettleFromPayment(FoldContext& context, const std::vector<ItemTake>& takes, Payment* payment) {
  for (const ItemTake& take : takes) {
    Item& item = context.state.items[static_cast<size_t>(take.item_index)];
    AddSettlement(&item, context.date, take.amount_minor, v1::SETTLEMENT_KIND_PAYMENT,
                  payment->payment_id);
    AddPaymentAllocation(payment, item.invoice_id, take.amount_minor);
  }
}

// A refund id already paid out: it is the ref of a negative change of either pool.
bool RefundRecorded(const AccountState& state, const std::string& refund_id) {
  for (const auto* changes : {&state.unallocated_cash_changes, &state.account_credit_changes}) {
    for (const PoolChange& change : *changes) {
      if (change.delta_minor < 0 && change.ref == refund_id) return true;
    }
  }
  return false;
}

}  // namespace

Status ApplyPaymentReceived(FoldContext& context, const v1::PaymentReceived& body) {
  AccountState& state = context.state;
  if (FindPayment(state, body.payment_id()) != nullptr) {
    return FailedPrecondition("payment " + body.payment_id() + " was already received");
  }
  const Money amount = ValidatedMoney(body.amount());
  const Currency currency = amount.currency();
  const std::vector<ItemTake> takes =
      body.allocations().empty() ? PlanOldestDueFirst(state, currency, amount.amount_minor())
                                 : PlanRemittance(state, body, currency);
  const int64_t allocated_minor = TotalOf(takes);
  const int64_t unallocated_minor = amount.amount_minor() - allocated_minor;

  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           allocated_minor);
  PostPair(&postings, v1::LEDGER_ACCOUNT_CASH, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, currency,
           unallocated_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  Payment& payment = state.payments.emplace_back();
  payment.payment_id = body.payment_id();
  payment.date = context.date;
  payment.amount = amount;
  payment.method = body.method();
  payment.unallocated_minor = unallocated_minor;
  SettleFromPayment(context, takes, &payment);
  ChangePool(&state, Pool::kUnallocatedCash, currency, unallocated_minor, context.date,
             body.payment_id());
  return Status::Ok();
}

Status ApplyPaymentAllocated(FoldContext& context, const v1::PaymentAllocated& body) {
  AccountState& state = context.state;
  Payment* payment = FindPayment(&state, body.payment_id());
  if (payment == nullptr) return FailedPrecondition("payment " + body.payment_id() + " is unknown");
  if (payment->reversed) {
    return FailedPrecondition("payment " + body.payment_id() + " was reversed");
  }
  const Currency currency = payment->amount.currency();
  std::vector<ItemTake> takes;
  for (const v1::Allocation& allocation : body.allocations()) {
    const std::string& invoice_id = allocation.invoice_id();
    const Item* found = FindItem(state, invoice_id);
    if (found == nullptr) return FailedPrecondition("invoice " + invoice_id + " is unknown");
    const Item& item = *found;
    const int index = static_cast<int>(found - state.items.data());
    if (item.currency != currency || allocation.amount().currency() != currency.code()) {
      return FailedPrecondition("invoice " + invoice_id + " is in " + item.currency.str() +
                                ", payment " + body.payment_id() + " in " + currency.str());
    }
    if (allocation.amount().amount_minor() > item.open_minor) {
      return FailedPrecondition("allocation to invoice " + invoice_id + " exceeds its open " +
                                "amount " + std::to_string(item.open_minor));
    }
    takes.push_back({index, allocation.amount().amount_minor()});
  }
  const int64_t allocated_minor = TotalOf(takes);  // Validated: the sum fits int64.
  if (allocated_minor > payment->unallocated_minor) {
    return FailedPrecondition("allocations total " + std::to_string(allocated_minor) +
                              " exceeds payment " + body.payment_id() + "'s unallocated " +
                              std::to_string(payment->unallocated_minor));
  }
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, currency,
           allocated_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  payment->unallocated_minor -= allocated_minor;
  SettleFromPayment(context, takes, payment);
  ChangePool(&state, Pool::kUnallocatedCash, currency, -allocated_minor, context.date,
             body.payment_id());
  return Status::Ok();
}

Status ApplyPaymentRefunded(FoldContext& context, const v1::PaymentRefunded& body) {
  AccountState& state = context.state;
  const bool from_cash = body.source() == v1::REFUND_SOURCE_UNALLOCATED_CASH;
  const Pool pool = from_cash ? Pool::kUnallocatedCash : Pool::kAccountCredit;
  const Money amount = ValidatedMoney(body.amount());
  const Currency currency = amount.currency();
  const int64_t amount_minor = amount.amount_minor();
  if (RefundRecorded(state, body.refund_id())) {
    return FailedPrecondition("refund " + body.refund_id() + " was already paid");
  }
  const int64_t available_minor = PoolAmount(state, pool, currency);
  if (amount_minor > available_minor) {
    return FailedPrecondition("refund of " + std::to_string(amount_minor) + " exceeds the " +
                              std::string(PoolName(pool)) + " of " +
                              std::to_string(available_minor) + " " + currency.str());
  }
  Postings postings;
  PostPair(&postings,
           from_cash ? v1::LEDGER_ACCOUNT_UNALLOCATED_CASH : v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT,
           v1::LEDGER_ACCOUNT_REFUNDS, currency, amount_minor);
  ARLEDGER_RETURN_IF_ERROR(StagePostings(context, postings));

  if (from_cash) {
    int64_t remaining_minor = amount_minor;
    for (auto payment = state.payments.rbegin();
         payment != state.payments.rend() && remaining_minor > 0; ++payment) {
      if (payment->reversed || payment->amount.currency() != currency) continue;
      const int64_t take_minor = std::min(remaining_minor, payment->unallocated_minor);
      payment->unallocated_minor -= take_minor;
      remaining_minor -= take_minor;
    }
    ARLEDGER_CHECK(remaining_minor == 0);  // The pool is the sum of the payments' parts.
  }
  ChangePool(&state, pool, currency, -amount_minor, context.date, body.refund_id());
  return Status::Ok();
}

}  // namespace arledger::fold_internal
