// Fuzz target: the HTTP command bodies — a POST command's JSON body through the code behind
// every command route (service/command_requests.h: parse under the protobuf JSON mapping with
// unknown fields refused, copy into the event body, fill the envelope, validate), then the event
// it builds folded after an account opening and an invoice (fold_harness.h's invariants).
//
// Input: byte 0 picks the command (CommandSpecs(), so a new command is fuzzed without editing
// this file), byte 1 bit 0 whether an Idempotency-Key is sent, the rest is the body. What must
// hold: a body the builder accepts yields an envelope that core's ValidateEnvelope accepts,
// whose body is the command's event body and whose account is the path's; with an
// Idempotency-Key, building twice yields the same bytes (a retry names the same event).
#include <google/protobuf/util/time_util.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "core/fold.h"
#include "service/command_requests.h"
#include "service/command_table.h"
#include "tests/fuzz/fold_harness.h"

namespace {

using arledger::fuzz::Require;

constexpr size_t kBodyBytesMax = 64 << 10;
constexpr char kAccountId[] = "ACME";

// The account the command acts on: opened, and owing one GBP invoice (INV-1).
std::vector<std::string> AccountRecords() {
  arledger::v1::EventEnvelope opened;
  opened.set_event_id("fuzz-open");
  opened.set_account_id(kAccountId);
  opened.mutable_occurred_at()->set_seconds(1767225600);  // 2026-01-01T00:00:00Z
  opened.mutable_account_opened()->set_name("Acme Ltd");
  opened.mutable_account_opened()->set_collector_id("alice");
  arledger::v1::EventEnvelope invoice = opened;
  invoice.set_event_id("fuzz-invoice");
  arledger::v1::InvoiceIssued* body = invoice.mutable_invoice_issued();
  body->set_invoice_id("INV-1");
  body->set_issue_date("2026-01-01");
  body->set_due_date("2026-01-31");
  body->mutable_amount()->set_amount_minor(120000);
  body->mutable_amount()->set_currency("GBP");
  return {opened.SerializeAsString(), invoice.SerializeAsString()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > kBodyBytesMax) return 0;
  const std::vector<arledger::CommandSpec>& specs = arledger::CommandSpecs();
  const arledger::CommandSpec& spec = specs[data[0] % specs.size()];
  arledger::CommandInput input;
  input.account_id = spec.account_scoped ? kAccountId : "";
  input.path_id = *spec.path_id_field != '\0' ? "ID-1" : "";
  input.body = std::string_view(reinterpret_cast<const char*>(data + 2), size - 2);
  input.caller = {"alice", arledger::Role::kTeamLeader};
  if (data[1] & 1) input.idempotency_key = "fuzz-key";
  input.now = google::protobuf::util::TimeUtil::SecondsToTimestamp(1769904000);  // 2026-02-01

  arledger::v1::EventEnvelope event;
  bool occurred_at_given = false;
  if (!arledger::BuildCommandEvent(spec, input, &event, &occurred_at_given).ok()) return 0;
  Require(arledger::ValidateEnvelope(event).ok(), "a built command event fails validation");
  const google::protobuf::FieldDescriptor* body_field =
      event.GetDescriptor()->FindFieldByName(spec.body_field);
  Require(body_field != nullptr && event.GetReflection()->HasField(event, body_field),
          "the event's body is not the command's");
  if (spec.account_scoped) Require(event.account_id() == kAccountId, "the event's account moved");
  if (!input.idempotency_key.empty()) {
    arledger::v1::EventEnvelope again;
    Require(arledger::BuildCommandEvent(spec, input, &again, &occurred_at_given).ok(),
            "a retry of an accepted command is refused");
    Require(again.SerializeAsString() == event.SerializeAsString(),
            "a retry with the same Idempotency-Key builds another event");
  }
  std::vector<std::string> records = AccountRecords();
  records.push_back(event.SerializeAsString());
  arledger::fuzz::FoldRecords(records);
  return 0;
}
