// Helpers over v1::AccountState: lookups, pools with dated history, settlements.
#include "core/state_access.h"

#include <algorithm>
#include <string>

#include "core/money.h"
#include "core/status.h"

namespace arledger {
namespace {

google::protobuf::RepeatedPtrField<v1::CurrencyAmount>* MutablePool(v1::AccountState* state,
                                                                    Pool pool) {
  return pool == Pool::kUnallocatedCash ? state->mutable_unallocated_cash()
                                        : state->mutable_account_credit();
}

const google::protobuf::RepeatedPtrField<v1::CurrencyAmount>& ReadPool(
    const v1::AccountState& state, Pool pool) {
  return pool == Pool::kUnallocatedCash ? state.unallocated_cash() : state.account_credit();
}

}  // namespace

v1::OpenItem* FindItem(v1::AccountState* state, std::string_view invoice_id) {
  for (v1::OpenItem& item : *state->mutable_items()) {
    if (item.invoice_id() == invoice_id) return &item;
  }
  return nullptr;
}

const v1::OpenItem* FindItem(const v1::AccountState& state, std::string_view invoice_id) {
  for (const v1::OpenItem& item : state.items()) {
    if (item.invoice_id() == invoice_id) return &item;
  }
  return nullptr;
}

v1::PaymentRecord* FindPayment(v1::AccountState* state, std::string_view payment_id) {
  for (v1::PaymentRecord& payment : *state->mutable_payments()) {
    if (payment.payment_id() == payment_id) return &payment;
  }
  return nullptr;
}

const v1::PaymentRecord* FindPayment(const v1::AccountState& state, std::string_view payment_id) {
  for (const v1::PaymentRecord& payment : state.payments()) {
    if (payment.payment_id() == payment_id) return &payment;
  }
  return nullptr;
}

std::string_view PoolName(Pool pool) {
  return pool == Pool::kUnallocatedCash ? "unallocated cash" : "account credit";
}

int64_t PoolAmount(const v1::AccountState& state, Pool pool, std::string_view currency) {
  for (const v1::CurrencyAmount& entry : ReadPool(state, pool)) {
    if (entry.currency() == currency) return entry.amount_minor();
  }
  return 0;
}

void ChangePool(v1::AccountState* state, Pool pool, std::string_view currency, int64_t delta_minor,
                std::string_view date, std::string_view ref) {
  if (delta_minor == 0) return;
  v1::CurrencyAmount* target = nullptr;
  for (v1::CurrencyAmount& entry : *MutablePool(state, pool)) {
    if (entry.currency() == currency) target = &entry;
  }
  if (target == nullptr) {
    target = MutablePool(state, pool)->Add();
    target->set_currency(std::string(currency));
  }
  Result<int64_t> sum = CheckedAdd(target->amount_minor(), delta_minor);
  ARLEDGER_CHECK(sum.ok() && *sum >= 0);
  target->set_amount_minor(*sum);
  v1::PoolChange* change = pool == Pool::kUnallocatedCash ? state->add_unallocated_cash_changes()
                                                          : state->add_account_credit_changes();
  change->set_date(std::string(date));
  change->set_currency(std::string(currency));
  change->set_delta_minor(delta_minor);
  change->set_ref(std::string(ref));
}

int64_t ChaseableOpen(const v1::OpenItem& item) {
  if (item.status() == v1::ITEM_STATUS_CANCELLED) return 0;
  return std::max<int64_t>(0, item.open_minor() - item.disputed_minor());
}

void AddSettlement(v1::OpenItem* item, std::string_view date, int64_t amount_minor,
                   v1::SettlementKind kind, std::string_view ref) {
  const int64_t open_minor = item->open_minor() - amount_minor;  // Both within [0, amount].
  ARLEDGER_CHECK(open_minor >= 0 && open_minor <= item->amount_minor());
  item->set_open_minor(open_minor);
  if (item->status() != v1::ITEM_STATUS_CANCELLED) {
    item->set_status(open_minor == 0 ? v1::ITEM_STATUS_SETTLED : v1::ITEM_STATUS_OPEN);
  }
  v1::Settlement* settlement = item->add_settlements();
  settlement->set_date(std::string(date));
  settlement->set_amount_minor(amount_minor);
  settlement->set_kind(kind);
  settlement->set_ref(std::string(ref));
}

std::vector<int> OpenItemsOldestDueFirst(const v1::AccountState& state, std::string_view currency) {
  std::vector<int> indices;
  for (int i = 0; i < state.items_size(); ++i) {
    const v1::OpenItem& item = state.items(i);
    if (item.currency() == currency && item.open_minor() > 0 &&
        item.status() != v1::ITEM_STATUS_CANCELLED) {
      indices.push_back(i);
    }
  }
  std::stable_sort(indices.begin(), indices.end(), [&state](int a, int b) {
    return state.items(a).due_date() < state.items(b).due_date();  // ISO dates sort as text.
  });
  return indices;
}

void AddPaymentAllocation(v1::PaymentRecord* payment, std::string_view invoice_id,
                          int64_t amount_minor) {
  for (v1::Allocation& allocation : *payment->mutable_allocations()) {
    if (allocation.invoice_id() == invoice_id) {
      v1::Money* amount = allocation.mutable_amount();
      Result<int64_t> sum = CheckedAdd(amount->amount_minor(), amount_minor);
      ARLEDGER_CHECK(sum.ok() && *sum >= 0);
      amount->set_amount_minor(*sum);
      return;
    }
  }
  v1::Allocation* allocation = payment->add_allocations();
  allocation->set_invoice_id(std::string(invoice_id));
  allocation->mutable_amount()->set_amount_minor(amount_minor);
  allocation->mutable_amount()->set_currency(payment->amount().currency());
}

}  // namespace arledger
