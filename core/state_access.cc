// Helpers over AccountState: lookups, pools with dated history, settlements.
#include "core/state_access.h"

#include <algorithm>
#include <string>

#include "core/money.h"
#include "core/status.h"

namespace arledger {
namespace {

std::vector<CurrencyAmount>& PoolOf(AccountState* state, Pool pool) {
  return pool == Pool::kUnallocatedCash ? state->unallocated_cash : state->account_credit;
}

}  // namespace

Item* FindItem(AccountState* state, std::string_view invoice_id) {
  return FindById(state->items, invoice_id, &Item::invoice_id);
}

const Item* FindItem(const AccountState& state, std::string_view invoice_id) {
  return FindItem(const_cast<AccountState*>(&state), invoice_id);
}

Payment* FindPayment(AccountState* state, std::string_view payment_id) {
  return FindById(state->payments, payment_id, &Payment::payment_id);
}

const Payment* FindPayment(const AccountState& state, std::string_view payment_id) {
  return FindPayment(const_cast<AccountState*>(&state), payment_id);
}

std::string_view PoolName(Pool pool) {
  return pool == Pool::kUnallocatedCash ? "unallocated cash" : "account credit";
}

int64_t PoolAmount(const AccountState& state, Pool pool, Currency currency) {
  const std::vector<CurrencyAmount>& entries =
      pool == Pool::kUnallocatedCash ? state.unallocated_cash : state.account_credit;
  for (const CurrencyAmount& entry : entries) {
    if (entry.currency == currency) return entry.amount_minor;
  }
  return 0;
}

void ChangePool(AccountState* state, Pool pool, Currency currency, int64_t delta_minor, Date date,
                std::string_view ref) {
  if (delta_minor == 0) return;
  std::vector<CurrencyAmount>& entries = PoolOf(state, pool);
  CurrencyAmount* target = nullptr;
  for (CurrencyAmount& entry : entries) {
    if (entry.currency == currency) target = &entry;
  }
  if (target == nullptr) {
    target = &entries.emplace_back();
    target->currency = currency;
  }
  Result<int64_t> sum = CheckedAdd(target->amount_minor, delta_minor);
  ARLEDGER_CHECK(sum.ok() && *sum >= 0);
  target->amount_minor = *sum;
  std::vector<PoolChange>& changes = pool == Pool::kUnallocatedCash
                                         ? state->unallocated_cash_changes
                                         : state->account_credit_changes;
  changes.push_back(PoolChange{date, currency, delta_minor, std::string(ref)});
}

int64_t ChaseableOpen(const Item& item) {
  if (item.status == v1::ITEM_STATUS_CANCELLED) return 0;
  return std::max<int64_t>(0, item.open_minor - item.disputed_minor);
}

void AddSettlement(Item* item, Date date, int64_t amount_minor, v1::SettlementKind kind,
                   std::string_view ref) {
  const int64_t open_minor = item->open_minor - amount_minor;  // Both within [0, amount].
  ARLEDGER_CHECK(open_minor >= 0 && open_minor <= item->amount_minor);
  item->open_minor = open_minor;
  if (item->status != v1::ITEM_STATUS_CANCELLED) {
    item->status = open_minor == 0 ? v1::ITEM_STATUS_SETTLED : v1::ITEM_STATUS_OPEN;
  }
  Settlement& settlement = item->settlements.emplace_back();
  settlement.date = date;
  settlement.amount_minor = amount_minor;
  settlement.kind = kind;
  settlement.ref = ref;
}

std::vector<int> OpenItemsOldestDueFirst(const AccountState& state, Currency currency) {
  std::vector<int> indices;
  indices.reserve(state.items.size());  // One allocation: every payment without remittance asks.
  for (size_t i = 0; i < state.items.size(); ++i) {
    const Item& item = state.items[i];
    if (item.currency == currency && item.open_minor > 0 &&
        item.status != v1::ITEM_STATUS_CANCELLED) {
      indices.push_back(static_cast<int>(i));
    }
  }
  // Issue order breaks ties: as a stable sort would, without its temporary buffer.
  std::sort(indices.begin(), indices.end(), [&state](int a, int b) {
    const Date due_a = state.items[static_cast<size_t>(a)].due_date;
    const Date due_b = state.items[static_cast<size_t>(b)].due_date;
    return due_a < due_b || (due_a == due_b && a < b);
  });
  return indices;
}

void AddPaymentAllocation(Payment* payment, std::string_view invoice_id, int64_t amount_minor) {
  for (Allocation& allocation : payment->allocations) {
    if (SameId(allocation.invoice_id, invoice_id)) {
      Result<int64_t> sum = CheckedAdd(allocation.amount.amount_minor(), amount_minor);
      ARLEDGER_CHECK(sum.ok() && *sum >= 0);
      allocation.amount = Money(*sum, allocation.amount.currency());
      return;
    }
  }
  payment->allocations.push_back(
      Allocation{std::string(invoice_id), Money(amount_minor, payment->amount.currency())});
}

}  // namespace arledger
