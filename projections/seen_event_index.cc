// SeenEventIndex: linear probing over tagged slots, keys compared in full.
#include "projections/seen_event_index.h"

#include <cstring>
#include <functional>
#include <limits>

#include "core/status.h"

namespace arledger {
namespace {

constexpr size_t kSlotsFirst = 1024;
constexpr size_t kKeyBlockBytes = 1u << 20;  // A longer key gets a block of its own.

uint32_t TagOf(uint64_t slot) { return static_cast<uint32_t>(slot >> 32); }
uint32_t NumberOf(uint64_t slot) { return static_cast<uint32_t>(slot); }

}  // namespace

uint64_t SeenEventIndex::DefaultHash(std::string_view key) {
  return std::hash<std::string_view>()(key);
}

std::optional<SeenEventIndex::Seen> SeenEventIndex::Insert(std::string_view key, const Seen& seen,
                                                           std::string_view* stored_key) {
  // Room for one more, at most 70% full: a probe then ends within a few slots.
  if ((entries_.size() + 1) * 10 > slots_.size() * 7) Grow();
  const uint64_t hash = hash_(key);
  const uint32_t tag = static_cast<uint32_t>(hash >> 32);
  const size_t mask = slots_.size() - 1;
  size_t at = hash & mask;
  for (;; at = (at + 1) & mask) {
    const uint64_t slot = slots_[at];
    if (slot == 0) break;
    if (TagOf(slot) != tag) continue;
    const Entry& entry = entries_[NumberOf(slot) - 1];
    if (entry.hash == hash && std::string_view(entry.key, entry.key_size) == key) {
      return Seen{entry.content_sha256, entry.partition, entry.offset};
    }
  }
  ARLEDGER_CHECK(entries_.size() < std::numeric_limits<uint32_t>::max() - 1);
  ARLEDGER_CHECK(key.size() <= std::numeric_limits<uint32_t>::max());
  *stored_key = CopyKey(key);
  entries_.push_back({seen.content_sha256, seen.offset, hash, stored_key->data(),
                      static_cast<uint32_t>(key.size()), seen.partition});
  slots_[at] = uint64_t{tag} << 32 | static_cast<uint32_t>(entries_.size());
  return std::nullopt;
}

std::string_view SeenEventIndex::CopyKey(std::string_view key) {
  if (key.size() > block_left_) {
    const size_t size = std::max(kKeyBlockBytes, key.size());
    key_blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    block_free_ = key_blocks_.back().get();
    block_left_ = size;
  }
  char* copy = block_free_;
  if (!key.empty()) std::memcpy(copy, key.data(), key.size());
  block_free_ += key.size();
  block_left_ -= key.size();
  return std::string_view(copy, key.size());
}

void SeenEventIndex::Grow() {
  const size_t count = slots_.empty() ? kSlotsFirst : slots_.size() * 2;
  slots_.assign(count, 0);
  const size_t mask = count - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t at = entries_[i].hash & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = (entries_[i].hash >> 32) << 32 | static_cast<uint32_t>(i + 1);
  }
}

void SeenEventIndex::Clear() {
  std::vector<uint64_t>().swap(slots_);
  std::vector<Entry>().swap(entries_);
  std::vector<std::unique_ptr<char[]>>().swap(key_blocks_);
  block_free_ = nullptr;
  block_left_ = 0;
}

}  // namespace arledger
