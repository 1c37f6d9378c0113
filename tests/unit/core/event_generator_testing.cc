// The seeded random event generator used by core's property tests.
#include "tests/unit/core/event_generator_testing.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "tests/unit/core/events_testing.h"

namespace arledger::testing {
namespace {

constexpr char kFirstDay[] = "2026-01-01";

template <typename Records, typename IdOf>
std::vector<std::string> IdsOf(const Records& records, IdOf id_of) {
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(id_of(record));
  return ids;
}

std::vector<std::string> InvoiceIds(const v1::AccountState& state) {
  return IdsOf(state.items(), [](const v1::OpenItem& item) { return item.invoice_id(); });
}

const v1::Principal& PickPrincipal(EventGenerator& generator) {
  static const v1::Principal kPrincipals[] = {
      PrincipalOf("alice", "collector"), PrincipalOf("carol", "collector"),
      PrincipalOf("bob", "team_leader"), PrincipalOf("fiona", "finance"),
      PrincipalOf("ivan", "intern")};
  return kPrincipals[generator.Uniform(std::size(kPrincipals))];
}

}  // namespace

EventGenerator::EventGenerator(uint64_t seed, GeneratorConfig config)
    : random_state_(seed), config_(std::move(config)), today_(*Date::Parse(kFirstDay)) {}

uint64_t EventGenerator::NextRandom() {  // SplitMix64.
  uint64_t z = (random_state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t EventGenerator::Uniform(uint64_t bound) { return NextRandom() % bound; }

int64_t EventGenerator::Amount() {
  if (Chance(config_.huge_amount_per_mille)) {
    return std::numeric_limits<int64_t>::max() / 2 - static_cast<int64_t>(Uniform(1000));
  }
  return 1 + static_cast<int64_t>(Uniform(static_cast<uint64_t>(config_.amount_max_minor)));
}

const std::string& EventGenerator::AnyCurrency() {
  return config_.currencies[Uniform(config_.currencies.size())];
}

std::string EventGenerator::ExistingOrNewId(const std::vector<std::string>& existing,
                                            const std::string& prefix) {
  if (!existing.empty() && !Chance(100)) return existing[Uniform(existing.size())];
  return prefix + std::to_string(++next_id_);
}

v1::EventEnvelope EventGenerator::Begin() {
  today_ = today_.AddDays(static_cast<int32_t>(Uniform(3)));
  Date date = today_;
  if (config_.backdating && Chance(100)) date = date.AddDays(-static_cast<int32_t>(Uniform(10)));
  v1::EventEnvelope event = Envelope(date.ToString());
  *event.mutable_recorded_by() = PickPrincipal(*this);
  return event;
}

v1::EventEnvelope EventGenerator::Next(const v1::AccountState& state) {
  v1::EventEnvelope event = Begin();
  const uint64_t roll = Uniform(100);
  if (roll < 22) {
    InvoiceIssued(&event);
  } else if (roll < 30) {
    InvoiceChanged(state, &event);
  } else if (roll < 48) {
    PaymentReceived(state, &event);
  } else if (roll < 60) {
    PaymentFollowUp(state, &event);
  } else if (roll < 67) {
    CreditNoteIssued(state, &event);
  } else if (roll < 75) {
    Dispute(state, &event);
  } else if (roll < 84) {
    WriteOff(state, &event);
  } else if (roll < 94) {
    Collections(state, &event);
  } else {
    AccountEvent(state, &event);
  }
  return event;
}

void EventGenerator::InvoiceIssued(v1::EventEnvelope* event) {
  const std::string date = Date::FromUnixSeconds(event->occurred_at().seconds()).ToString();
  v1::InvoiceIssued* body = event->mutable_invoice_issued();
  body->set_invoice_id("inv-" + std::to_string(++next_id_));
  body->set_issue_date(date);
  body->set_due_date(Date::Parse(date)->AddDays(static_cast<int32_t>(Uniform(60))).ToString());
  *body->mutable_amount() = MoneyOf(Amount(), AnyCurrency());
}

void EventGenerator::InvoiceChanged(const v1::AccountState& state, v1::EventEnvelope* event) {
  const std::string invoice_id = ExistingOrNewId(InvoiceIds(state), "inv-");
  if (Chance(300)) {
    event->mutable_invoice_cancelled()->set_invoice_id(invoice_id);
    return;
  }
  v1::InvoiceAmended* body = event->mutable_invoice_amended();
  body->set_invoice_id(invoice_id);
  const v1::OpenItem* item = nullptr;
  for (const v1::OpenItem& candidate : state.items()) {
    if (candidate.invoice_id() == invoice_id) item = &candidate;
  }
  const std::string currency = item != nullptr ? item->currency() : AnyCurrency();
  if (Chance(700)) *body->mutable_amount() = MoneyOf(Amount(), currency);
  if (!body->has_amount() || Chance(300)) {
    body->set_due_date(today_.AddDays(static_cast<int32_t>(Uniform(90)) - 30).ToString());
  }
}

void EventGenerator::PaymentReceived(const v1::AccountState& state, v1::EventEnvelope* event) {
  v1::PaymentReceived* body = event->mutable_payment_received();
  body->set_payment_id("pay-" + std::to_string(++next_id_));
  const std::string currency = AnyCurrency();
  const int64_t amount_minor = Amount();
  *body->mutable_amount() = MoneyOf(amount_minor, currency);
  body->set_method(static_cast<v1::PaymentMethod>(1 + Uniform(4)));
  if (!Chance(300)) return;
  const std::vector<std::string> invoices = InvoiceIds(state);
  int64_t remaining_minor = amount_minor;
  for (int line = 0; line < 2 && remaining_minor > 0; ++line) {
    const std::string invoice_id = ExistingOrNewId(invoices, "inv-");
    bool named = false;
    for (const v1::Allocation& allocation : body->allocations()) {
      named = named || allocation.invoice_id() == invoice_id;
    }
    if (named) break;
    const int64_t line_minor =
        1 + static_cast<int64_t>(Uniform(static_cast<uint64_t>(remaining_minor)));
    *body->add_allocations() = AllocationOf(invoice_id, line_minor, currency);
    remaining_minor -= line_minor;
  }
}

void EventGenerator::PaymentFollowUp(const v1::AccountState& state, v1::EventEnvelope* event) {
  const std::vector<std::string> payments = IdsOf(
      state.payments(), [](const v1::PaymentRecord& payment) { return payment.payment_id(); });
  const std::string payment_id = ExistingOrNewId(payments, "pay-");
  const uint64_t roll = Uniform(3);
  if (roll == 0) {
    event->mutable_payment_reversed()->set_payment_id(payment_id);
    event->mutable_payment_reversed()->set_reason(static_cast<v1::ReversalReason>(1 + Uniform(3)));
  } else if (roll == 1) {
    v1::PaymentRefunded* body = event->mutable_payment_refunded();
    body->set_refund_id("ref-" + std::to_string(++next_id_));
    *body->mutable_amount() = MoneyOf(1 + static_cast<int64_t>(Uniform(200'000)), AnyCurrency());
    body->set_source(Chance(500) ? v1::REFUND_SOURCE_UNALLOCATED_CASH
                                 : v1::REFUND_SOURCE_ACCOUNT_CREDIT);
  } else {
    PaymentAllocated(state, payment_id, event->mutable_payment_allocated());
  }
}

// Mostly a fitting allocation (a payment's unallocated cash onto an open item of its
// currency), which is rare by chance since invoices consume cash when issued.
void EventGenerator::PaymentAllocated(const v1::AccountState& state, const std::string& payment_id,
                                      v1::PaymentAllocated* body) {
  for (const v1::PaymentRecord& payment : state.payments()) {
    if (payment.reversed() || payment.unallocated_minor() == 0 || Chance(200)) continue;
    for (const v1::OpenItem& item : state.items()) {
      if (item.currency() != payment.amount().currency() || item.open_minor() == 0 ||
          item.status() == v1::ITEM_STATUS_CANCELLED) {
        continue;
      }
      const int64_t fits_minor = std::min(payment.unallocated_minor(), item.open_minor());
      body->set_payment_id(payment.payment_id());
      *body->add_allocations() = AllocationOf(
          item.invoice_id(), 1 + static_cast<int64_t>(Uniform(static_cast<uint64_t>(fits_minor))),
          item.currency());
      return;
    }
  }
  body->set_payment_id(payment_id);
  *body->add_allocations() =
      AllocationOf(ExistingOrNewId(InvoiceIds(state), "inv-"),
                   1 + static_cast<int64_t>(Uniform(100'000)), AnyCurrency());
}

void EventGenerator::CreditNoteIssued(const v1::AccountState& state, v1::EventEnvelope* event) {
  v1::CreditNoteIssued* body = event->mutable_credit_note_issued();
  body->set_credit_note_id("cn-" + std::to_string(++next_id_));
  std::string currency = AnyCurrency();
  if (!state.items().empty() && Chance(700)) {
    const v1::OpenItem& item = state.items(static_cast<int>(Uniform(state.items_size())));
    body->set_invoice_id(item.invoice_id());
    if (Chance(900)) currency = item.currency();
  }
  *body->mutable_amount() = MoneyOf(Amount(), currency);
}

void EventGenerator::Dispute(const v1::AccountState& state, v1::EventEnvelope* event) {
  const std::vector<std::string> disputes = IdsOf(
      state.disputes(), [](const v1::DisputeRecord& dispute) { return dispute.dispute_id(); });
  if (!disputes.empty() && Chance(500)) {
    v1::DisputeResolved* body = event->mutable_dispute_resolved();
    body->set_dispute_id(disputes[Uniform(disputes.size())]);
    body->set_resolution(Chance(500) ? v1::DISPUTE_RESOLUTION_UPHELD
                                     : v1::DISPUTE_RESOLUTION_REJECTED);
    return;
  }
  v1::DisputeRaised* body = event->mutable_dispute_raised();
  body->set_dispute_id("d-" + std::to_string(++next_id_));
  body->set_invoice_id(ExistingOrNewId(InvoiceIds(state), "inv-"));
  body->set_reason_code("pricing");
  if (Chance(500)) *body->mutable_amount() = MoneyOf(1 + Uniform(50'000), AnyCurrency());
}

void EventGenerator::WriteOff(const v1::AccountState& state, v1::EventEnvelope* event) {
  const std::vector<std::string> write_offs = IdsOf(
      state.write_offs(), [](const v1::WriteOffRecord& record) { return record.write_off_id(); });
  if (!write_offs.empty() && Chance(450)) {
    const std::string& id = write_offs[Uniform(write_offs.size())];
    if (Chance(700)) {
      event->mutable_write_off_approved()->set_write_off_id(id);
    } else {
      event->mutable_write_off_rejected()->set_write_off_id(id);
    }
    return;
  }
  v1::WriteOffRequested* body = event->mutable_write_off_requested();
  body->set_write_off_id("wo-" + std::to_string(++next_id_));
  if (Chance(700)) body->set_invoice_id(ExistingOrNewId(InvoiceIds(state), "inv-"));
  *body->mutable_amount() = MoneyOf(1 + static_cast<int64_t>(Uniform(150'000)), AnyCurrency());
}

void EventGenerator::Collections(const v1::AccountState& state, v1::EventEnvelope* event) {
  const std::string later = today_.AddDays(1 + static_cast<int32_t>(Uniform(30))).ToString();
  switch (Uniform(5)) {
    case 0: {
      v1::PromiseMade* body = event->mutable_promise_made();
      body->set_promise_id("pr-" + std::to_string(++next_id_));
      *body->mutable_amount() = MoneyOf(1 + Uniform(100'000), AnyCurrency());
      body->set_promise_date(later);
      return;
    }
    case 1:
      event->mutable_promise_cancelled()->set_promise_id(ExistingOrNewId(
          IdsOf(state.promises(), [](const v1::PromiseRecord& r) { return r.promise_id(); }),
          "pr-"));
      return;
    case 2:
    case 3: {
      const std::vector<std::string> plans =
          IdsOf(state.plans(), [](const v1::PlanRecord& r) { return r.plan_id(); });
      const bool modify = !plans.empty() && Chance(500);
      v1::Instalment instalment;
      instalment.set_due_date(later);
      *instalment.mutable_amount() = MoneyOf(1 + Uniform(50'000), "GBP");
      if (modify) {
        event->mutable_payment_plan_modified()->set_plan_id(plans[Uniform(plans.size())]);
        *event->mutable_payment_plan_modified()->add_instalments() = instalment;
      } else {
        event->mutable_payment_plan_agreed()->set_plan_id("plan-" + std::to_string(++next_id_));
        *event->mutable_payment_plan_agreed()->add_instalments() = instalment;
      }
      return;
    }
    default:
      event->mutable_payment_plan_cancelled()->set_plan_id(ExistingOrNewId(
          IdsOf(state.plans(), [](const v1::PlanRecord& r) { return r.plan_id(); }), "plan-"));
  }
}

void EventGenerator::AccountEvent(const v1::AccountState& state, v1::EventEnvelope* event) {
  switch (Uniform(6)) {
    case 0:
      event->mutable_account_opened()->set_name("Generated Ltd");
      return;
    case 1:
      event->mutable_account_updated()->set_status(static_cast<v1::AccountStatus>(1 + Uniform(5)));
      return;
    case 2:
      event->mutable_note_added()->set_note_id("n-" + std::to_string(++next_id_));
      event->mutable_note_added()->set_contact_channel(static_cast<v1::ContactChannel>(Uniform(6)));
      return;
    case 3:
      event->mutable_task_set()->set_task_id("t-" + std::to_string(Uniform(5)));
      return;
    case 4: {
      v1::ReferralClosed* body = event->mutable_referral_closed();
      body->set_referral_id(ExistingOrNewId(
          IdsOf(state.referrals(), [](const v1::ReferralRecord& r) { return r.referral_id(); }),
          "r-"));
      body->set_outcome("closed");
      *body->mutable_amount_recovered() = MoneyOf(Uniform(10'000), AnyCurrency());
      return;
    }
    default: {
      v1::ReferralMade* body = event->mutable_referral_made();
      body->set_referral_id("r-" + std::to_string(++next_id_));
      body->set_type(static_cast<v1::ReferralType>(1 + Uniform(4)));
    }
  }
}

std::vector<uint64_t> PropertySeeds(uint64_t base, int count) {
  if (const char* fixed = std::getenv("ARLEDGER_SEED"); fixed != nullptr && *fixed != '\0') {
    return {std::strtoull(fixed, nullptr, 10)};
  }
  std::vector<uint64_t> seeds;
  for (int i = 0; i < count; ++i) seeds.push_back(base * 1'000'003 + static_cast<uint64_t>(i));
  return seeds;
}

}  // namespace arledger::testing
