// AccountState: the folded state of one account, as the fold and the projector hold it.
//
// A pure function of the account's events in log order (core/fold.h). Plain C++ values:
// dates are Date (kNoDate where the API form has ""), currencies are Currency, amounts are
// int64 minor units, enums are the API's. Nothing here allocates but the vectors and the
// strings (ids of up to 15 characters stay inline). The API form is v1::AccountState
// (core/state_proto.h converts both ways, losslessly); the store keeps the compact encoding of
// core/state_codec.h. Records are kept in the order the fold added them; equal states compare
// equal field by field. Value types, thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/date.h"
#include "core/money.h"

namespace arledger {

// The records an account holds many of (Settlement, Item, Payment, Note) order their fields so
// that none is padded (account_state_layout_test checks it): 8 bytes less each than in the
// API's order. Small: `ledgerctl replay` of 1M accounts peaked 8-18 MB lower.

// One change of an item's open amount (see v1::Settlement).
struct Settlement {
  Date date;
  v1::SettlementKind kind = v1::SETTLEMENT_KIND_UNSPECIFIED;
  int64_t amount_minor = 0;  // > 0 settles, < 0 reopens.
  std::string ref;
  int64_t amount_change_minor = 0;   // Amendments: new gross - old gross.
  Date previous_due_date = kNoDate;  // Amendments: the due date replaced, if it changed.
  friend bool operator==(const Settlement&, const Settlement&) = default;
};

// One dated change of a per-currency pool (unallocated cash or account credit).
struct PoolChange {
  Date date;
  Currency currency;
  int64_t delta_minor = 0;
  std::string ref;
  friend bool operator==(const PoolChange&, const PoolChange&) = default;
};

// One invoice as an open item.
struct Item {
  std::string invoice_id;
  Date issue_date;
  Date due_date;
  Currency currency;
  v1::ItemStatus status = v1::ITEM_STATUS_UNSPECIFIED;
  int64_t amount_minor = 0;  // Gross, after amendments.
  int64_t open_minor = 0;    // 0 <= open_minor <= amount_minor.
  int64_t disputed_minor = 0;
  int64_t written_off_minor = 0;
  std::vector<Settlement> settlements;
  std::string reference;
  bool renewal = false;
  friend bool operator==(const Item&, const Item&) = default;
};

// Part of a payment (or a write-off) applied to one invoice.
struct Allocation {
  std::string invoice_id;
  Money amount;
  friend bool operator==(const Allocation&, const Allocation&) = default;
};

// What one payment did, so that a reversal can undo exactly that.
struct Payment {
  std::string payment_id;
  Date date;
  v1::PaymentMethod method = v1::PAYMENT_METHOD_UNSPECIFIED;
  Money amount;
  std::vector<Allocation> allocations;  // Where it went, in order, one entry per invoice.
  int64_t unallocated_minor = 0;
  Date reversed_date = kNoDate;
  v1::ReversalReason reversal_reason = v1::REVERSAL_REASON_UNSPECIFIED;
  bool reversed = false;
  friend bool operator==(const Payment&, const Payment&) = default;
};

struct CurrencyAmount {
  Currency currency;
  int64_t amount_minor = 0;
  friend bool operator==(const CurrencyAmount&, const CurrencyAmount&) = default;
};

// This account's share of one ledger account in one currency (debit positive).
struct LedgerBalance {
  v1::LedgerAccount ledger_account = v1::LEDGER_ACCOUNT_UNSPECIFIED;
  Currency currency;
  int64_t balance_minor = 0;
  friend bool operator==(const LedgerBalance&, const LedgerBalance&) = default;
};

struct Promise {
  std::string promise_id;
  Date made_date;
  Date promise_date;
  Money amount;
  v1::PromiseState state = v1::PROMISE_STATE_UNSPECIFIED;
  Date cancelled_date = kNoDate;
  friend bool operator==(const Promise&, const Promise&) = default;
};

struct Instalment {
  Date due_date;
  Money amount;
  friend bool operator==(const Instalment&, const Instalment&) = default;
};

struct Plan {
  std::string plan_id;
  Date agreed_date;
  std::vector<Instalment> instalments;
  v1::PromiseState state = v1::PROMISE_STATE_UNSPECIFIED;
  Date cancelled_date = kNoDate;
  int32_t revision = 0;
  friend bool operator==(const Plan&, const Plan&) = default;
};

struct Dispute {
  std::string dispute_id;
  std::string invoice_id;
  std::string reason_code;
  Money amount;
  v1::DisputeState state = v1::DISPUTE_STATE_UNSPECIFIED;
  Date raised_date;
  Date resolved_date = kNoDate;
  std::optional<Money> credited;  // Upheld only.
  friend bool operator==(const Dispute&, const Dispute&) = default;
};

struct Principal {
  std::string principal_id;
  std::string role;
  friend bool operator==(const Principal&, const Principal&) = default;
};

struct WriteOff {
  std::string write_off_id;
  std::string invoice_id;
  Money amount;
  std::string reason;
  std::string document_ref;
  Principal requested_by;
  v1::WriteOffState state = v1::WRITE_OFF_STATE_UNSPECIFIED;
  std::string decision_reason;
  std::optional<Principal> decided_by;  // Once decided.
  Date requested_date;
  Date decided_date = kNoDate;
  std::vector<Allocation> applied;  // Items it settled.
  friend bool operator==(const WriteOff&, const WriteOff&) = default;
};

struct Referral {
  std::string referral_id;
  v1::ReferralType type = v1::REFERRAL_TYPE_UNSPECIFIED;
  std::optional<Money> value_assigned;
  std::string checklist_ref;
  std::string agency;
  v1::ReferralState state = v1::REFERRAL_STATE_UNSPECIFIED;
  Date made_date;
  Date closed_date = kNoDate;
  std::string outcome;
  std::optional<Money> amount_recovered;
  friend bool operator==(const Referral&, const Referral&) = default;
};

struct Note {
  std::string note_id;
  Date date;
  v1::ContactChannel contact_channel = v1::CONTACT_CHANNEL_UNSPECIFIED;
  std::string text;
  std::string author_id;
  friend bool operator==(const Note&, const Note&) = default;
};

struct Task {
  std::string task_id;
  Date due_date = kNoDate;
  std::string description;
  std::string assignee_id;
  friend bool operator==(const Task&, const Task&) = default;
};

struct Contact {
  std::string name;
  std::string email;
  std::string phone;
  friend bool operator==(const Contact&, const Contact&) = default;
};

// Field order is for the fold's memory, not meaning: nearly every event reads or writes the
// fields up to and including the pool histories (the first kAccountStateHotBytes), so they sit
// together at the front, where the projector fetches them a few events ahead; the account's
// details and its collections records follow. At full size each event's state is a cache miss,
// and a field in a line of its own was one more (perf: events_applied, 568 bytes in, was 6.5%
// of the fold's samples).
struct AccountState {
  std::string account_id;
  Date last_event_date = kNoDate;
  bool opened = false;  // False while only events other than AccountOpened arrived.
  int64_t events_applied = 0;
  int64_t events_rejected = 0;
  std::vector<Item> items;  // In issue order.
  std::vector<Payment> payments;
  std::vector<LedgerBalance> ledger;  // Sorted by (currency, ledger account).
  std::vector<CurrencyAmount> unallocated_cash;
  std::vector<CurrencyAmount> account_credit;
  std::vector<PoolChange> unallocated_cash_changes;  // History of unallocated_cash.
  std::vector<PoolChange> account_credit_changes;    // History of account_credit.

  Date opened_date = kNoDate;
  Date last_contact_date = kNoDate;
  std::string name;
  std::string collector_id;
  std::string portfolio;
  v1::AccountStatus status = v1::ACCOUNT_STATUS_UNSPECIFIED;
  std::optional<Money> credit_limit;
  std::optional<Contact> contact;

  std::vector<Promise> promises;
  std::vector<Plan> plans;
  std::vector<Dispute> disputes;
  std::vector<WriteOff> write_offs;
  std::vector<Referral> referrals;
  std::vector<Note> notes;
  std::vector<Task> tasks;

  friend bool operator==(const AccountState&, const AccountState&) = default;
};

// The bytes at the front of an AccountState that nearly every event touches: up to the end of
// account_credit_changes (see the field order above; account_state_layout_test checks it).
inline constexpr size_t kAccountStateHotBytes = 224;

// Starts fetching the start of the records arrays nearly every event reads (items, payments,
// ledger): allocations of their own, each one more cache miss at full size. For a caller that
// knows which account it reads next: the fold benchmark, a few events ahead (once the state's
// hot front should have arrived); EncodeAccountState, before it writes the details.
inline void PrefetchAccountRecords(const AccountState& state) {
  __builtin_prefetch(state.items.data());
  __builtin_prefetch(state.payments.data());
  __builtin_prefetch(state.ledger.data());
}

}  // namespace arledger
