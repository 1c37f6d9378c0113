// AccountSlots: a bulk pass's held accounts by id, for the look-up every event makes.
//
// The pass's accounts live in a node-based map (ProjectorShard::pending_accounts_), whose
// look-up follows two dependent pointers (the bucket's predecessor node, then the node) before
// it compares a key: two cache misses per event at full size (perf: ~3% of a replay). These
// slots hold each account's id hash and its map entry in one open-addressing array, so that a
// look-up is one probe and one key compare on the entry itself, and both can be fetched a few
// events ahead (Prefetch, then PrefetchEntry) while earlier events fold. Keys are compared in
// full: a hash match alone never finds an account.
//
// The map keeps owning the entries; nothing here is erased but by Clear (a pass never lets an
// account go). Thread-compatible: one shard's thread uses it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace arledger {

// Starts fetching every cache line of the `bytes` bytes at `at`.
inline void PrefetchBytes(const void* at, size_t bytes) {
  constexpr uintptr_t kLine = 64;
  const uintptr_t end = reinterpret_cast<uintptr_t>(at) + bytes;
  for (uintptr_t line = reinterpret_cast<uintptr_t>(at) & ~(kLine - 1); line < end; line += kLine) {
    __builtin_prefetch(reinterpret_cast<const void*>(line));
  }
}

template <typename Value>
class AccountSlots {
 public:
  using Entry = std::pair<const std::string, Value>;

  // How many events ahead of its look-up an event's memory is fetched: its slot
  // kSlotsAhead (Prefetch), then, once the slot should have arrived, its entry kEntriesAhead
  // (PrefetchEntry). Far enough to overlap a miss with the work on the events between; near
  // enough that the lines are still cached when the look-up comes.
  static constexpr size_t kSlotsAhead = 8;
  static constexpr size_t kEntriesAhead = 4;

  // The entry whose key is `id`, or null. `hash` is `id`'s (the caller's one hash function).
  Entry* Find(uint64_t hash, std::string_view id) const {
    if (slots_.empty()) return nullptr;
    for (size_t at = Home(hash);; at = (at + 1) & mask()) {
      const Slot& slot = slots_[at];
      if (slot.entry == nullptr) return nullptr;
      if (slot.hash == hash && slot.entry->first == id) return slot.entry;
    }
  }

  // Enters `entry`, whose key is not entered yet, under `hash`.
  void Insert(uint64_t hash, Entry* entry) {
    if (2 * (used_ + 1) > slots_.size()) Grow();
    Place(hash, entry);
    ++used_;
  }

  // Starts fetching the slot `hash` probes first.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(hash)]);
  }
  // Starts fetching the first `bytes` of the entry of the first slot that holds `hash` (its slot
  // should be fetched already), without comparing its key: whatever it finds, the look-up will
  // read it.
  void PrefetchEntry(uint64_t hash, size_t bytes) const {
    if (slots_.empty()) return;
    for (size_t at = Home(hash);; at = (at + 1) & mask()) {
      const Slot& slot = slots_[at];
      if (slot.entry == nullptr) return;
      if (slot.hash == hash) {
        PrefetchBytes(slot.entry, bytes);
        return;
      }
    }
  }

  size_t size() const { return used_; }

  // Forgets every entry and gives back the memory (a pass is over).
  void Clear() {
    std::vector<Slot>().swap(slots_);
    shift_ = 64;
    used_ = 0;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    Entry* entry = nullptr;  // Null: empty.
  };
  static constexpr size_t kSlotsMin = 1024;

  size_t mask() const { return slots_.size() - 1; }
  // The slot a hash probes first: its top bits after a multiplicative mix, because the low bits
  // of the hashes a shard sees are alike (the shard is the hash modulo the shard count).
  size_t Home(uint64_t hash) const {
    return static_cast<size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_);
  }

  void Place(uint64_t hash, Entry* entry) {
    size_t at = Home(hash);
    while (slots_[at].entry != nullptr) at = (at + 1) & mask();
    slots_[at] = {hash, entry};
  }

  // Doubles the slots (power-of-two count, at most half full) and enters every entry again.
  void Grow() {
    std::vector<Slot> old(slots_.empty() ? kSlotsMin : 2 * slots_.size());
    old.swap(slots_);
    shift_ = 64 - static_cast<int>(std::countr_zero(slots_.size()));
    for (const Slot& slot : old) {
      if (slot.entry != nullptr) Place(slot.hash, slot.entry);
    }
  }

  std::vector<Slot> slots_;
  int shift_ = 64;  // 64 - log2(slot count).
  size_t used_ = 0;
};

}  // namespace arledger
