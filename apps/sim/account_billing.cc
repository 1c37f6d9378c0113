// Billing: opening an account, the monthly cycle (regular, renewal and one-off invoices,
// account housekeeping), and the changes billing makes to fresh invoices.
#include <algorithm>
#include <array>

#include "sim/account_simulator.h"
#include "sim/sim_behaviour.h"

namespace arledger::sim {
namespace {

// Chances per mille for each new invoice (checked in this order, one at most).
constexpr int32_t kCancelPerMille = 4;
constexpr int32_t kDisputePerMille = 30;
constexpr int32_t kCreditNotePerMille = 20;
constexpr int32_t kAmendAmountPerMille = 10;
constexpr int32_t kAmendDueDatePerMille = 5;
// Chances per mille per billing cycle.
constexpr int32_t kExtraOneOffPerMille = 80;
constexpr int32_t kAdHocInvoicePerMille = 450;
constexpr int32_t kReassignPerMille = 10;
constexpr int32_t kCreditReviewPerMille = 5;
constexpr int32_t kGoodwillCreditPerMille = 3;
constexpr int32_t kReviewNotePerMille = 5;
constexpr int32_t kChaseAfterDueDays = 7;

constexpr std::array<const char*, 4> kLineDescriptions = {"Subscription", "Support",
                                                          "Professional services", "Usage"};

const char* PortfolioOf(const SimAccount& account) {
  if (account.base_amount_minor >= 1'000'000)
    return account.eur ? "eu-enterprise" : "uk-enterprise";
  if (account.base_amount_minor >= 100'000) return account.eur ? "eu-mid-market" : "uk-mid-market";
  return account.eur ? "eu-sme" : "uk-sme";
}

}  // namespace

void AccountSimulator::Open(SimAccount* account) {
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCrm);
  v1::AccountOpened* body = event->mutable_account_opened();
  const std::string number = std::to_string(account->index);
  body->set_name("Customer " + number + " Ltd");
  body->set_collector_id(CollectorId(account->collector));
  SetMoney(body->mutable_credit_limit(), (account->base_amount_minor * 3 / 10'000 + 1) * 10'000,
           account->currency());
  body->set_portfolio(PortfolioOf(*account));
  body->mutable_contact()->set_name("Accounts Payable");
  body->mutable_contact()->set_email("ap@customer" + number + ".example");
  body->mutable_contact()->set_phone("+44 20 7946 " + std::to_string(1000 + account->index % 9000));
  events_.Emit();
  Schedule(account, {.day = day_, .kind = ActionKind::kBill});
}

bool AccountSimulator::BillsThisCycle(SimAccount* account, bool* one_off, bool* renewal) {
  SimRandom& random = account->random;
  const uint32_t cycle = account->bill_cycles++;
  *renewal = account->invoices_issued > 0;
  *one_off = false;
  switch (account->plan) {
    case BillingPlan::kMonthly:
      return true;
    case BillingPlan::kAnnual:
      if (cycle % 12 == 0) return true;
      *renewal = false;
      *one_off = true;
      return random.PerMille(kExtraOneOffPerMille);
    case BillingPlan::kAdHoc:
      *renewal = false;
      *one_off = true;
      return random.PerMille(kAdHocInvoicePerMille);
  }
  return false;
}

void AccountSimulator::Bill(SimAccount* account) {
  if (account->billing_stopped) return;
  // The generator resolves misdirected and overpaid cash before the next invoice, which would
  // otherwise consume it (fold_invoices.cc): its mirror depends on that.
  ARLEDGER_CHECK(account->unallocated_minor == 0);
  bool one_off = false;
  bool renewal = false;
  if (BillsThisCycle(account, &one_off, &renewal)) {
    PlanInvoiceFate(account, IssueInvoice(account, one_off, renewal));
  }
  if (account->plan == BillingPlan::kMonthly && account->random.PerMille(kExtraOneOffPerMille)) {
    PlanInvoiceFate(account, IssueInvoice(account, true, false));
  }
  Housekeeping(account);
  Schedule(account,
           {.day = NextMonth(day_, account->bill_day_of_month), .kind = ActionKind::kBill});
}

uint32_t AccountSimulator::IssueInvoice(SimAccount* account, bool one_off, bool renewal) {
  const uint32_t number = ++account->invoices_issued;
  const int64_t amount_minor = DrawInvoiceAmount(account, one_off);
  const std::string invoice_id = EventMaker::Id(*account, "INV", number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling, invoice_id);
  v1::InvoiceIssued* body = event->mutable_invoice_issued();
  body->set_invoice_id(invoice_id);
  body->set_issue_date(DateOf(day_));
  const int32_t due_day = day_ + account->terms_days;
  body->set_due_date(DateOf(due_day));
  SetMoney(body->mutable_amount(), amount_minor, account->currency());
  body->set_renewal(renewal);
  if (account->random.PerMille(300)) body->set_reference("PO-" + std::to_string(number * 7919));
  if (account->random.PerMille(500)) AddInvoiceLines(account, amount_minor, body);
  events_.Emit();

  // Credit already held is consumed by the new invoice at once (fold_invoices.cc).
  const int64_t consumed_minor = std::min(account->credit_minor, amount_minor);
  account->credit_minor -= consumed_minor;
  account->invoices.push_back({.number = number,
                               .due_day = due_day,
                               .amount_minor = amount_minor,
                               .open_minor = amount_minor - consumed_minor});
  return number;
}

void AccountSimulator::AddInvoiceLines(SimAccount* account, int64_t amount_minor,
                                       v1::InvoiceIssued* body) {
  const int64_t line_count = std::min<int64_t>(account->random.Between(1, 3), amount_minor);
  int64_t remaining_minor = amount_minor;
  for (int64_t line = 0; line < line_count; ++line) {
    const bool last = line + 1 == line_count;
    const int64_t line_minor =
        last ? remaining_minor : account->random.ScalePercent(remaining_minor, 20, 70);
    remaining_minor -= line_minor;
    v1::InvoiceLine* item = body->add_lines();
    item->set_description(kLineDescriptions[static_cast<size_t>(line) % kLineDescriptions.size()]);
    item->set_quantity(1);
    SetMoney(item->mutable_amount(), line_minor, account->currency());
    item->set_revenue_code("REV-" + std::to_string(100 + line));
  }
}

void AccountSimulator::PlanInvoiceFate(SimAccount* account, uint32_t invoice_number) {
  SimInvoice* invoice = account->FindInvoice(invoice_number);
  if (invoice == nullptr || invoice->open_minor == 0) return;  // Paid by credit held.
  SimRandom& random = account->random;
  const int64_t roll = static_cast<int64_t>(random.Below(1000));
  auto adjust_at = [&](Adjustment adjustment, int64_t low_days, int64_t high_days) {
    Schedule(account, {.day = day_ + static_cast<int32_t>(random.Between(low_days, high_days)),
                       .kind = ActionKind::kAdjust,
                       .detail = static_cast<uint8_t>(adjustment),
                       .invoice = invoice_number});
  };
  int64_t threshold = kCancelPerMille;
  if (roll < threshold && invoice->open_minor == invoice->amount_minor) {
    adjust_at(Adjustment::kCancel, 1, 5);
    return;  // Billed in error: nothing to pay or chase.
  }
  if (roll < (threshold += kDisputePerMille)) {
    adjust_at(Adjustment::kDispute, 3, 20);
  } else if (roll < (threshold += kCreditNotePerMille)) {
    adjust_at(Adjustment::kCreditNote, 2, 10);
  } else if (roll < (threshold += kAmendAmountPerMille)) {
    adjust_at(Adjustment::kAmendAmount, 1, 5);
  } else if (roll < (threshold += kAmendDueDatePerMille)) {
    adjust_at(Adjustment::kAmendDueDate, 1, 5);
  }
  const int32_t due_day = invoice->due_day;
  SchedulePayment(account, invoice_number, due_day, true);
  invoice = account->FindInvoice(invoice_number);
  invoice->chasing = Schedule(
      account,
      {.day = due_day + kChaseAfterDueDays, .kind = ActionKind::kChase, .invoice = invoice_number});
}

void AccountSimulator::Housekeeping(SimAccount* account) {
  SimRandom& random = account->random;
  if (world_.collectors > 1 && random.PerMille(kReassignPerMille)) {
    account->collector = static_cast<uint32_t>(
        (account->collector + 1 + random.Below(world_.collectors - 1)) % world_.collectors);
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kTeamLeader);
    event->mutable_account_updated()->set_collector_id(CollectorId(account->collector));
    events_.Emit();
  }
  if (random.PerMille(kCreditReviewPerMille)) {
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector);
    SetMoney(event->mutable_account_updated()->mutable_credit_limit(),
             random.ScalePercent(account->base_amount_minor, 200, 600), account->currency());
    events_.Emit();
  }
  if (random.PerMille(kGoodwillCreditPerMille)) {
    const int64_t credit_minor = random.ScalePercent(account->base_amount_minor, 5, 20);
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling);
    v1::CreditNoteIssued* body = event->mutable_credit_note_issued();
    body->set_credit_note_id(EventMaker::Id(*account, "CN", ++account->ids));
    SetMoney(body->mutable_amount(), credit_minor, account->currency());
    body->set_reason("goodwill credit");
    events_.Emit();
    account->credit_minor += credit_minor;  // Held until the next invoice consumes it.
  }
  if (random.PerMille(kReviewNotePerMille)) {
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector);
    event->mutable_note_added()->set_note_id(EventMaker::Id(*account, "NOTE", ++account->ids));
    event->mutable_note_added()->set_text("Annual account review: no action");
    events_.Emit();
  }
}

void AccountSimulator::Adjust(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr || invoice->cancelled) return;
  switch (static_cast<Adjustment>(action.detail)) {
    case Adjustment::kCreditNote:
      return IssueCreditNote(account, invoice);
    case Adjustment::kAmendAmount:
      return AmendInvoice(account, invoice, false);
    case Adjustment::kAmendDueDate:
      return AmendInvoice(account, invoice, true);
    case Adjustment::kCancel:
      return CancelInvoice(account, invoice);
    case Adjustment::kDispute:
      return RaiseDispute(account, invoice);
  }
}

void AccountSimulator::IssueCreditNote(SimAccount* account, SimInvoice* invoice) {
  if (invoice->chaseable_minor() <= 0) return;
  const int64_t credit_minor = account->random.ScalePercent(invoice->chaseable_minor(), 10, 50);
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling, invoice_id);
  v1::CreditNoteIssued* body = event->mutable_credit_note_issued();
  body->set_credit_note_id(EventMaker::Id(*account, "CN", ++account->ids));
  SetMoney(body->mutable_amount(), credit_minor, account->currency());
  body->set_invoice_id(invoice_id);
  body->set_reason(account->random.PerMille(500) ? "pricing error" : "service credit");
  events_.Emit();
  invoice->open_minor -= credit_minor;
}

void AccountSimulator::AmendInvoice(SimAccount* account, SimInvoice* invoice, bool due_date_only) {
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  if (due_date_only) {
    if (invoice->open_minor <= 0) return;
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling, invoice_id);
    invoice->due_day += 14;
    event->mutable_invoice_amended()->set_invoice_id(invoice_id);
    event->mutable_invoice_amended()->set_due_date(DateOf(invoice->due_day));
    event->mutable_invoice_amended()->set_reason("extended terms agreed");
    events_.Emit();
    return;
  }
  // Only an untouched invoice is re-priced, so the whole reduction comes off its open amount.
  if (invoice->open_minor != invoice->amount_minor || invoice->disputed_minor > 0) return;
  const int64_t new_amount_minor = account->random.ScalePercent(invoice->amount_minor, 85, 95);
  if (new_amount_minor >= invoice->amount_minor) return;
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling, invoice_id);
  event->mutable_invoice_amended()->set_invoice_id(invoice_id);
  SetMoney(event->mutable_invoice_amended()->mutable_amount(), new_amount_minor,
           account->currency());
  event->mutable_invoice_amended()->set_reason("price corrected");
  events_.Emit();
  invoice->amount_minor = new_amount_minor;
  invoice->open_minor = new_amount_minor;
}

void AccountSimulator::CancelInvoice(SimAccount* account, SimInvoice* invoice) {
  if (invoice->open_minor != invoice->amount_minor || invoice->disputed_minor > 0) return;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBilling, invoice_id);
  event->mutable_invoice_cancelled()->set_invoice_id(invoice_id);
  event->mutable_invoice_cancelled()->set_reason("billed in error");
  events_.Emit();
  invoice->cancelled = true;
  invoice->open_minor = 0;
  invoice->handling = Handling::kSettled;
}

}  // namespace arledger::sim
