// Small builders for well-formed events, shared by projection, integration and bench code.
// Dates are "YYYY-MM-DD"; occurred_at is set to noon UTC of `date`.
#pragma once

#include <cstdint>
#include <string>

#include "arledger/v1/events.pb.h"
#include "core/log_record.h"

namespace arledger::testing {

v1::EventEnvelope AccountOpened(const std::string& event_id, const std::string& account_id,
                                const std::string& date, const std::string& collector = "alice");
v1::EventEnvelope InvoiceIssued(const std::string& event_id, const std::string& account_id,
                                const std::string& invoice_id, int64_t amount_minor,
                                const std::string& currency, const std::string& issue_date,
                                const std::string& due_date);
v1::EventEnvelope PaymentReceived(const std::string& event_id, const std::string& account_id,
                                  const std::string& payment_id, int64_t amount_minor,
                                  const std::string& currency, const std::string& date);

std::string Serialize(const v1::EventEnvelope& event);
LogRecord Record(int32_t partition, int64_t offset, const v1::EventEnvelope& event);

}  // namespace arledger::testing
