// SeenEventIndex: the identity of every event a bulk pass folded, by dedupe key, so that a
// later record with the same key is told apart as a duplicate (same content) or a conflict.
//
// A pass enters each of its events once, a million or more, and looks each up once: an open-
// addressing table of 8-byte slots (a hash tag and an entry number) over entries kept in one
// array and keys copied into large blocks. Entering a new key costs one probe of the slots and
// two appends, where a node-based map cost two allocations and three dependent cache misses
// (perf: ~5% of a 100k-account journal replay). Keys are compared in full: a hash match alone
// never makes an event a duplicate.
//
// Thread-compatible: one shard's thread uses it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/sha256.h"

namespace arledger {

class SeenEventIndex {
 public:
  using Hash = uint64_t (*)(std::string_view key);
  static uint64_t DefaultHash(std::string_view key);

  // `hash`: tests pass a poor one, to prove that keys are told apart by their bytes.
  explicit SeenEventIndex(Hash hash = DefaultHash) : hash_(hash) {}

  // Where an event was first folded, and its content's hash.
  struct Seen {
    Sha256::Digest content_sha256{};
    int32_t partition = 0;
    int64_t offset = 0;
  };

  // Enters `key` with `seen` and returns nothing, setting `*stored_key` to the index's own copy
  // of the key (valid until Clear). When `key` was entered before, enters nothing and returns
  // what was entered then.
  std::optional<Seen> Insert(std::string_view key, const Seen& seen, std::string_view* stored_key);

  size_t size() const { return entries_.size(); }

  // Forgets every key and gives back the memory (a pass is over).
  void Clear();

 private:
  struct Entry {
    Sha256::Digest content_sha256;
    int64_t offset;
    uint64_t hash;
    const char* key;
    uint32_t key_size;
    int32_t partition;
  };

  std::string_view CopyKey(std::string_view key);
  void Grow();

  const Hash hash_;
  // Slot: 0 when empty, else (hash's high 32 bits) << 32 | (entry number + 1). Power-of-two
  // count, at most 70% full.
  std::vector<uint64_t> slots_;
  std::vector<Entry> entries_;
  std::vector<std::unique_ptr<char[]>> key_blocks_;
  char* block_free_ = nullptr;  // In the last block.
  size_t block_left_ = 0;
};

}  // namespace arledger
