// PeekEnvelope: a walk over the envelope's top-level fields in the protobuf wire format.
#include "projections/envelope_peek.h"

#include <cstdint>

#include "arledger/v1/events.pb.h"

namespace arledger {
namespace {

constexpr uint32_t kAccountIdField = v1::EventEnvelope::kAccountIdFieldNumber;
constexpr uint32_t kPolicyField = v1::EventEnvelope::kAuthorityPolicySetFieldNumber;

// Wire types (protobuf encoding): what follows a field's tag.
constexpr uint32_t kVarint = 0;
constexpr uint32_t kFixed64 = 1;
constexpr uint32_t kLengthDelimited = 2;
constexpr uint32_t kFixed32 = 5;

bool ReadVarint(const char** at, const char* end, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*at == end) return false;
    const auto byte = static_cast<uint8_t>(*(*at)++);
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;  // More than ten bytes: not a varint.
}

}  // namespace

bool PeekEnvelope(std::string_view value, EnvelopePeek* peek) {
  *peek = EnvelopePeek();
  const char* at = value.data();
  const char* const end = value.data() + value.size();
  while (at != end) {
    uint64_t tag = 0;
    if (!ReadVarint(&at, end, &tag)) return false;
    const uint64_t field = tag >> 3;
    if (field == 0) return false;
    uint64_t skipped = 0;
    switch (tag & 7) {
      case kVarint:
        if (!ReadVarint(&at, end, &skipped)) return false;
        break;
      case kFixed64:
        if (end - at < 8) return false;
        at += 8;
        break;
      case kFixed32:
        if (end - at < 4) return false;
        at += 4;
        break;
      case kLengthDelimited: {
        uint64_t size = 0;
        if (!ReadVarint(&at, end, &size) || size > static_cast<uint64_t>(end - at)) return false;
        if (field == kAccountIdField) peek->account_id = std::string_view(at, size);
        if (field == kPolicyField) peek->maybe_policy = true;
        at += size;
        break;
      }
      default:  // Groups, or no wire type at all: left to the parse.
        return false;
    }
  }
  return true;
}

}  // namespace arledger
