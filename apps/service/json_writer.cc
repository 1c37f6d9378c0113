// WriteJsonDirect: the printer's bytes for plain messages, by reflection.
#include "service/json_writer.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "projections/json_string.h"

namespace arledger {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool FieldIsPlain(const FieldDescriptor* field, std::unordered_map<const Descriptor*, bool>* known);

bool TypeIsPlain(const Descriptor* type, std::unordered_map<const Descriptor*, bool>* known) {
  if (auto it = known->find(type); it != known->end()) return it->second;
  (*known)[type] = true;  // Provisional, for a type that contains itself.
  bool plain = type->file()->syntax() == google::protobuf::FileDescriptor::SYNTAX_PROTO3 &&
               type->file()->package().rfind("google.protobuf", 0) != 0 &&
               type->extension_range_count() == 0;
  for (int i = 0; plain && i < type->field_count(); ++i) {
    plain = FieldIsPlain(type->field(i), known);
  }
  (*known)[type] = plain;
  return plain;
}

bool FieldIsPlain(const FieldDescriptor* field,
                  std::unordered_map<const Descriptor*, bool>* known) {
  if (field->is_map() || field->real_containing_oneof() != nullptr) return false;
  switch (field->type()) {
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_GROUP:
      return false;
    case FieldDescriptor::TYPE_MESSAGE:
      return TypeIsPlain(field->message_type(), known);
    default:
      return true;
  }
}

// As protobuf's SimpleDtoa: the shortest of %.15g and %.17g that reads back as the same value.
void AppendDouble(std::string* out, double value) {
  if (std::isnan(value)) {
    *out += "\"NaN\"";
    return;
  }
  if (std::isinf(value)) {
    *out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    return;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*g", DBL_DIG, value);
  if (std::strtod(buffer, nullptr) != value) {
    std::snprintf(buffer, sizeof buffer, "%.*g", DBL_DIG + 2, value);
  }
  *out += buffer;
}

void AppendMessage(const Message& message, std::string* out);

// One value of `field` (element `index` when repeated, else -1).
void AppendValue(const Message& message, const Reflection& reflection, const FieldDescriptor* field,
                 int index, std::string* out) {
  const bool repeated = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      *out += std::to_string(repeated ? reflection.GetRepeatedInt32(message, field, index)
                                      : reflection.GetInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      *out += std::to_string(repeated ? reflection.GetRepeatedUInt32(message, field, index)
                                      : reflection.GetUInt32(message, field));
      return;
    case FieldDescriptor::CPPTYPE_INT64:  // 64-bit integers are strings in the JSON mapping.
      out->push_back('"');
      *out += std::to_string(repeated ? reflection.GetRepeatedInt64(message, field, index)
                                      : reflection.GetInt64(message, field));
      out->push_back('"');
      return;
    case FieldDescriptor::CPPTYPE_UINT64:
      out->push_back('"');
      *out += std::to_string(repeated ? reflection.GetRepeatedUInt64(message, field, index)
                                      : reflection.GetUInt64(message, field));
      out->push_back('"');
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      *out += (repeated ? reflection.GetRepeatedBool(message, field, index)
                        : reflection.GetBool(message, field))
                  ? "true"
                  : "false";
      return;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      AppendDouble(out, repeated ? reflection.GetRepeatedDouble(message, field, index)
                                 : reflection.GetDouble(message, field));
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = repeated ? reflection.GetRepeatedEnumValue(message, field, index)
                                  : reflection.GetEnumValue(message, field);
      const google::protobuf::EnumValueDescriptor* value =
          field->enum_type()->FindValueByNumber(number);
      if (value == nullptr) {
        *out += std::to_string(number);  // A value this build does not know: its number.
      } else {
        AppendJsonString(out, value->name());
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& text =
          repeated ? reflection.GetRepeatedStringReference(message, field, index, &scratch)
                   : reflection.GetStringReference(message, field, &scratch);
      AppendJsonString(out, text);
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(repeated ? reflection.GetRepeatedMessage(message, field, index)
                             : reflection.GetMessage(message, field),
                    out);
      return;
    case FieldDescriptor::CPPTYPE_FLOAT:
      return;  // Never here: a type with a float field is not plain.
  }
}

void AppendField(const Message& message, const Reflection& reflection, const FieldDescriptor* field,
                 bool* first, std::string* out) {
  if (!*first) out->push_back(',');
  *first = false;
  out->push_back('"');
  *out += field->name();
  *out += "\":";
  if (!field->is_repeated()) {
    AppendValue(message, reflection, field, -1, out);
    return;
  }
  out->push_back('[');
  const int size = reflection.FieldSize(message, field);
  for (int index = 0; index < size; ++index) {
    if (index > 0) out->push_back(',');
    AppendValue(message, reflection, field, index, out);
  }
  out->push_back(']');
}

// In the printer's order: the fields outside any oneof in declaration order — repeated ones
// always (as [] when empty), messages only when set, every other field always, zero included —
// then the proto3 `optional` fields that are set, by field number (the printer appends them as
// they come off the wire).
void AppendMessage(const Message& message, std::string* out) {
  const Descriptor* type = message.GetDescriptor();
  const Reflection& reflection = *message.GetReflection();
  out->push_back('{');
  bool first = true;
  bool optional_fields = false;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->containing_oneof() != nullptr) {
      optional_fields = true;
      continue;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated() &&
        !reflection.HasField(message, field)) {
      continue;
    }
    AppendField(message, reflection, field, &first, out);
  }
  if (optional_fields) {
    std::vector<const FieldDescriptor*> set;
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->containing_oneof() != nullptr && reflection.HasField(message, field)) {
        set.push_back(field);
      }
    }
    std::sort(set.begin(), set.end(), [](const FieldDescriptor* a, const FieldDescriptor* b) {
      return a->number() < b->number();
    });
    for (const FieldDescriptor* field : set) AppendField(message, reflection, field, &first, out);
  }
  out->push_back('}');
}

}  // namespace

bool IsPlainForJson(const Descriptor* type) {
  static std::mutex mutex;
  static std::unordered_map<const Descriptor*, bool> known;
  std::lock_guard<std::mutex> lock(mutex);
  return TypeIsPlain(type, &known);
}

bool WriteJsonDirect(const Message& message, std::string* out) {
  if (!IsPlainForJson(message.GetDescriptor())) return false;
  AppendMessage(message, out);
  return true;
}

}  // namespace arledger
