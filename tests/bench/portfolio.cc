#include "tests/bench/portfolio.h"

#include <algorithm>

#include "core/date.h"
#include "service/append_records.h"
#include "sim/portfolio_generator.h"

namespace arledger::bench {
namespace {

// splitmix64: a tiny, portable, seeded generator (std:: distributions differ across libraries).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int64_t Uniform(int64_t low, int64_t high) {  // Inclusive.
    return low + static_cast<int64_t>(Next() % static_cast<uint64_t>(high - low + 1));
  }

 private:
  uint64_t state_;
};

v1::EventEnvelope Envelope(const std::string& event_id, const std::string& account_id, Date date) {
  v1::EventEnvelope event;
  event.set_event_id(event_id);
  event.set_account_id(account_id);
  event.mutable_occurred_at()->set_seconds(int64_t{date.days_since_epoch()} * 86400 + 36000);
  event.mutable_recorded_by()->set_principal_id("billing-feed");
  event.mutable_recorded_by()->set_role("billing");
  event.set_source("bench");
  return event;
}

void SetMoney(v1::Money* money, int64_t amount_minor, const char* currency) {
  money->set_amount_minor(amount_minor);
  money->set_currency(currency);
}

// The simple portfolio: calls `emit` once per event, in log order.
void GenerateSimple(const PortfolioOptions& options,
                    const std::function<void(const v1::EventEnvelope&)>& emit) {
  Random random(options.seed);
  const Date start = *Date::Parse("2025-01-01");
  for (int64_t a = 0; a < options.accounts; ++a) {
    const std::string id = "ACC" + std::to_string(a);
    v1::EventEnvelope opened = Envelope(id + ":open", id, start);
    opened.mutable_account_opened()->set_name("Customer " + id);
    opened.mutable_account_opened()->set_collector_id("collector" +
                                                      std::to_string(a % options.collectors));
    emit(opened);
  }
  for (int month = 0; month < options.months; ++month) {
    const Date issue = start.AddMonthsToFirst(month);
    for (int64_t a = 0; a < options.accounts; ++a) {
      const std::string id = "ACC" + std::to_string(a);
      const char* currency = a % 7 == 0 ? "EUR" : "GBP";
      const std::string invoice_id = id + "-I" + std::to_string(month);
      const int64_t amount = random.Uniform(1000, 500000);
      v1::EventEnvelope invoice = Envelope(invoice_id, id, issue);
      v1::InvoiceIssued* body = invoice.mutable_invoice_issued();
      body->set_invoice_id(invoice_id);
      body->set_issue_date(issue.ToString());
      body->set_due_date(issue.AddDays(30).ToString());
      SetMoney(body->mutable_amount(), amount, currency);
      emit(invoice);
      const int64_t behaviour = random.Uniform(0, 99);
      if (behaviour < 8) continue;                                // Never pays this one.
      const int64_t paid = behaviour < 25 ? amount / 2 : amount;  // Some pay in part.
      // Paid within the month, so business time advances with log order for every account.
      const Date paid_on = issue.AddDays(static_cast<int32_t>(random.Uniform(0, 27)));
      v1::EventEnvelope payment = Envelope(invoice_id + ":pay", id, paid_on);
      v1::PaymentReceived* pay = payment.mutable_payment_received();
      pay->set_payment_id(invoice_id + "-P");
      pay->set_method(v1::PAYMENT_METHOD_BANK_TRANSFER);
      SetMoney(pay->mutable_amount(), paid, currency);
      emit(payment);
      if (behaviour >= 97) {
        v1::EventEnvelope credit = Envelope(invoice_id + ":credit", id, issue.AddDays(5));
        v1::CreditNoteIssued* note = credit.mutable_credit_note_issued();
        note->set_credit_note_id(invoice_id + "-C");
        note->set_invoice_id(invoice_id);
        SetMoney(note->mutable_amount(), std::max<int64_t>(1, amount / 10), currency);
        emit(credit);
      }
    }
  }
}

}  // namespace

Status StreamPortfolio(const PortfolioOptions& options, int32_t partition_count,
                       const ChunkSink& sink) {
  std::vector<AppendRecord> chunk;
  std::string serialized;
  auto add = [&](const v1::EventEnvelope& event) -> Status {
    serialized.clear();
    ARLEDGER_CHECK(event.SerializeToString(&serialized));
    AppendRecordsFor(event, serialized, partition_count, &chunk);
    if (chunk.size() < kChunkRecords) return Status::Ok();
    ARLEDGER_RETURN_IF_ERROR(sink(chunk));
    chunk.clear();
    return Status::Ok();
  };
  if (options.kind == PortfolioKind::kRealistic) {
    sim::PortfolioOptions sim_options;
    sim_options.accounts = options.accounts;
    sim_options.months = options.months;
    sim_options.seed = options.seed;
    ARLEDGER_RETURN_IF_ERROR(sim::GeneratePortfolio(sim_options, add, nullptr));
  } else {
    Status status = Status::Ok();
    GenerateSimple(options, [&](const v1::EventEnvelope& event) {
      if (status.ok()) status = add(event);
    });
    ARLEDGER_RETURN_IF_ERROR(status);
  }
  if (chunk.empty()) return Status::Ok();
  return sink(chunk);
}

bool ParsePortfolioKind(const std::string& name, PortfolioKind* kind) {
  if (name == "realistic") {
    *kind = PortfolioKind::kRealistic;
  } else if (name == "simple") {
    *kind = PortfolioKind::kSimple;
  } else {
    return false;
  }
  return true;
}

}  // namespace arledger::bench
