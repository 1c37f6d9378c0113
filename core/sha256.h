// Sha256: incremental SHA-256 over byte strings (OpenSSL's EVP underneath), and hex encoding.
//
// Used for the per-partition hash chain over exact record bytes, for event content hashes
// (idempotency) and for the projection digest. Not thread-safe per instance; cheap to create.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace arledger {

class Sha256 {
 public:
  static constexpr size_t kDigestBytes = 32;
  using Digest = std::array<unsigned char, kDigestBytes>;

  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Hashes the length as 8 big-endian bytes, then the bytes: unambiguous concatenation.
  void UpdateLengthPrefixed(std::string_view bytes);
  Digest Finish();

  static Digest Of(std::string_view bytes);
  // h(n) = SHA-256(h(n-1) || record): one link of a partition's hash chain.
  static Digest ChainNext(std::string_view previous_head, std::string_view record);

 private:
  void Restart();  // Begins a new hash on the same context.
  // SHA-256(first || second), on this thread's reused context.
  static Digest OfParts(std::string_view first, std::string_view second);

  void* context_;  // EVP_MD_CTX*, kept opaque so that users need no OpenSSL headers.
};

std::string ToHex(std::string_view bytes);
inline std::string ToHex(const Sha256::Digest& digest) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}
inline std::string_view AsBytes(const Sha256::Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

}  // namespace arledger
