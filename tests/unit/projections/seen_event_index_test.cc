// Proves that SeenEventIndex answers as a map from key to first-seen identity would:
// - over seeded keys (many repeated; some sharing every byte but the last, empty, holding 0x00,
//   or longer than a key block), Insert enters exactly the keys not entered before, and for the
//   others returns what was entered first, never what a later Insert passed;
// - keys with equal hashes or tags are still told apart by their bytes (a table forced to grow
//   through many sizes keeps every answer);
// - the stored keys stay valid, byte for byte, while the index grows, until Clear; after Clear
//   the index is empty and usable again.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include "projections/seen_event_index.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/unit/core/event_generator_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;
using Random = t::SeededRandom;

std::string RandomKey(Random& random) {
  const std::string n = std::to_string(random.Below(30000));
  switch (random.Below(5)) {
    case 0:
      return "AC" + n + std::string(1, '\0') + "AC" + n + "-" + std::to_string(random.Below(9));
    case 1:
      return std::string(40, 'k') + n;  // Equal for 40 bytes.
    case 2:
      return random.Below(50) == 0 ? std::string() : std::string("\0\xff", 2) + n;
    case 3:
      return random.Below(200) == 0 ? std::string((1u << 20) + random.Below(9), 'L') + n : n;
    default:
      return "e" + n;
  }
}

SeenEventIndex::Seen SeenFor(int64_t i) {
  SeenEventIndex::Seen seen;
  seen.content_sha256.fill(static_cast<unsigned char>(i));
  seen.content_sha256[31] = static_cast<unsigned char>(i >> 8);
  seen.partition = static_cast<int32_t>(i % 7);
  seen.offset = i;
  return seen;
}

// A hash that gives many keys the same value (and so the same tag and start slot).
uint64_t PoorHash(std::string_view key) { return key.size() % 3 + (key.empty() ? 0 : key[0]); }

void ExpectMapAnswers(SeenEventIndex::Hash hash, int64_t inserts) {
  for (const uint64_t seed : t::PropertySeeds(71, 3)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    Random random(seed);
    SeenEventIndex index(hash);
    std::map<std::string, int64_t> first;  // Key -> the Insert number that entered it.
    std::vector<std::pair<std::string_view, std::string>> stored;  // View, and what it held.
    for (int64_t i = 0; i < inserts; ++i) {
      const std::string key = RandomKey(random);
      std::string_view view;
      const std::optional<SeenEventIndex::Seen> found = index.Insert(key, SeenFor(i), &view);
      const auto [it, fresh] = first.try_emplace(key, i);
      ASSERT_EQ(!found.has_value(), fresh) << "insert " << i << " key of " << key.size() << " B";
      if (fresh) {
        ASSERT_EQ(view, key);
        ASSERT_NE(view.data(), key.data());
        stored.emplace_back(view, key);
        continue;
      }
      const SeenEventIndex::Seen expected = SeenFor(it->second);
      EXPECT_EQ(found->content_sha256, expected.content_sha256);
      EXPECT_EQ(found->partition, expected.partition);
      EXPECT_EQ(found->offset, expected.offset);
    }
    EXPECT_EQ(index.size(), first.size());
    for (const auto& [view, key] : stored) ASSERT_EQ(view, key);  // Still there after growth.

    index.Clear();
    EXPECT_EQ(index.size(), 0u);
    std::string_view view;
    EXPECT_FALSE(index.Insert(stored.front().second, SeenFor(1), &view).has_value());
    EXPECT_EQ(index.Insert(stored.front().second, SeenFor(2), &view)->offset, 1);
  }
}

TEST(SeenEventIndexTest, AnswersAsAMapOfFirstSeenIdentities) {
  ExpectMapAnswers(SeenEventIndex::DefaultHash, 60000);
}

TEST(SeenEventIndexTest, TellsKeysWithEqualHashesApartByTheirBytes) {
  ExpectMapAnswers(PoorHash, 4000);
}

}  // namespace
}  // namespace arledger
