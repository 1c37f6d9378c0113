// How collections end: disputes (upheld with a credit, or rejected back to chasing),
// referrals to agencies, solicitors, enforcement or insolvency (closed with what they
// recovered), and write-offs — within a collector's authority at once, above it after a team
// leader's or finance's approval or rejection.
#include <algorithm>
#include <array>

#include "sim/account_simulator.h"
#include "sim/sim_authority.h"

namespace arledger::sim {
namespace {

constexpr int32_t kDisputeFullPerMille = 700;
constexpr int32_t kDisputeUpheldPerMille = 400;
constexpr int32_t kWriteOffApprovedPerMille = 850;
constexpr int32_t kInsolvencyDividendPerMille = 400;

constexpr std::array<const char*, 5> kDisputeReasons = {"PRICING", "SERVICE_NOT_RECEIVED",
                                                        "DUPLICATE", "QUALITY", "PO_MISSING"};
// Referral types in enum order from REFERRAL_TYPE_ENFORCEMENT, with weights and agencies.
constexpr std::array<int32_t, 4> kReferralWeights = {200, 500, 200, 100};
constexpr std::array<const char*, 4> kAgencies = {"High Court Enforcement Ltd",
                                                  "Northgate Collections", "Smith & Co Solicitors",
                                                  "Begbie Insolvency Practitioners"};
// What a referral recovers, as a percentage of what was referred: none, part, all.
constexpr std::array<int32_t, 3> kRecoveryWeights = {350, 400, 250};

}  // namespace

void AccountSimulator::RaiseDispute(SimAccount* account, SimInvoice* invoice) {
  const int64_t chaseable_minor = invoice->chaseable_minor();
  if (chaseable_minor <= 0) return;
  SimRandom& random = account->random;
  const int64_t amount_minor = random.PerMille(kDisputeFullPerMille)
                                   ? chaseable_minor
                                   : random.ScalePercent(chaseable_minor, 30, 70);
  const uint32_t dispute_number = ++account->ids;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::DisputeRaised* body = event->mutable_dispute_raised();
  body->set_dispute_id(EventMaker::Id(*account, "DSP", dispute_number));
  body->set_invoice_id(invoice_id);
  body->set_reason_code(kDisputeReasons[random.Below(kDisputeReasons.size())]);
  SetMoney(body->mutable_amount(), amount_minor, account->currency());
  body->set_description("Customer queries the invoice");
  events_.Emit();
  invoice->disputed_minor += amount_minor;
  Schedule(account, {.day = day_ + static_cast<int32_t>(random.Between(10, 60)),
                     .kind = ActionKind::kResolveDispute,
                     .invoice = invoice->number,
                     .ref = dispute_number,
                     .amount_minor = amount_minor});
}

void AccountSimulator::ResolveDispute(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  const bool upheld = account->random.PerMille(kDisputeUpheldPerMille);
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kTeamLeader, invoice_id);
  v1::DisputeResolved* body = event->mutable_dispute_resolved();
  body->set_dispute_id(EventMaker::Id(*account, "DSP", action.ref));
  body->set_resolution(upheld ? v1::DISPUTE_RESOLUTION_UPHELD : v1::DISPUTE_RESOLUTION_REJECTED);
  if (upheld) body->set_credit_note_id(EventMaker::Id(*account, "CN", ++account->ids));
  body->set_note(upheld ? "customer was right: credited" : "debt stands");
  events_.Emit();
  // Upheld: the disputed amount is credited to the invoice, any excess to the account.
  if (upheld && !invoice->cancelled) {
    const int64_t applied_minor = std::min(action.amount_minor, invoice->open_minor);
    invoice->open_minor -= applied_minor;
    account->credit_minor += action.amount_minor - applied_minor;
  } else if (upheld) {
    account->credit_minor += action.amount_minor;
  }
  invoice->disputed_minor = std::max<int64_t>(0, invoice->disputed_minor - action.amount_minor);
  if (invoice->chaseable_minor() <= 0 || invoice->handling != Handling::kChasing) return;
  if (account->PendingPayment(invoice->number) == nullptr) {
    SchedulePayment(account, invoice->number, day_, false);
  }
  invoice = account->FindInvoice(action.invoice);
  if (!invoice->chasing) ScheduleChase(account, invoice, 14);
}

void AccountSimulator::Refer(SimAccount* account, SimInvoice* invoice) {
  SimRandom& random = account->random;
  const size_t type_index = random.Pick(kReferralWeights);
  const auto type = static_cast<v1::ReferralType>(v1::REFERRAL_TYPE_ENFORCEMENT + type_index);
  const uint32_t referral_number = ++account->ids;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::ReferralMade* body = event->mutable_referral_made();
  body->set_referral_id(EventMaker::Id(*account, "REF", referral_number));
  body->set_type(type);
  SetMoney(body->mutable_value_assigned(), invoice->chaseable_minor(), account->currency());
  body->set_checklist_ref("CHK-" + std::to_string(referral_number));
  body->set_agency(kAgencies[type_index]);
  events_.Emit();
  invoice->handling = Handling::kReferral;
  if (type == v1::REFERRAL_TYPE_INSOLVENCY) {
    SetStatus(account, v1::ACCOUNT_STATUS_INSOLVENCY, invoice_id);
    account->billing_stopped = true;
  }
  Schedule(account, {.day = day_ + static_cast<int32_t>(random.Between(30, 150)),
                     .kind = ActionKind::kCloseReferral,
                     .detail = static_cast<uint8_t>(type),
                     .invoice = invoice->number,
                     .ref = referral_number});
}

void AccountSimulator::CloseReferral(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  SimRandom& random = account->random;
  const bool insolvency = action.detail == v1::REFERRAL_TYPE_INSOLVENCY;
  const int64_t referred_minor = invoice->chaseable_minor();
  int64_t recovered_minor = 0;
  if (referred_minor > 0 && insolvency) {
    if (random.PerMille(kInsolvencyDividendPerMille))
      recovered_minor = random.ScalePercent(referred_minor, 5, 20);
  } else if (referred_minor > 0) {
    const size_t recovery = random.Pick(kRecoveryWeights);
    recovered_minor = recovery == 0   ? 0
                      : recovery == 1 ? random.ScalePercent(referred_minor, 20, 80)
                                      : referred_minor;
  }
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  const std::string referral_id = EventMaker::Id(*account, "REF", action.ref);
  if (recovered_minor > 0) {
    PaymentStyle style{.may_vary = false, .reversible = false, .reference = referral_id.c_str()};
    ReceivePayment(account, invoice, recovered_minor, v1::PAYMENT_METHOD_BANK_TRANSFER, style);
  }
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::ReferralClosed* body = event->mutable_referral_closed();
  body->set_referral_id(referral_id);
  body->set_outcome(recovered_minor == 0               ? "nothing recovered"
                    : recovered_minor < referred_minor ? "part recovered"
                                                       : "recovered in full");
  SetMoney(body->mutable_amount_recovered(), recovered_minor, account->currency());
  events_.Emit();
  if (insolvency) SetStatus(account, v1::ACCOUNT_STATUS_CLOSED, invoice_id);
  invoice = account->FindInvoice(action.invoice);
  invoice->handling = Handling::kWriteOff;
  Schedule(account, {.day = day_ + static_cast<int32_t>(random.Between(1, 7)),
                     .kind = ActionKind::kWriteOff,
                     .invoice = invoice->number});
}

void AccountSimulator::SetStatus(SimAccount* account, v1::AccountStatus status,
                                 std::string_view correlation_id) {
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, correlation_id);
  event->mutable_account_updated()->set_status(status);
  events_.Emit();
}

void AccountSimulator::RequestWriteOff(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  const int64_t amount_minor = invoice->chaseable_minor();
  if (amount_minor <= 0) {
    if (invoice->handling == Handling::kWriteOff) invoice->handling = Handling::kChasing;
    return;
  }
  const uint32_t write_off_number = ++account->ids;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event = events_.Begin(account, day_, Actor::kCollector, invoice_id);
  v1::WriteOffRequested* body = event->mutable_write_off_requested();
  body->set_write_off_id(EventMaker::Id(*account, "WO", write_off_number));
  body->set_invoice_id(invoice_id);
  SetMoney(body->mutable_amount(), amount_minor, account->currency());
  body->set_reason(action.detail == 1 ? "small balance" : "uneconomic to pursue");
  body->set_document_ref("DOC-" + std::to_string(write_off_number));
  events_.Emit();
  // The fold applies it at once within the collector's limit; above it, it waits (the limit
  // in force at this log position: sim_authority.h).
  if (amount_minor <= CollectorLimitMinor(world_.PolicyRevisionAt(day_), account->eur)) {
    invoice->open_minor -= amount_minor;
    invoice->handling = Handling::kSettled;
    return;
  }
  invoice->handling = Handling::kWriteOff;
  Schedule(account, {.day = day_ + static_cast<int32_t>(account->random.Between(2, 10)),
                     .kind = ActionKind::kDecideWriteOff,
                     .invoice = invoice->number,
                     .ref = write_off_number,
                     .amount_minor = amount_minor});
}

void AccountSimulator::DecideWriteOff(SimAccount* account, const Action& action) {
  SimInvoice* invoice = account->FindInvoice(action.invoice);
  if (invoice == nullptr) return;
  const bool by_finance =
      std::string_view(ApproverRole(action.amount_minor, account->eur)) == kFinanceRole;
  const std::string invoice_id = EventMaker::Id(*account, "INV", invoice->number);
  v1::EventEnvelope* event =
      events_.Begin(account, day_, by_finance ? Actor::kFinance : Actor::kTeamLeader, invoice_id);
  const std::string write_off_id = EventMaker::Id(*account, "WO", action.ref);
  if (account->random.PerMille(kWriteOffApprovedPerMille)) {
    event->mutable_write_off_approved()->set_write_off_id(write_off_id);
    event->mutable_write_off_approved()->set_note("approved: recovery uneconomic");
    invoice->open_minor -= action.amount_minor;
  } else {
    event->mutable_write_off_rejected()->set_write_off_id(write_off_id);
    event->mutable_write_off_rejected()->set_reason("pursue further: customer still trading");
  }
  events_.Emit();
  invoice->handling = Handling::kSettled;  // A refused write-off is left as aged debt.
}

}  // namespace arledger::sim
