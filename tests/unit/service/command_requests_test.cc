// Command requests -> events. Proves, for every row of the command table, that every field of
// its request message lands in the same-named field of the event body (the table's request
// messages mirror their bodies; a mismatch would be a bug caught here rather than a CHECK in
// production), that the path id, the default id, recorded_by, source and occurred_at are
// filled, that Idempotency-Key ids are stable per principal and key, and that error messages
// give the request field.
#include "service/command_requests.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include "service/json.h"

namespace arledger {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Sets every field of `message` to a value other than its default (one element for repeated
// fields), recursing into messages up to a small depth.
void FillEveryField(Message* message, int depth) {
  ASSERT_LT(depth, 4);
  const google::protobuf::Descriptor* descriptor = message->GetDescriptor();
  const google::protobuf::Reflection* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) {
      ASSERT_EQ(field->cpp_type(), FieldDescriptor::CPPTYPE_MESSAGE) << field->full_name();
      FillEveryField(reflection->AddMessage(message, field), depth + 1);
      continue;
    }
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(message, field, "v-" + field->name());
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection->SetEnumValue(message, field, 1);
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection->SetInt64(message, field, 7);
        break;
      case FieldDescriptor::CPPTYPE_INT32:
        reflection->SetInt32(message, field, 7);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        reflection->SetBool(message, field, true);
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        FillEveryField(reflection->MutableMessage(message, field), depth + 1);
        break;
      default:
        FAIL() << "unexpected field type in " << field->full_name();
    }
  }
}

const Message& Body(const v1::EventEnvelope& event, const CommandSpec& spec) {
  return event.GetReflection()->GetMessage(
      event, v1::EventEnvelope::descriptor()->FindFieldByName(spec.body_field));
}

TEST(CommandRequestsTest, EveryRequestFieldLandsInTheSameNamedBodyField) {
  for (const CommandSpec& spec : CommandSpecs()) {
    SCOPED_TRACE(spec.name);
    std::unique_ptr<Message> request(spec.request->New());
    FillEveryField(request.get(), 0);
    CommandInput input;
    input.account_id = "ACME";
    input.path_id = "from-path";
    const std::string json = ToJson(*request);
    input.body = json;
    input.caller = {"alice", Role::kCollector};
    input.now.set_seconds(1'770'000'000);
    v1::EventEnvelope event;
    bool occurred_at_given = false;
    BuildCommandEvent(spec, input, &event, &occurred_at_given).PermitUnchecked();
    EXPECT_TRUE(occurred_at_given);
    const Message& body = Body(event, spec);
    const google::protobuf::Descriptor* descriptor = request->GetDescriptor();
    for (int i = 0; i < descriptor->field_count(); ++i) {
      const FieldDescriptor* field = descriptor->field(i);
      if (field->name() == "occurred_at" || field->name() == "correlation_id") continue;
      const FieldDescriptor* target = body.GetDescriptor()->FindFieldByName(field->name());
      ASSERT_NE(target, nullptr) << field->name();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        EXPECT_EQ(body.GetReflection()->GetString(body, target), "v-" + field->name());
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        EXPECT_EQ(body.GetReflection()->GetEnumValue(body, target), 1);
      } else if (field->is_repeated()) {
        EXPECT_EQ(body.GetReflection()->FieldSize(body, target), 1) << field->name();
      } else {
        EXPECT_TRUE(body.GetReflection()->HasField(body, target)) << field->name();
      }
    }
    if (*spec.path_id_field != '\0') {
      const FieldDescriptor* id = body.GetDescriptor()->FindFieldByName(spec.path_id_field);
      ASSERT_NE(id, nullptr);
      EXPECT_EQ(body.GetReflection()->GetString(body, id), "from-path");
    }
    EXPECT_EQ(event.correlation_id(), "v-correlation_id");
    EXPECT_EQ(event.recorded_by().principal_id(), "alice");
    EXPECT_EQ(event.recorded_by().role(), "collector");
    EXPECT_EQ(event.source(), "api");
    EXPECT_EQ(event.account_id(), spec.account_scoped ? "ACME" : "authority-policy");
  }
}

TEST(CommandRequestsTest, DefaultsIdsAndTimeAndDerivesIdempotentIds) {
  const CommandSpec& payment = CommandSpecs().front();
  ASSERT_STREQ(payment.name, "take_payment");
  CommandInput input;
  input.account_id = "ACME";
  input.body = R"({"amount":{"amount_minor":100,"currency":"GBP"}})";
  input.caller = {"alice", Role::kCollector};
  input.now.set_seconds(1'770'000'000);
  v1::EventEnvelope first, second;
  bool given = true;
  ASSERT_TRUE(BuildCommandEvent(payment, input, &first, &given).ok());
  EXPECT_FALSE(given);
  EXPECT_EQ(first.occurred_at().seconds(), 1'770'000'000);
  EXPECT_EQ(first.payment_received().payment_id(), first.event_id());
  ASSERT_TRUE(BuildCommandEvent(payment, input, &second, &given).ok());
  EXPECT_NE(first.event_id(), second.event_id()) << "random ids without a key";

  input.idempotency_key = "k-1";
  ASSERT_TRUE(BuildCommandEvent(payment, input, &first, &given).ok());
  ASSERT_TRUE(BuildCommandEvent(payment, input, &second, &given).ok());
  EXPECT_EQ(first.event_id(), second.event_id());
  EXPECT_EQ(first.event_id(), IdempotentEventId("alice", "k-1"));
  EXPECT_NE(IdempotentEventId("bob", "k-1"), IdempotentEventId("alice", "k-1"));
  EXPECT_NE(IdempotentEventId("alice", "k-2"), IdempotentEventId("alice", "k-1"));
  EXPECT_TRUE(CheckIdempotencyKey("k-1").ok());
  EXPECT_FALSE(CheckIdempotencyKey("").ok());
  EXPECT_FALSE(CheckIdempotencyKey("has space").ok());
  EXPECT_FALSE(CheckIdempotencyKey(std::string(kIdempotencyKeyBytesMax + 1, 'k')).ok());
}

TEST(CommandRequestsTest, ErrorsNameTheRequestField) {
  const CommandSpec& payment = CommandSpecs().front();
  CommandInput input;
  input.account_id = "ACME";
  input.body = R"({"amount":{"amount_minor":-5,"currency":"GBP"}})";
  v1::EventEnvelope event;
  bool given = false;
  const Status status = BuildCommandEvent(payment, input, &event, &given);
  ASSERT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOfReason(status.message(), payment.body_field), "amount");
  EXPECT_EQ(FieldOfReason("payment_received.allocations[0].amount: bad", "payment_received"),
            "allocations[0].amount");
  EXPECT_EQ(FieldOfReason("account_id: unknown", "payment_received"), "account_id");
  EXPECT_EQ(FieldOfReason("at most 3 events per request", "payment_received"), "");
  input.body = R"({"amount":{"amount_minor":5,"currency":"GBP"},"surprise":1})";
  const Status unknown = BuildCommandEvent(payment, input, &event, &given);
  ASSERT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOfReason(unknown.message(), payment.body_field), "body");
}

}  // namespace
}  // namespace arledger
