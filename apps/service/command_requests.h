// Command requests -> events: parses a command's JSON body (its request message under the
// protobuf JSON mapping, unknown fields refused), copies it into the event body by field name,
// fills the envelope, and checks the event as core does (ValidateEnvelope).
//
//   event_id     derived from the Idempotency-Key and the principal when a key is given
//                (IdempotentEventId), so a retry names the same event; random otherwise
//   occurred_at  the request's, or `now`
//   recorded_by  the caller's principal and role; source "api"
//
// Errors are InvalidArgument with a field-level reason: "amount: must be positive". Pure apart
// from the random event id; thread-safe.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <string_view>

#include "arledger/v1/events.pb.h"
#include "core/status.h"
#include "service/access.h"
#include "service/command_table.h"

namespace arledger {

inline constexpr size_t kIdempotencyKeyBytesMax = 255;

struct CommandInput {
  std::string account_id;  // From the path; empty for the authority policy.
  std::string path_id;     // The path's id (plan_id, write_off_id, ...); empty when none.
  std::string_view body;   // JSON; empty means {}.
  Caller caller;
  std::string idempotency_key;  // Empty: none.
  google::protobuf::Timestamp now;
};

// Checks an Idempotency-Key header value: 1..kIdempotencyKeyBytesMax printable ASCII.
Status CheckIdempotencyKey(std::string_view key);

// "idem-" + hex SHA-256 over the principal and the key: the same principal's retry names the
// same event; another principal's identical key does not.
std::string IdempotentEventId(const std::string& principal_id, std::string_view key);

// Builds and validates the event of `spec` from `input`. `occurred_at_given` tells whether the
// request set occurred_at (a retry must then reuse the first request's time, idempotency.h).
Status BuildCommandEvent(const CommandSpec& spec, const CommandInput& input,
                         v1::EventEnvelope* event, bool* occurred_at_given);

// The field an error message names ("amount: must be positive" -> "amount"), with the event
// body's prefix removed ("payment_received.amount" -> "amount"); "" when it names none.
std::string FieldOfReason(std::string_view message, std::string_view body_field);

}  // namespace arledger
