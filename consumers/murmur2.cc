// Murmur2 and PartitionForKey, bit for bit as Kafka's Java client computes them.
#include "consumers/murmur2.h"

#include <cstring>

#include "consumers/event_log.h"

namespace arledger {
namespace {

constexpr uint32_t kMurmur2Seed = 0x9747b28c;
constexpr uint32_t kMurmur2Multiplier = 0x5bd1e995;
constexpr int kMurmur2Shift = 24;

// Java reads each 4-byte block little-endian, whatever the host's byte order.
uint32_t LoadLittleEndian32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

int32_t Murmur2(std::string_view bytes) {
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t length = bytes.size();
  // Java mixes the length in as an int; keys are far below 2 GiB.
  uint32_t h = kMurmur2Seed ^ static_cast<uint32_t>(length);
  const size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; ++i) {
    uint32_t k = LoadLittleEndian32(data + 4 * i);
    k *= kMurmur2Multiplier;
    k ^= k >> kMurmur2Shift;
    k *= kMurmur2Multiplier;
    h *= kMurmur2Multiplier;
    h ^= k;
  }
  const unsigned char* tail = data + 4 * blocks;
  switch (length % 4) {
    case 3:
      h ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      h ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      h ^= static_cast<uint32_t>(tail[0]);
      h *= kMurmur2Multiplier;
  }
  h ^= h >> 13;
  h *= kMurmur2Multiplier;
  h ^= h >> 15;
  int32_t result;
  std::memcpy(&result, &h, sizeof(result));  // Two's complement reinterpretation, as in Java.
  return result;
}

int32_t PartitionForKey(const std::string& key, int32_t partition_count) {
  ARLEDGER_CHECK(partition_count > 0);
  // Utils.toPositive clears the sign bit (it is not Math.abs).
  const uint32_t positive = static_cast<uint32_t>(Murmur2(key)) & 0x7fffffffu;
  return static_cast<int32_t>(positive % static_cast<uint32_t>(partition_count));
}

}  // namespace arledger
