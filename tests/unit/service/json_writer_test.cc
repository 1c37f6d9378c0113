// Proves the direct JSON writer (service/json_writer.h) writes exactly the bytes of protobuf's
// JSON printer under arledger's options, over seeded random messages of every plain message type
// in api.proto, projection.proto, state.proto and money.proto (every field set or not, zeros,
// extremes, repeated fields empty or not, strings with every character the printer escapes, enum
// values this build does not know, doubles of every shape); that the responses the query routes
// answer with are plain, so they take the direct path; and that a type that is not plain goes to
// the printer. Seeded: prints its seed; ARLEDGER_SEED=<seed> replays one.
#include "service/json_writer.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "service/json.h"

namespace arledger {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMessagesPerType = 60;
constexpr int kDepthMax = 4;

std::string Printed(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string out;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &out, options).ok());
  return out;
}

class Filler {
 public:
  explicit Filler(uint64_t seed) : random_(seed) {}

  void Fill(Message* message, int depth) {
    const Descriptor* type = message->GetDescriptor();
    const Reflection& reflection = *message->GetReflection();
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (Chance(3)) continue;  // About a third of the fields left unset.
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth >= kDepthMax) continue;
      if (!field->is_repeated()) {
        SetOne(message, reflection, field, depth);
        continue;
      }
      const int count = static_cast<int>(random_() % 4);
      for (int n = 0; n < count; ++n) AddOne(message, reflection, field, depth);
    }
  }

 private:
  bool Chance(int one_in) { return random_() % static_cast<uint64_t>(one_in) == 0; }

  template <typename T>
  T Integer() {
    switch (random_() % 5) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<T>::max();
      case 2:
        return std::numeric_limits<T>::min();
      case 3:
        return static_cast<T>(random_() % 1000);
      default:
        return static_cast<T>(random_());
    }
  }

  double Double() {
    static const double kShapes[] = {0.0,
                                     -0.0,
                                     0.5,
                                     66.75,
                                     33.0234,
                                     1.0 / 3.0,
                                     2.0 / 3.0,
                                     1e21,
                                     1e-7,
                                     123456789012345678.0,
                                     DBL_MAX,
                                     DBL_MIN,
                                     -DBL_MAX,
                                     std::numeric_limits<double>::infinity(),
                                     -std::numeric_limits<double>::infinity(),
                                     std::numeric_limits<double>::quiet_NaN()};
    if (Chance(2)) return kShapes[random_() % std::size(kShapes)];
    return std::ldexp(static_cast<double>(random_() % 100000000) - 5e7,
                      static_cast<int>(random_() % 80) - 40);
  }

  std::string Text() {
    static const char* kPieces[] = {"a",
                                    "GBP",
                                    "ACC-1",
                                    "\"",
                                    "\\",
                                    "/",
                                    "<",
                                    ">",
                                    "&",
                                    "'",
                                    "\n",
                                    "\t",
                                    "\r",
                                    "\b",
                                    "\f",
                                    "\x01",
                                    "\x1f",
                                    "\x7f",
                                    "\xc3\xa9",
                                    "\xe2\x82\xac",
                                    "\xe2\x80\xa8",
                                    "\xe2\x80\xa9",
                                    "\xf0\x9f\x98\x80",
                                    " ",
                                    "2025-01-31",
                                    "=",
                                    "+",
                                    "\xe2\x80"};
    std::string text;
    const int pieces = static_cast<int>(random_() % 6);
    for (int i = 0; i < pieces; ++i) {
      const char* piece = kPieces[random_() % (std::size(kPieces) - 1)];  // Last: not UTF-8.
      text += piece;
    }
    return text;
  }

  int EnumNumber(const FieldDescriptor* field) {
    const google::protobuf::EnumDescriptor* type = field->enum_type();
    if (Chance(8)) return 1000 + static_cast<int>(random_() % 1000);  // Unknown to this build.
    return type->value(static_cast<int>(random_() % type->value_count()))->number();
  }

  void SetOne(Message* message, const Reflection& reflection, const FieldDescriptor* field,
              int depth) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.SetInt32(message, field, Integer<int32_t>());
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.SetUInt32(message, field, Integer<uint32_t>());
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.SetInt64(message, field, Integer<int64_t>());
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.SetUInt64(message, field, Integer<uint64_t>());
      case FieldDescriptor::CPPTYPE_BOOL:
        return reflection.SetBool(message, field, Chance(2));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.SetDouble(message, field, Double());
      case FieldDescriptor::CPPTYPE_FLOAT:
        return reflection.SetFloat(message, field, static_cast<float>(Double()));
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.SetEnumValue(message, field, EnumNumber(field));
      case FieldDescriptor::CPPTYPE_STRING:
        return reflection.SetString(message, field, Text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Fill(reflection.MutableMessage(message, field), depth + 1);
    }
  }

  void AddOne(Message* message, const Reflection& reflection, const FieldDescriptor* field,
              int depth) {
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        return reflection.AddInt32(message, field, Integer<int32_t>());
      case FieldDescriptor::CPPTYPE_UINT32:
        return reflection.AddUInt32(message, field, Integer<uint32_t>());
      case FieldDescriptor::CPPTYPE_INT64:
        return reflection.AddInt64(message, field, Integer<int64_t>());
      case FieldDescriptor::CPPTYPE_UINT64:
        return reflection.AddUInt64(message, field, Integer<uint64_t>());
      case FieldDescriptor::CPPTYPE_BOOL:
        return reflection.AddBool(message, field, Chance(2));
      case FieldDescriptor::CPPTYPE_DOUBLE:
        return reflection.AddDouble(message, field, Double());
      case FieldDescriptor::CPPTYPE_FLOAT:
        return reflection.AddFloat(message, field, static_cast<float>(Double()));
      case FieldDescriptor::CPPTYPE_ENUM:
        return reflection.AddEnumValue(message, field, EnumNumber(field));
      case FieldDescriptor::CPPTYPE_STRING:
        return reflection.AddString(message, field, Text());
      case FieldDescriptor::CPPTYPE_MESSAGE:
        return Fill(reflection.AddMessage(message, field), depth + 1);
    }
  }

  std::mt19937_64 random_;
};

uint64_t Seed() {
  if (const char* text = std::getenv("ARLEDGER_SEED")) return std::strtoull(text, nullptr, 10);
  return std::random_device()();
}

std::vector<const Descriptor*> MessageTypes() {
  std::vector<const Descriptor*> types;
  for (const google::protobuf::FileDescriptor* file :
       {v1::AccountView::descriptor()->file(), v1::ProjectionMeta::descriptor()->file(),
        v1::AccountState::descriptor()->file(), v1::Money::descriptor()->file()}) {
    for (int i = 0; i < file->message_type_count(); ++i) types.push_back(file->message_type(i));
  }
  return types;
}

TEST(JsonWriterTest, WritesThePrintersBytesForEveryPlainApiType) {
  const uint64_t seed = Seed();
  std::printf("json writer: seed %llu (replay with ARLEDGER_SEED=%llu)\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  Filler filler(seed);
  google::protobuf::DynamicMessageFactory factory;
  int plain_types = 0;
  for (const Descriptor* type : MessageTypes()) {
    if (!IsPlainForJson(type)) continue;
    ++plain_types;
    for (int n = 0; n < kMessagesPerType; ++n) {
      std::unique_ptr<Message> message(factory.GetPrototype(type)->New());
      if (n > 0) filler.Fill(message.get(), 0);  // The first one empty: every default.
      std::string direct;
      ASSERT_TRUE(WriteJsonDirect(*message, &direct));
      const std::string printed = Printed(*message);
      size_t at = 0;
      while (at < direct.size() && at < printed.size() && direct[at] == printed[at]) ++at;
      ASSERT_EQ(direct, printed) << type->full_name() << " #" << n << " (seed " << seed
                                 << "): first difference at byte " << at << ": direct '"
                                 << direct.substr(at > 40 ? at - 40 : 0, 100) << "', printer '"
                                 << printed.substr(at > 40 ? at - 40 : 0, 100) << "'";
    }
  }
  std::printf("json writer: %d plain message types\n", plain_types);
  EXPECT_GE(plain_types, 40);
}

TEST(JsonWriterTest, TheQueryResponsesArePlainSoTheyTakeTheDirectPath) {
  for (const Descriptor* type :
       {v1::AccountView::descriptor(), v1::Worklist::descriptor(), v1::PromiseList::descriptor(),
        v1::KpiReport::descriptor(), v1::ErrorResponse::descriptor()}) {
    EXPECT_TRUE(IsPlainForJson(type)) << type->full_name();
  }
}

TEST(JsonWriterTest, ATypeThatIsNotPlainGoesToThePrinter) {
  // An envelope has a oneof body and a google.protobuf.Timestamp.
  v1::EventEnvelope event;
  event.set_event_id("e1");
  event.mutable_occurred_at()->set_seconds(1735689600);
  event.mutable_note_added()->set_text("called");
  EXPECT_FALSE(IsPlainForJson(v1::EventEnvelope::descriptor()));
  std::string direct;
  EXPECT_FALSE(WriteJsonDirect(event, &direct));
  EXPECT_TRUE(direct.empty());
  EXPECT_EQ(ToJson(event), Printed(event));
}

}  // namespace
}  // namespace arledger
