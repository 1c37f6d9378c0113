// AccountSimulator: what happens to one account on one day — the behaviours behind each
// pending action, split by concern across account_billing.cc (opening, invoices, adjustments,
// housekeeping), account_payments.cc (payments, reversals, misdirected and over-payments) and
// account_collections.cc (the collections ladder, promises, plans, disputes, referrals,
// write-offs).
//
// Each behaviour emits its events through the EventMaker, updates the account's mirror of the
// fold's money state in the same order, and schedules what follows. Actions are never
// scheduled in the past (a day before the current one is moved to it) nor at or beyond the end
// of the history (dropped). Not thread-safe; one per generator run.
#pragma once

#include <cstdint>
#include <string>

#include "core/date.h"
#include "sim/sim_account.h"
#include "sim/sim_events.h"

namespace arledger::sim {

// What the behaviours need to know about the whole run.
struct SimWorld {
  Date start_date;
  int32_t total_days = 0;                // Days 0..total_days-1 are simulated.
  int32_t policy_revision_day = kNoDay;  // When authority policy revision 2 takes effect.
  uint32_t collectors = 1;

  int PolicyRevisionAt(int32_t day) const { return day >= policy_revision_day ? 2 : 1; }
};

// Bound on actions run for one account in one day; the rest move to the next day.
inline constexpr int kActionsPerDayMax = 48;

class AccountSimulator {
 public:
  AccountSimulator(const SimWorld& world, EventMaker* events) : world_(world), events_(*events) {}

  // Runs every action of `account` due on `day`, including those they schedule for the same
  // day, then sets account->next_wake to its next action day (kNoDay when none is left).
  void RunDay(SimAccount* account, int32_t day);

  // Schedules `action`; false when it falls beyond the history and was dropped.
  bool Schedule(SimAccount* account, Action action);

 private:
  void Execute(SimAccount* account, const Action& action);
  std::string DateOf(int32_t day) const { return world_.start_date.AddDays(day).ToString(); }
  // The day of the `day_of_month`th in the month after `day`'s.
  int32_t NextMonth(int32_t day, int day_of_month) const;

  // account_billing.cc
  void Open(SimAccount* account);
  void Bill(SimAccount* account);
  bool BillsThisCycle(SimAccount* account, bool* one_off, bool* renewal);
  void Housekeeping(SimAccount* account);
  uint32_t IssueInvoice(SimAccount* account, bool one_off, bool renewal);
  void AddInvoiceLines(SimAccount* account, int64_t amount_minor, v1::InvoiceIssued* body);
  void PlanInvoiceFate(SimAccount* account, uint32_t invoice_number);
  void Adjust(SimAccount* account, const Action& action);
  void IssueCreditNote(SimAccount* account, SimInvoice* invoice);
  void AmendInvoice(SimAccount* account, SimInvoice* invoice, bool due_date_only);
  void CancelInvoice(SimAccount* account, SimInvoice* invoice);

  // account_payments.cc
  void SchedulePayment(SimAccount* account, uint32_t invoice_number, int32_t from_day,
                       bool direct_debit_allowed);
  void Pay(SimAccount* account, const Action& action);
  struct PaymentStyle {
    bool may_vary = true;    // May be misdirected, overpaid or sent without remittance.
    bool reversible = true;  // May bounce or be charged back.
    const char* reference = "";
  };
  void ReceivePayment(SimAccount* account, SimInvoice* invoice, int64_t amount_minor,
                      v1::PaymentMethod method, const PaymentStyle& style);
  void MaybeReverseLater(SimAccount* account, uint32_t invoice_number, uint32_t payment_number,
                         int64_t amount_minor, v1::PaymentMethod method);
  void Reverse(SimAccount* account, const Action& action);
  void Allocate(SimAccount* account, const Action& action);
  void Refund(SimAccount* account, uint32_t payment_number, int64_t amount_minor);

  // account_collections.cc
  void Chase(SimAccount* account, const Action& action);
  void ScheduleChase(SimAccount* account, SimInvoice* invoice, int32_t days);
  void Note(SimAccount* account, const SimInvoice& invoice, v1::ContactChannel channel,
            const char* text);
  void MakePromise(SimAccount* account, SimInvoice* invoice);
  void WithdrawPromise(SimAccount* account, const Action& action);
  void AgreePlan(SimAccount* account, SimInvoice* invoice);
  void SchedulePlan(SimAccount* account, const SimPlan& plan);
  void Instalment(SimAccount* account, const Action& action);
  void ModifyPlan(SimAccount* account, const Action& action);
  void BreakPlan(SimAccount* account, const Action& action);
  void RaiseDispute(SimAccount* account, SimInvoice* invoice);
  void ResolveDispute(SimAccount* account, const Action& action);
  void Refer(SimAccount* account, SimInvoice* invoice);
  void CloseReferral(SimAccount* account, const Action& action);
  void SetStatus(SimAccount* account, v1::AccountStatus status, std::string_view correlation_id);
  void RequestWriteOff(SimAccount* account, const Action& action);
  void DecideWriteOff(SimAccount* account, const Action& action);

  const SimWorld& world_;
  EventMaker& events_;
  int32_t day_ = 0;  // The day being run.
};

}  // namespace arledger::sim
