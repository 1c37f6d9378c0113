// Helpers over AccountState shared by the fold and the query-time views: finding items and
// payments, the per-currency pools (unallocated cash, account credit) with their dated
// history, and settlements on open items.
//
// Mutating helpers assume the caller already checked bounds (the fold plans and checks before
// it mutates) and assert their invariants with ARLEDGER_CHECK, which stays on.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/account_state.h"

namespace arledger {

Item* FindItem(AccountState* state, std::string_view invoice_id);
const Item* FindItem(const AccountState& state, std::string_view invoice_id);
Payment* FindPayment(AccountState* state, std::string_view payment_id);
const Payment* FindPayment(const AccountState& state, std::string_view payment_id);

// True when the two ids are equal. Compares their last eight bytes first, inline: one
// account's ids usually share a prefix and differ at the end ("INV-1042-7", "INV-1042-8"), and
// a search compares the id with every record before the one it finds (or all, to refuse a
// duplicate).
inline bool SameId(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  constexpr size_t kTail = sizeof(uint64_t);
  if (a.size() < kTail) return a == b;
  uint64_t a_tail, b_tail;
  std::memcpy(&a_tail, a.data() + a.size() - kTail, kTail);
  std::memcpy(&b_tail, b.data() + b.size() - kTail, kTail);
  return a_tail == b_tail && std::memcmp(a.data(), b.data(), a.size() - kTail) == 0;
}

// Finds the record whose id (`record.*id_field`) is `id`, or nullptr. Each id is compared where
// it lies: the fold looks one up on most events, and copying each record's id to compare it
// was half of the look-up's instructions.
template <typename Record>
Record* FindById(std::vector<Record>& records, std::string_view id, std::string Record::*id_field) {
  for (Record& record : records) {
    if (SameId(record.*id_field, id)) return &record;
  }
  return nullptr;
}

// The two per-currency pools that reduce an account's balance besides open items.
enum class Pool {
  kUnallocatedCash,  // Cash received but not (yet) allocated to an invoice.
  kAccountCredit,    // Credit owed to the customer: credit-note excess, amendments, disputes.
};

std::string_view PoolName(Pool pool);
int64_t PoolAmount(const AccountState& state, Pool pool, Currency currency);
// Adds `delta_minor` (negative takes out) and records the dated change. The result must stay
// within [0, INT64_MAX]: the caller checked; a violation is a bug and aborts.
void ChangePool(AccountState* state, Pool pool, Currency currency, int64_t delta_minor, Date date,
                std::string_view ref);

// Open amount not under dispute: what chasing and oldest-first allocation may reach.
int64_t ChaseableOpen(const Item& item);

// Settles (amount > 0) or reopens (amount < 0) an item and records the dated settlement;
// keeps the status in step (SETTLED at zero, OPEN above; CANCELLED stays CANCELLED).
void AddSettlement(Item* item, Date date, int64_t amount_minor, v1::SettlementKind kind,
                   std::string_view ref);

// Indices into state.items of the items of `currency` with open_minor > 0, oldest due date
// first (issue order breaks ties). Cancelled items are never included.
std::vector<int> OpenItemsOldestDueFirst(const AccountState& state, Currency currency);

// Adds `amount_minor` to the payment's allocation to `invoice_id` (merging per invoice, so a
// reversal finds one entry per item).
void AddPaymentAllocation(Payment* payment, std::string_view invoice_id, int64_t amount_minor);

}  // namespace arledger
