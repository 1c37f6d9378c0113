// Proves that AccountSlots finds what a map from id to entry would:
// - over seeded ids (many met again), Find returns the entry entered for that id, or null for
//   an id never entered, while the slots grow through many sizes;
// - ids whose hashes are equal, or alike in their low bits (as one shard's are: the shard is the
//   hash modulo the shard count), are still told apart by their bytes;
// - the prefetches are harmless on any table, empty or not; after Clear the slots are empty and
//   usable again.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include "projections/account_slots.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <unordered_map>

#include "tests/unit/core/event_generator_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

using Slots = AccountSlots<int>;
using Owner = std::unordered_map<std::string, int>;  // Owns the entries, as the shard's map does.
using Hash = std::function<uint64_t(std::string_view)>;

void ExpectMapAnswers(const Hash& hash, int operations) {
  for (const uint64_t seed : t::PropertySeeds(83, 3)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    t::SeededRandom random(seed);
    Owner owner;
    Slots slots;
    std::map<std::string, int> expected;
    for (int i = 0; i < operations; ++i) {
      const std::string id = "AC" + std::to_string(random.Below(5000));
      slots.Prefetch(hash(id));
      slots.PrefetchEntry(hash(id), sizeof(Slots::Entry));
      Slots::Entry* found = slots.Find(hash(id), id);
      auto known = expected.find(id);
      if (known == expected.end()) {
        ASSERT_EQ(found, nullptr) << id;
        Slots::Entry* entry = &*owner.try_emplace(id, i).first;
        slots.Insert(hash(id), entry);
        expected.emplace(id, i);
      } else {
        ASSERT_NE(found, nullptr) << id;
        EXPECT_EQ(found->first, id);
        EXPECT_EQ(found->second, known->second);
      }
    }
    EXPECT_EQ(slots.size(), expected.size());
    for (const auto& [id, value] : expected) {
      Slots::Entry* found = slots.Find(hash(id), id);
      ASSERT_NE(found, nullptr) << id;
      EXPECT_EQ(found->second, value);
    }
    slots.Clear();
    EXPECT_EQ(slots.size(), 0u);
    Slots::Entry* again = &*owner.begin();
    EXPECT_EQ(slots.Find(hash(again->first), again->first), nullptr);
    slots.Insert(hash(again->first), again);
    EXPECT_EQ(slots.Find(hash(again->first), again->first), again);
    EXPECT_EQ(slots.size(), 1u);
  }
}

TEST(AccountSlotsTest, FindsWhatAMapWouldThroughManySizes) {
  ExpectMapAnswers([](std::string_view id) { return std::hash<std::string_view>()(id); }, 20000);
}

TEST(AccountSlotsTest, TellsIdsApartByTheirBytesWhenHashesCollide) {
  // Every id on one of 7 hashes: long probe runs, and a hash match that is the wrong account.
  ExpectMapAnswers([](std::string_view id) { return std::hash<std::string_view>()(id) % 7; }, 3000);
}

TEST(AccountSlotsTest, FindsIdsWhoseHashesShareTheirLowBits) {
  // One shard of 16 sees hashes that are all equal modulo 16.
  ExpectMapAnswers([](std::string_view id) { return std::hash<std::string_view>()(id) << 4; },
                   20000);
}

TEST(AccountSlotsTest, AnEmptyTableFindsNothingAndPrefetchesNothing) {
  Slots slots;
  slots.Prefetch(42);
  slots.PrefetchEntry(42, 256);
  EXPECT_EQ(slots.Find(42, "AC1"), nullptr);
  EXPECT_EQ(slots.size(), 0u);
}

}  // namespace
}  // namespace arledger
