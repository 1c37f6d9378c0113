// Payments: when and how customers pay, and what goes wrong with payments — bounced direct
// debits, chargebacks, returned cheques, cash sent with the wrong reference (allocated later by
// a collector) and overpayments (refunded).
#include <algorithm>

#include "sim/account_simulator.h"
#include "sim/sim_behaviour.h"

namespace arledger::sim {
namespace {

constexpr int32_t kShortPaymentPerMille = 10;
constexpr int64_t kShortResidueMaxMinor = 500;
constexpr int32_t kMisdirectedPerMille = 10;
constexpr int32_t kOverpaidPerMille = 10;
constexpr int32_t kNoRemittancePerMille = 300;
constexpr int32_t kChargebackPerMille = 3;
constexpr int32_t kChequeReturnedPerMille = 20;

}  // namespace

void AccountSimulator::SchedulePayment(SimAccount* account, uint32_t invoice_number,
                                       int32_t from_day, bool direct_debit_allowed) {
  SimRandom& random = account->random;
  if (direct_debit_allowed && account->method == v1::PAYMENT_METHOD_DIRECT_DEBIT) {
    Schedule(account, {.day = from_day,
                       .kind = ActionKind::kPay,
                       .detail = v1::PAYMENT_METHOD_DIRECT_DEBIT,
                       .invoice = invoice_number});
    return;
  }
  const int32_t lateness_days = DrawLateness(account->profile, random);
  if (lateness_days == kNeverPays) return;  // Left to the collections ladder.
  const int32_t pay_day = from_day + lateness_days;
  const auto method = static_cast<uint8_t>(SelfServiceMethod(*account));
  if (random.PerMille(PartialPaymentPerMille(account->profile))) {
    const SimInvoice* invoice = account->FindInvoice(invoice_number);
    const int64_t first_minor = random.ScalePercent(invoice->chaseable_minor(), 30, 70);
    Schedule(account, {.day = pay_day,
                       .kind = ActionKind::kPay,
                       .detail = method,
                       .invoice = invoice_number,
                       .amount_minor = first_minor});
    Schedule(account, {.day = pay_day + static_cast<int32_t>(random.Between(7, 30)),
                       .kind = ActionKind::kPay,
                       .detail = method,
                       .invoice = invoice_number});
    return;
  }
  const bool short_pays = random.PerMille(kShortPaymentPerMille);
  Schedule(account, {.day = pay_day,
                     .kind = short_pays ? ActionKind::kShortPay : ActionKind::kPay,
                     .detail = method,
                     .invoice = invoice_number});
}

void AccountSimulator::Pay(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  const int64_t chaseable_minor = invoice->chaseable_minor();
  int64_t amount_minor =
      action.amount_minor == 0 ? chaseable_minor : std::min(action.amount_minor, chaseable_minor);
  if (amount_minor <= 0) return;
  if (action.kind == ActionKind::kShortPay && amount_minor > 1) {
    // A short payment (bank charges, rounding): the residue is later written off as a small
    // balance, within a collector's authority.
    amount_minor -=
        std::min<int64_t>(account->random.Between(1, kShortResidueMaxMinor), amount_minor - 1);
    invoice->handling = Handling::kWriteOff;
    Schedule(account, {.day = day_ + static_cast<int32_t>(account->random.Between(30, 45)),
                       .kind = ActionKind::kWriteOff,
                       .detail = 1,
                       .invoice = action.invoice});
  }
  PaymentStyle style;
  style.reversible = action.kind != ActionKind::kShortPay;
  ReceivePayment(account, invoice, amount_minor, static_cast<v1::PaymentMethod>(action.detail),
                 style);
}

void AccountSimulator::ReceivePayment(SimAccount* account, SimInvoice* invoice,
                                      int64_t amount_minor, v1::PaymentMethod method,
                                      const PaymentStyle& style) {
  SimRandom& random = account->random;
  const uint32_t payment_number = ++account->ids;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  const uint32_t invoice_number = invoice->number;
  // Cash left unallocated must be resolved before the next invoice would consume it, and one
  // payment at a time holds any: a refund takes from the newest payment first, and the
  // mirror does not track cash per payment.
  const int32_t resolve_by = std::min(account->NextBillDay(), world_.total_days) - 1;
  const bool room = style.may_vary && resolve_by > day_ && account->unallocated_minor == 0;
  const int64_t roll = static_cast<int64_t>(random.Below(1000));
  const bool misdirected = room && roll < kMisdirectedPerMille;
  const bool overpaid = room && !misdirected && roll < kMisdirectedPerMille + kOverpaidPerMille;
  const bool no_remittance = style.may_vary && !misdirected && !overpaid &&
                             roll < kNoRemittancePerMille && account->IsOldestChaseable(*invoice);
  const int64_t extra_minor = overpaid ? random.ScalePercent(amount_minor, 1, 10) : 0;

  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBank, invoice_id);
  v1::PaymentReceived* body = event->mutable_payment_received();
  body->set_payment_id(EventMaker::Id(*account, "PAY", payment_number));
  SetMoney(body->mutable_amount(), amount_minor + extra_minor, account->currency());
  body->set_method(method);
  body->set_reference(*style.reference != '\0' ? style.reference : invoice_id);
  if (!no_remittance) {
    v1::Allocation* allocation = body->add_allocations();
    // A wrong reference names no invoice: the fold keeps the cash unallocated.
    allocation->set_invoice_id(misdirected ? "REF-" + std::to_string(payment_number) : invoice_id);
    SetMoney(allocation->mutable_amount(), amount_minor, account->currency());
  }
  events_.Emit();

  const auto resolve_day = [&](int64_t high_days) {
    return std::min(day_ + static_cast<int32_t>(random.Between(0, high_days)), resolve_by);
  };
  if (misdirected) {
    account->unallocated_minor += amount_minor;
    Schedule(account, {.day = resolve_day(3),
                       .kind = ActionKind::kAllocate,
                       .invoice = invoice_number,
                       .ref = payment_number,
                       .amount_minor = amount_minor});
    return;
  }
  invoice->open_minor -= amount_minor;
  if (overpaid) {
    account->unallocated_minor += extra_minor;
    Schedule(account, {.day = resolve_day(14),
                       .kind = ActionKind::kRefund,
                       .ref = payment_number,
                       .amount_minor = extra_minor});
    return;
  }
  if (style.reversible) {
    MaybeReverseLater(account, invoice_number, payment_number, amount_minor, method);
  }
}

void AccountSimulator::MaybeReverseLater(SimAccount* account, uint32_t invoice_number,
                                         uint32_t payment_number, int64_t amount_minor,
                                         v1::PaymentMethod method) {
  SimRandom& random = account->random;
  v1::ReversalReason reason = v1::REVERSAL_REASON_UNSPECIFIED;
  int32_t after_days = 0;
  if (method == v1::PAYMENT_METHOD_DIRECT_DEBIT &&
      random.PerMille(BouncePerMille(account->profile))) {
    reason = v1::REVERSAL_REASON_DIRECT_DEBIT_BOUNCED;
    after_days = static_cast<int32_t>(random.Between(3, 5));
  } else if (method == v1::PAYMENT_METHOD_CARD && random.PerMille(kChargebackPerMille)) {
    reason = v1::REVERSAL_REASON_CHARGEBACK;
    after_days = static_cast<int32_t>(random.Between(20, 60));
  } else if (method == v1::PAYMENT_METHOD_CHEQUE && random.PerMille(kChequeReturnedPerMille)) {
    reason = v1::REVERSAL_REASON_CHEQUE_RETURNED;
    after_days = static_cast<int32_t>(random.Between(5, 10));
  } else {
    return;
  }
  Schedule(account, {.day = day_ + after_days,
                     .kind = ActionKind::kReverse,
                     .detail = static_cast<uint8_t>(reason),
                     .invoice = invoice_number,
                     .ref = payment_number,
                     .amount_minor = amount_minor});
}

void AccountSimulator::Reverse(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kBank, invoice_id);
  v1::PaymentReversed* body = event->mutable_payment_reversed();
  body->set_payment_id(EventMaker::Id(*account, "PAY", action.ref));
  body->set_reason(static_cast<v1::ReversalReason>(action.detail));
  body->set_reference("RTN-" + std::to_string(action.ref));
  events_.Emit();
  // The reversal reopens exactly what the payment settled (fold_reversals.cc).
  invoice->open_minor += action.amount_minor;
  if (invoice->handling == Handling::kSettled) invoice->handling = Handling::kChasing;
  if (account->PendingPayment(action.invoice) == nullptr) {
    SchedulePayment(account, action.invoice, day_, false);
  }
  invoice = account->FindInvoice(action.invoice);
  if (!invoice->chasing) ScheduleChase(account, invoice, 7);
}

void AccountSimulator::Allocate(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  const int64_t take_minor =
      invoice == nullptr ? 0 : std::min(action.amount_minor, invoice->chaseable_minor());
  if (take_minor > 0) {
    const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
    v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
    v1::PaymentAllocated* body = event->mutable_payment_allocated();
    body->set_payment_id(EventMaker::Id(*account, "PAY", action.ref));
    v1::Allocation* allocation = body->add_allocations();
    allocation->set_invoice_id(invoice_id);
    SetMoney(allocation->mutable_amount(), take_minor, account->currency());
    events_.Emit();
    invoice->open_minor -= take_minor;
    account->unallocated_minor -= take_minor;
  }
  // Whatever the invoice no longer needed (it was paid meanwhile) goes back to the customer.
  if (action.amount_minor > take_minor) {
    Refund(account, action.ref, action.amount_minor - take_minor);
  }
}

void AccountSimulator::Refund(SimAccount* account, uint32_t payment_number, int64_t amount_minor) {
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kFinance);
  v1::PaymentRefunded* body = event->mutable_payment_refunded();
  body->set_refund_id(EventMaker::Id(*account, "RFD", ++account->ids));
  SetMoney(body->mutable_amount(), amount_minor, account->currency());
  body->set_source(v1::REFUND_SOURCE_UNALLOCATED_CASH);
  body->set_reference("overpayment on " + EventMaker::Id(*account, "PAY", payment_number));
  events_.Emit();
  account->unallocated_minor -= amount_minor;
}

}  // namespace arledger::sim
