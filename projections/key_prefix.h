// KeyPrefix: a key's first 8 bytes as a big-endian integer (zero-padded), so that sorting keys
// in RocksDB's bytewise order compares integers first and only equal prefixes compare bytes.
// Two keys with different prefixes order as their prefixes do; with equal prefixes (which
// includes a key that is a prefix of the other, by the zero padding) compare the whole keys.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace arledger {

inline uint64_t KeyPrefix(std::string_view key) {
  uint64_t prefix = 0;
  const size_t n = std::min<size_t>(key.size(), sizeof prefix);
  for (size_t i = 0; i < n; ++i) {
    prefix |= static_cast<uint64_t>(static_cast<unsigned char>(key[i])) << (56 - 8 * i);
  }
  return prefix;
}

}  // namespace arledger
