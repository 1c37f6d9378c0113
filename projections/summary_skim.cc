// SkimSummary: a bounds-checked walk over the top-level tags of a protobuf message.
#include "projections/summary_skim.h"

#include <cstdint>

namespace arledger {
namespace {

// Field numbers of v1::AccountSummary (projection.proto).
constexpr uint32_t kStatus = 5;
constexpr uint32_t kHorizonDate = 6;
constexpr uint32_t kItems = 7;
constexpr uint32_t kReferralOpen = 8;
constexpr uint32_t kPromises = 10;
constexpr uint32_t kPlans = 11;

constexpr int kVarintBytesMax = 10;

class WireReader {
 public:
  explicit WireReader(std::string_view bytes) : at_(bytes.data()), end_(at_ + bytes.size()) {}
  bool done() const { return at_ == end_; }

  bool Varint(uint64_t* value) {
    *value = 0;
    for (int i = 0; i < kVarintBytesMax; ++i) {
      if (at_ == end_) return false;
      const uint8_t byte = static_cast<uint8_t>(*at_++);
      *value |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool Skip(uint64_t count) {
    if (count > static_cast<uint64_t>(end_ - at_)) return false;
    at_ += count;
    return true;
  }
  bool Delimited(std::string_view* value) {
    uint64_t length = 0;
    if (!Varint(&length) || length > static_cast<uint64_t>(end_ - at_)) return false;
    *value = std::string_view(at_, length);
    at_ += length;
    return true;
  }

 private:
  const char* at_;
  const char* end_;
};

}  // namespace

bool SkimSummary(std::string_view bytes, SummarySkim* skim) {
  *skim = SummarySkim();
  WireReader reader(bytes);
  while (!reader.done()) {
    uint64_t tag = 0;
    if (!reader.Varint(&tag)) return false;
    const uint64_t field = tag >> 3;
    uint64_t varint = 0;
    std::string_view delimited;
    switch (tag & 7) {
      case 0:  // Varint.
        if (!reader.Varint(&varint)) return false;
        if (field == kStatus) skim->status = static_cast<int>(static_cast<int32_t>(varint));
        if (field == kReferralOpen) skim->referral_open = varint != 0;
        break;
      case 1:  // Fixed 64 bits.
        if (!reader.Skip(8)) return false;
        break;
      case 2:  // Length-delimited.
        if (!reader.Delimited(&delimited)) return false;
        if (field == kHorizonDate) skim->horizon_date = delimited;
        if (field == kItems) skim->has_items = true;
        if (field == kPromises || field == kPlans) skim->has_promises_or_plans = true;
        break;
      case 5:  // Fixed 32 bits.
        if (!reader.Skip(4)) return false;
        break;
      default:  // Groups (3, 4) and the unused wire types.
        return false;
    }
    if (field == 0) return false;
  }
  return true;
}

}  // namespace arledger
