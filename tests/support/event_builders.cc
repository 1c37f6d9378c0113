#include "tests/support/event_builders.h"

#include "core/date.h"

namespace arledger::testing {
namespace {

v1::EventEnvelope Envelope(const std::string& event_id, const std::string& account_id,
                           const std::string& date) {
  v1::EventEnvelope event;
  event.set_event_id(event_id);
  event.set_account_id(account_id);
  Result<Date> day = Date::Parse(date);
  const int64_t seconds = day.ok() ? int64_t{day->days_since_epoch()} * 86400 + 12 * 3600 : 0;
  event.mutable_occurred_at()->set_seconds(seconds);
  event.mutable_recorded_by()->set_principal_id("billing-feed");
  event.mutable_recorded_by()->set_role("billing");
  event.set_source("test");
  return event;
}

void SetMoney(v1::Money* money, int64_t amount_minor, const std::string& currency) {
  money->set_amount_minor(amount_minor);
  money->set_currency(currency);
}

}  // namespace

v1::EventEnvelope AccountOpened(const std::string& event_id, const std::string& account_id,
                                const std::string& date, const std::string& collector) {
  v1::EventEnvelope event = Envelope(event_id, account_id, date);
  event.mutable_account_opened()->set_name("Customer " + account_id);
  event.mutable_account_opened()->set_collector_id(collector);
  return event;
}

v1::EventEnvelope InvoiceIssued(const std::string& event_id, const std::string& account_id,
                                const std::string& invoice_id, int64_t amount_minor,
                                const std::string& currency, const std::string& issue_date,
                                const std::string& due_date) {
  v1::EventEnvelope event = Envelope(event_id, account_id, issue_date);
  v1::InvoiceIssued* body = event.mutable_invoice_issued();
  body->set_invoice_id(invoice_id);
  body->set_issue_date(issue_date);
  body->set_due_date(due_date);
  SetMoney(body->mutable_amount(), amount_minor, currency);
  return event;
}

v1::EventEnvelope PaymentReceived(const std::string& event_id, const std::string& account_id,
                                  const std::string& payment_id, int64_t amount_minor,
                                  const std::string& currency, const std::string& date) {
  v1::EventEnvelope event = Envelope(event_id, account_id, date);
  v1::PaymentReceived* body = event.mutable_payment_received();
  body->set_payment_id(payment_id);
  body->set_method(v1::PAYMENT_METHOD_BANK_TRANSFER);
  SetMoney(body->mutable_amount(), amount_minor, currency);
  return event;
}

std::string Serialize(const v1::EventEnvelope& event) {
  std::string bytes;
  event.SerializeToString(&bytes);
  return bytes;
}

LogRecord Record(int32_t partition, int64_t offset, const v1::EventEnvelope& event) {
  return LogRecord{partition, offset, event.account_id(), Serialize(event)};
}

}  // namespace arledger::testing
