// The simulator's model of one account: who the customer is, what it owes (the generator's
// mirror of the fold's open items), and what will happen to it next (pending actions by day).
//
// Days are 0-based offsets from the portfolio's start date. The mirror tracks only what the
// generator needs to emit events the fold accepts: open and disputed amounts per invoice in
// issue order, unallocated cash and account credit. Plain data; owned by the generator, one
// thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "sim/sim_random.h"

namespace arledger::sim {

inline constexpr int32_t kNoDay = INT32_MAX;

enum class Profile : uint8_t { kPrompt, kSteady, kSlow, kChronic, kDefaulter };
inline constexpr int kProfileCount = 5;

enum class BillingPlan : uint8_t { kMonthly, kAnnual, kAdHoc };

// What a pending action does; `Action::detail` refines some of them.
enum class ActionKind : uint8_t {
  kOpen,             // Open the account, then bill.
  kBill,             // The billing cycle: invoices and monthly account housekeeping.
  kAdjust,           // A change to a fresh invoice (detail: Adjustment).
  kPay,              // The customer pays (detail: PaymentMethod; amount 0: all that is chaseable).
  kShortPay,         // Pays all but a small residue, later written off as a small balance.
  kReverse,          // A payment bounces or is charged back (ref: payment, amount: what it paid).
  kAllocate,         // A collector allocates misdirected cash (ref: payment).
  kRefund,           // Overpaid cash is refunded (amount).
  kChase,            // The next step of the collections ladder on an overdue invoice.
  kResolveDispute,   // ref: dispute.
  kInstalment,       // ref: plan, amount: the instalment.
  kModifyPlan,       // ref: plan.
  kBreakPlan,        // ref: plan: instalments missed, the plan is cancelled.
  kCloseReferral,    // ref: referral, detail: ReferralType.
  kWriteOff,         // A collector requests a write-off of what is chaseable.
  kDecideWriteOff,   // An approver decides a pending write-off (ref, amount).
  kWithdrawPromise,  // The customer withdraws a promise it will not keep (ref: promise).
};

enum class Adjustment : uint8_t { kCreditNote, kAmendAmount, kAmendDueDate, kCancel, kDispute };

struct Action {
  int32_t day = kNoDay;
  ActionKind kind = ActionKind::kBill;
  uint8_t detail = 0;
  uint32_t invoice = 0;  // Invoice number within the account; 0: none.
  uint32_t ref = 0;
  int64_t amount_minor = 0;
};

// Who is handling an invoice beyond plain chasing.
enum class Handling : uint8_t {
  kChasing,   // The collections ladder applies.
  kPlan,      // Under a payment plan.
  kReferral,  // With an agency or solicitor.
  kWriteOff,  // A write-off is pending approval.
  kSettled,   // Written off, abandoned after a refused write-off, or cancelled: left alone.
};

struct SimInvoice {
  uint32_t number = 0;
  int32_t due_day = 0;
  int64_t amount_minor = 0;    // Gross, as issued or amended.
  int64_t open_minor = 0;      // The fold's OpenItem.open_minor.
  int64_t disputed_minor = 0;  // The fold's OpenItem.disputed_minor.
  uint32_t promise = 0;        // Latest promise number; 0: none.
  int32_t promise_day = kNoDay;
  uint8_t chase_stage = 0;
  bool chasing = false;  // A kChase action is pending.
  bool cancelled = false;
  Handling handling = Handling::kChasing;

  int64_t chaseable_minor() const { return cancelled ? 0 : open_minor - disputed_minor; }
};

struct SimPlan {
  struct Instalment {
    int32_t day;
    int64_t amount_minor;
  };
  uint32_t number = 0;
  uint32_t invoice = 0;
  std::vector<Instalment> instalments = {};
  uint32_t paid = 0;
};

struct SimAccount {
  explicit SimAccount(SimRandom stream) : random(stream) {}

  SimRandom random;
  uint32_t index = 0;
  Profile profile = Profile::kPrompt;
  BillingPlan plan = BillingPlan::kMonthly;
  v1::PaymentMethod method = v1::PAYMENT_METHOD_BANK_TRANSFER;
  bool eur = false;
  bool billing_stopped = false;  // Insolvent: no new invoices.
  uint8_t terms_days = 30;
  uint8_t bill_day_of_month = 1;  // 1..28.
  uint32_t collector = 0;
  int32_t open_day = 0;
  int32_t next_wake = kNoDay;
  int64_t clock_seconds = 0;  // occurred_at of the latest event.
  int64_t base_amount_minor = 0;
  int64_t credit_minor = 0;       // Account credit held (consumed by the next invoice).
  int64_t unallocated_minor = 0;  // Unallocated cash held (resolved before the next invoice).
  uint32_t events = 0;            // Sequence numbers for event ids and other ids.
  uint32_t invoices_issued = 0;
  uint32_t bill_cycles = 0;
  uint32_t ids = 0;
  std::vector<SimInvoice> invoices;  // Issue order; settled ones are pruned.
  std::vector<Action> actions;       // Pending, in scheduling order.
  std::vector<SimPlan> plans;        // Active plans.

  const char* currency() const { return eur ? "EUR" : "GBP"; }
  SimInvoice* FindInvoice(uint32_t number);
  SimPlan* FindPlan(uint32_t number);
  // The first pending action that will pay `invoice` (a payment, an instalment or the
  // allocation of misdirected cash), or null.
  Action* PendingPayment(uint32_t invoice);
  // The day of the next pending kBill action, or kNoDay.
  int32_t NextBillDay() const;
  // True when the fold would allocate a payment without remittance to `invoice` first: it is
  // the oldest-due invoice with a chaseable amount (ties in issue order).
  bool IsOldestChaseable(const SimInvoice& invoice) const;
  // Drops invoices nothing refers to any more (nothing open, no pending action).
  void PruneInvoices();
  // The earliest pending action day, or kNoDay.
  int32_t EarliestActionDay() const;
};

}  // namespace arledger::sim
