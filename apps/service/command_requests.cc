// Command requests -> events: parsing, copying by field name, ids, envelope.
#include "service/command_requests.h"

#include <google/protobuf/descriptor.h>

#include <random>

#include "core/fold.h"
#include "core/sha256.h"
#include "service/json.h"

namespace arledger {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kOccurredAtField[] = "occurred_at";
constexpr char kCorrelationIdField[] = "correlation_id";
constexpr size_t kRandomIdBytes = 16;

// Copies one set field of `from` into the field of the same name in `to`. The table's request
// messages mirror their bodies, so a missing or differently typed field is a bug.
void CopyField(const Message& from, const FieldDescriptor* source, Message* to) {
  const FieldDescriptor* target = to->GetDescriptor()->FindFieldByName(source->name());
  ARLEDGER_CHECK(target != nullptr);
  ARLEDGER_CHECK(target->cpp_type() == source->cpp_type());
  ARLEDGER_CHECK(target->is_repeated() == source->is_repeated());
  const Reflection* in = from.GetReflection();
  const Reflection* out = to->GetReflection();
  if (source->is_repeated()) {
    ARLEDGER_CHECK(source->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE);
    ARLEDGER_CHECK(target->message_type() == source->message_type());
    for (int i = 0; i < in->FieldSize(from, source); ++i) {
      out->AddMessage(to, target)->CopyFrom(in->GetRepeatedMessage(from, source, i));
    }
    return;
  }
  switch (source->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return out->SetString(to, target, in->GetString(from, source));
    case FieldDescriptor::CPPTYPE_ENUM:
      ARLEDGER_CHECK(target->enum_type() == source->enum_type());
      return out->SetEnumValue(to, target, in->GetEnumValue(from, source));
    case FieldDescriptor::CPPTYPE_INT64:
      return out->SetInt64(to, target, in->GetInt64(from, source));
    case FieldDescriptor::CPPTYPE_BOOL:
      return out->SetBool(to, target, in->GetBool(from, source));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      ARLEDGER_CHECK(target->message_type() == source->message_type());
      return out->MutableMessage(to, target)->CopyFrom(in->GetMessage(from, source));
    default:
      ARLEDGER_CHECK(false && "a request field type the command table does not use");
  }
}

std::string RandomEventId() {
  std::random_device device;
  std::string bytes(kRandomIdBytes, '\0');
  for (char& byte : bytes) byte = static_cast<char>(device() & 0xff);
  return "api-" + ToHex(bytes);
}

void SetStringField(Message* body, const char* field, const std::string& value) {
  const FieldDescriptor* descriptor = body->GetDescriptor()->FindFieldByName(field);
  ARLEDGER_CHECK(descriptor != nullptr);
  body->GetReflection()->SetString(body, descriptor, value);
}

std::string GetStringField(const Message& body, const char* field) {
  const FieldDescriptor* descriptor = body.GetDescriptor()->FindFieldByName(field);
  ARLEDGER_CHECK(descriptor != nullptr);
  return body.GetReflection()->GetString(body, descriptor);
}

}  // namespace

Status CheckIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > kIdempotencyKeyBytesMax) {
    return InvalidArgument("Idempotency-Key: must be 1 to " +
                           std::to_string(kIdempotencyKeyBytesMax) + " characters");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return InvalidArgument("Idempotency-Key: must be printable ASCII");
  }
  return Status::Ok();
}

std::string IdempotentEventId(const std::string& principal_id, std::string_view key) {
  Sha256 hash;
  hash.UpdateLengthPrefixed(principal_id);
  hash.UpdateLengthPrefixed(key);
  return "idem-" + ToHex(hash.Finish());
}

Status BuildCommandEvent(const CommandSpec& spec, const CommandInput& input,
                         v1::EventEnvelope* event, bool* occurred_at_given) {
  std::unique_ptr<Message> request(spec.request->New());
  const std::string_view json = input.body.find_first_not_of(" \t\r\n") == std::string_view::npos
                                    ? std::string_view("{}")
                                    : input.body;
  if (Status parsed = ParseJson(json, request.get()); !parsed.ok()) {
    return InvalidArgument("body: " + parsed.message());
  }
  event->Clear();
  const FieldDescriptor* body_field =
      v1::EventEnvelope::descriptor()->FindFieldByName(spec.body_field);
  ARLEDGER_CHECK(body_field != nullptr);
  Message* body = event->GetReflection()->MutableMessage(event, body_field);

  std::vector<const FieldDescriptor*> fields;
  request->GetReflection()->ListFields(*request, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->name() == kOccurredAtField || field->name() == kCorrelationIdField) continue;
    CopyField(*request, field, body);
  }
  const Reflection* reflection = request->GetReflection();
  const FieldDescriptor* occurred_at = request->GetDescriptor()->FindFieldByName(kOccurredAtField);
  const FieldDescriptor* correlation =
      request->GetDescriptor()->FindFieldByName(kCorrelationIdField);
  ARLEDGER_CHECK(occurred_at != nullptr && correlation != nullptr);
  *occurred_at_given = reflection->HasField(*request, occurred_at);
  if (*occurred_at_given) {
    event->mutable_occurred_at()->CopyFrom(reflection->GetMessage(*request, occurred_at));
  } else {
    *event->mutable_occurred_at() = input.now;
  }
  event->set_correlation_id(reflection->GetString(*request, correlation));

  event->set_event_id(input.idempotency_key.empty()
                          ? RandomEventId()
                          : IdempotentEventId(input.caller.principal_id, input.idempotency_key));
  event->set_account_id(spec.account_scoped ? input.account_id : "authority-policy");
  event->mutable_recorded_by()->set_principal_id(input.caller.principal_id);
  event->mutable_recorded_by()->set_role(std::string(RoleName(input.caller.role)));
  event->set_source("api");
  if (*spec.path_id_field != '\0') SetStringField(body, spec.path_id_field, input.path_id);
  if (*spec.id_field != '\0' && GetStringField(*body, spec.id_field).empty()) {
    SetStringField(body, spec.id_field, event->event_id());
  }
  return ValidateEnvelope(*event);
}

std::string FieldOfReason(std::string_view message, std::string_view body_field) {
  const size_t colon = message.find(": ");
  if (colon == std::string_view::npos) return "";
  std::string_view field = message.substr(0, colon);
  if (field.find(' ') != std::string_view::npos) return "";
  if (field.starts_with(body_field) && field.size() > body_field.size() &&
      field[body_field.size()] == '.') {
    field.remove_prefix(body_field.size() + 1);
  }
  return std::string(field);
}

}  // namespace arledger
