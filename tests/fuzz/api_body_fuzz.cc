// Fuzz target: JSON request and response bodies under the protobuf JSON mapping (service/json.h).
//
// The first input byte picks a body kind from kBodies, the rest is the body. Each kind names
// where such a body is parsed and what must hold of it; a body that parses must print and
// re-parse to the same message. The POST command bodies have their own target
// (command_body_fuzz.cc, driven by the command table); add other bodies here, with a seed in
// tests/fuzz/corpus/api_body/.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "arledger/v1/api.pb.h"
#include "arledger/v1/events.pb.h"
#include "core/fold.h"
#include "service/json.h"
#include "tests/fuzz/json_round_trip.h"

namespace {

using google::protobuf::Message;

struct BodyKind {
  const char* parsed_by;
  std::unique_ptr<Message> (*make)();
  // Checks a parsed body as its route would; nullptr when the route only parses.
  void (*check)(const Message& body);
};

void CheckEnvelope(const Message& body) {
  const auto& event = static_cast<const arledger::v1::EventEnvelope&>(body);
  if (arledger::IsUnknownEventType(event)) return;
  arledger::ValidateEnvelope(event).PermitUnchecked();
}

const BodyKind kBodies[] = {
    {"POST /v1/events (one envelope)",
     [] { return std::unique_ptr<Message>(new arledger::v1::EventEnvelope()); }, CheckEnvelope},
    {"ledgerctl account --server (GET /v1/accounts/{id})",
     [] { return std::unique_ptr<Message>(new arledger::v1::AccountView()); }, nullptr},
    {"ledgerctl publish --to http (POST /v1/events answer)",
     [] { return std::unique_ptr<Message>(new arledger::v1::PublishResponse()); }, nullptr},
    {"error answers (every route)",
     [] { return std::unique_ptr<Message>(new arledger::v1::ErrorResponse()); }, nullptr},
};
constexpr size_t kBodyCount = sizeof(kBodies) / sizeof(kBodies[0]);
constexpr size_t kBodyBytesMax = 64 << 10;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > kBodyBytesMax) return 0;
  const BodyKind& kind = kBodies[data[0] % kBodyCount];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::unique_ptr<Message> message = kind.make();
  if (!arledger::ParseJson(body, message.get()).ok()) return 0;
  if (kind.check != nullptr) kind.check(*message);
  arledger::fuzz::RequireJsonRoundTrip(*message);
  return 0;
}
