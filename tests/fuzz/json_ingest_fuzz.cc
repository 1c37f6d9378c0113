// Fuzz target: the body of POST /v1/events -> envelopes -> validation -> fold.
//
// Runs what the HTTP route and LedgerService::Publish run before appending: ParseEnvelopes (one
// JSON object or JSON lines), the unknown-body and ValidateEnvelope checks; then folds the
// accepted events' serialised bytes as the projector would (fold_harness.h). Also checks that
// every accepted event survives JSON printing and re-parsing unchanged, since ledgerctl and the
// API print envelopes that must read back as the same events.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/fold.h"
#include "service/json.h"
#include "tests/fuzz/fold_harness.h"
#include "tests/fuzz/json_round_trip.h"

namespace {

constexpr size_t kBodyBytesMax = 64 << 10;  // Larger bodies take no new paths, only time.

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kBodyBytesMax) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<arledger::v1::EventEnvelope> events;
  if (!arledger::ParseEnvelopes(body, &events).ok()) return 0;
  arledger::fuzz::Require(!events.empty(), "a parsed body holds an event");
  std::vector<std::string> records;
  for (const arledger::v1::EventEnvelope& event : events) {
    if (arledger::IsUnknownEventType(event) || !arledger::ValidateEnvelope(event).ok()) {
      return 0;  // Publish refuses the whole request.
    }
    arledger::fuzz::RequireJsonRoundTrip(event);
    records.push_back(event.SerializeAsString());
  }
  arledger::fuzz::FoldRecords(records);
  return 0;
}
