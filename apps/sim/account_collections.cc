// Collections: the ladder a collector climbs on an overdue invoice (reminder, call and promise,
// final demand or payment plan, then referral or write-off), and how each rung turns out.
#include <algorithm>
#include <array>

#include "sim/account_simulator.h"
#include "sim/sim_behaviour.h"

namespace arledger::sim {
namespace {

constexpr int kChaseStagesMax = 12;  // After this many rungs a collector stops chasing.
constexpr int32_t kPromiseOnCallPerMille = 550;
constexpr int32_t kPlanOfferPerMille = 400;
constexpr int32_t kPromiseOnDemandPerMille = 300;
constexpr int32_t kReferPerMille = 650;
constexpr int32_t kPlanBreaksPerMille = 250;
constexpr int32_t kPlanModifiedPerMille = 150;
constexpr int32_t kPromiseWithdrawnPerMille = 150;  // Of the promises that will be broken.
constexpr int32_t kPlanInstalmentDays = 30;

}  // namespace

void AccountSimulator::ScheduleChase(SimAccount* account, SimInvoice* invoice, int32_t days) {
  invoice->chasing = Schedule(
      account, {.day = day_ + days, .kind = ActionKind::kChase, .invoice = invoice->number});
}

void AccountSimulator::Chase(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  invoice->chasing = false;
  if (invoice->handling != Handling::kChasing || invoice->cancelled) return;
  if (invoice->chaseable_minor() <= 0) {
    // Disputed items drop out of chasing until the dispute is resolved.
    if (invoice->open_minor > 0) ScheduleChase(account, invoice, 14);
    return;
  }
  SimRandom& random = account->random;
  const bool payment_pending = account->PendingPayment(invoice->number) != nullptr;
  const int stage = invoice->chase_stage++;
  int32_t next_days = 30;
  if (stage == 0) {
    Note(account, *invoice, v1::CONTACT_CHANNEL_EMAIL, "Overdue reminder sent");
    next_days = 14;
  } else if (stage == 1) {
    Note(account, *invoice, v1::CONTACT_CHANNEL_CALL, "Called accounts payable");
    if (random.PerMille(kPromiseOnCallPerMille)) MakePromise(account, invoice);
    next_days = 21;
  } else if (stage == 2 && !payment_pending && random.PerMille(kPlanOfferPerMille)) {
    return AgreePlan(account, invoice);
  } else if (stage == 2) {
    Note(account, *invoice, v1::CONTACT_CHANNEL_LETTER, "Final demand sent");
    if (random.PerMille(kPromiseOnDemandPerMille)) MakePromise(account, invoice);
  } else if (!payment_pending) {
    if (stage == 3 && random.PerMille(kReferPerMille)) return Refer(account, invoice);
    invoice->handling = Handling::kWriteOff;
    Schedule(account, {.day = day_, .kind = ActionKind::kWriteOff, .invoice = invoice->number});
    return;
  } else {
    Note(account, *invoice, v1::CONTACT_CHANNEL_CALL, "Chased: payment said to be on its way");
  }
  invoice = account->FindInvoice(action.invoice);
  if (stage + 1 < kChaseStagesMax) ScheduleChase(account, invoice, next_days);
}

void AccountSimulator::Note(SimAccount* account, const SimInvoice& invoice,
                            v1::ContactChannel channel, const char* text) {
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice.number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::NoteAdded* body = event->mutable_note_added();
  body->set_note_id(EventMaker::Id(*account, "NOTE", ++account->ids));
  body->set_text(std::string(text) + " (" + invoice_id + ")");
  body->set_contact_channel(channel);
  events_.Emit();
}

void AccountSimulator::MakePromise(SimAccount* account, SimInvoice* invoice) {
  SimRandom& random = account->random;
  const uint32_t promise_number = ++account->ids;
  const int32_t promise_day = day_ + static_cast<int32_t>(random.Between(5, 14));
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::PromiseMade* body = event->mutable_promise_made();
  body->set_promise_id(EventMaker::Id(*account, "PR", promise_number));
  SetMoney(body->mutable_amount(), invoice->chaseable_minor(), account->currency());
  body->set_promise_date(DateOf(promise_day));
  events_.Emit();
  invoice->promise = promise_number;
  invoice->promise_day = promise_day;

  // Kept when the money arrives by the promise date; a promise moves some customers to pay
  // earlier (or at all), the rest break it.
  const int32_t kept_day = std::max(day_, promise_day - static_cast<int32_t>(random.Between(0, 3)));
  Action* payment = account->PendingPayment(invoice->number);
  const bool kept_anyway = payment != nullptr && payment->day <= promise_day;
  const bool movable = payment == nullptr || payment->kind == ActionKind::kPay ||
                       payment->kind == ActionKind::kShortPay;
  if (!movable || kept_anyway) {
    // Nothing to change: the money is on its way, or arrives with the allocation or plan.
  } else if (random.PerMille(PromiseKeptPerMille(account->profile))) {
    if (payment != nullptr) {
      payment->day = kept_day;
      payment->amount_minor = 0;  // All of it.
    } else {
      Schedule(account, {.day = kept_day,
                         .kind = ActionKind::kPay,
                         .detail = static_cast<uint8_t>(SelfServiceMethod(*account)),
                         .invoice = invoice->number});
    }
  } else if (random.PerMille(kPromiseWithdrawnPerMille)) {
    Schedule(account, {.day = day_ + static_cast<int32_t>(random.Between(1, 4)),
                       .kind = ActionKind::kWithdrawPromise,
                       .invoice = invoice->number,
                       .ref = promise_number});
  }
  v1::EventEnvelope* task = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::TaskSet* task_body = task->mutable_task_set();
  task_body->set_task_id(EventMaker::Id(*account, "TASK", ++account->ids));
  task_body->set_due_date(DateOf(promise_day + 2));
  task_body->set_description("Check promise " + EventMaker::Id(*account, "PR", promise_number));
  task_body->set_assignee_id(CollectorId(account->collector));
  events_.Emit();
}

void AccountSimulator::WithdrawPromise(SimAccount* account, const Action& action) {
  const std::string invoice_id = EventMaker::Id(*account, "INV", action.invoice);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  event->mutable_promise_cancelled()->set_promise_id(EventMaker::Id(*account, "PR", action.ref));
  event->mutable_promise_cancelled()->set_reason("customer withdrew the promise");
  events_.Emit();
  if (SimInvoice* invoice = account->FindInvoice(action.invoice);
      invoice != nullptr && invoice->promise == action.ref) {
    invoice->promise = 0;
  }
}

void AccountSimulator::AgreePlan(SimAccount* account, SimInvoice* invoice) {
  SimRandom& random = account->random;
  const int64_t total_minor = invoice->chaseable_minor();
  const int64_t count = std::min<int64_t>(random.Between(3, 6), total_minor);
  SimPlan plan{.number = ++account->ids, .invoice = invoice->number};
  for (int64_t i = 0; i < count; ++i) {
    const int64_t share_minor = total_minor / count + (i + 1 == count ? total_minor % count : 0);
    plan.instalments.push_back(
        {day_ + 14 + kPlanInstalmentDays * static_cast<int32_t>(i), share_minor});
  }
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::PaymentPlanAgreed* body = event->mutable_payment_plan_agreed();
  body->set_plan_id(EventMaker::Id(*account, "PLAN", plan.number));
  for (const SimPlan::Instalment& instalment : plan.instalments) {
    v1::Instalment* out = body->add_instalments();
    out->set_due_date(DateOf(instalment.day));
    SetMoney(out->mutable_amount(), instalment.amount_minor, account->currency());
  }
  events_.Emit();
  if (invoice->promise != 0 && invoice->promise_day > day_) {
    v1::EventEnvelope* cancel = events_.Begin(account, day_, Actor::kCollector, invoice_id);
    cancel->mutable_promise_cancelled()->set_promise_id(
        EventMaker::Id(*account, "PR", invoice->promise));
    cancel->mutable_promise_cancelled()->set_reason("superseded by a payment plan");
    events_.Emit();
    invoice->promise = 0;
  }
  invoice->handling = Handling::kPlan;
  SchedulePlan(account, plan);
  account->plans.push_back(std::move(plan));
}

void AccountSimulator::SchedulePlan(SimAccount* account, const SimPlan& plan) {
  SimRandom& random = account->random;
  const size_t count = plan.instalments.size();
  size_t kept = count;
  if (random.PerMille(kPlanBreaksPerMille)) kept = count > 1 ? random.Below(count - 1) + 1 : 0;
  for (size_t i = 0; i < kept; ++i) {
    Schedule(account, {.day = plan.instalments[i].day + static_cast<int32_t>(random.Between(-3, 4)),
                       .kind = ActionKind::kInstalment,
                       .invoice = plan.invoice,
                       .ref = plan.number,
                       .amount_minor = plan.instalments[i].amount_minor});
  }
  if (kept < count) {
    Schedule(account, {.day = plan.instalments[kept].day + 21,
                       .kind = ActionKind::kBreakPlan,
                       .invoice = plan.invoice,
                       .ref = plan.number});
  }
  if (count >= 3 && kept >= 2 && random.PerMille(kPlanModifiedPerMille)) {
    Schedule(account, {.day = plan.instalments[1].day + 5,
                       .kind = ActionKind::kModifyPlan,
                       .invoice = plan.invoice,
                       .ref = plan.number});
  }
}

void AccountSimulator::Instalment(SimAccount* account, const Action& action) {
  SimPlan* plan = account->FindPlan(action.ref);
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (plan == nullptr || invoice == nullptr) return;
  const int64_t amount_minor = std::min(action.amount_minor, invoice->chaseable_minor());
  if (amount_minor > 0) {
    const std::string reference = EventMaker::Id(*account, "PLAN", plan->number);
    PaymentStyle style{.may_vary = false, .reversible = false, .reference = reference.c_str()};
    ReceivePayment(account, invoice, amount_minor, account->method, style);
  }
  if (++plan->paid < plan->instalments.size()) return;
  invoice->handling = Handling::kChasing;  // Kept in full: nothing left to chase.
  std::erase_if(account->plans, [&](const SimPlan& p) { return p.number == action.ref; });
}

void AccountSimulator::ModifyPlan(SimAccount* account, const Action& action) {
  SimPlan* plan = account->FindPlan(action.ref);
  if (plan == nullptr) return;
  // A payment holiday: every instalment still to come moves a month later.
  for (SimPlan::Instalment& instalment : plan->instalments) {
    if (instalment.day > day_) instalment.day += kPlanInstalmentDays;
  }
  for (Action& pending : account->actions) {
    if (pending.ref == plan->number && pending.day > day_ &&
        (pending.kind == ActionKind::kInstalment || pending.kind == ActionKind::kBreakPlan)) {
      pending.day += kPlanInstalmentDays;
    }
  }
  std::erase_if(account->actions,
                [this](const Action& pending) { return pending.day >= world_.total_days; });
  const std::string invoice_id = EventMaker::Id(*account, "INV", plan->invoice);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::PaymentPlanModified* body = event->mutable_payment_plan_modified();
  body->set_plan_id(EventMaker::Id(*account, "PLAN", plan->number));
  for (const SimPlan::Instalment& instalment : plan->instalments) {
    v1::Instalment* out = body->add_instalments();
    out->set_due_date(DateOf(instalment.day));
    SetMoney(out->mutable_amount(), instalment.amount_minor, account->currency());
  }
  body->set_reason("payment holiday agreed");
  events_.Emit();
}

void AccountSimulator::BreakPlan(SimAccount* account, const Action& action) {
  SimPlan* plan = account->FindPlan(action.ref);
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (plan == nullptr || invoice == nullptr) return;
  const std::string invoice_id = EventMaker::Id(*account, "INV", plan->invoice);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  event->mutable_payment_plan_cancelled()->set_plan_id(
      EventMaker::Id(*account, "PLAN", plan->number));
  event->mutable_payment_plan_cancelled()->set_reason("instalments missed");
  events_.Emit();
  std::erase_if(account->plans, [&](const SimPlan& p) { return p.number == action.ref; });
  invoice->handling = Handling::kChasing;
  invoice->chase_stage = std::max<uint8_t>(invoice->chase_stage, 3);
  if (!invoice->chasing) ScheduleChase(account, invoice, 7);
}

}  // namespace arledger::sim
