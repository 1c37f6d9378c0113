// Read-model key encoding: components round-trip and keep their order, whatever bytes they hold.
#include "projections/read_model_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace arledger {
namespace {

std::string Key(const std::vector<std::string>& components) {
  std::string key;
  for (const std::string& component : components) AppendKeyComponent(&key, component);
  return key;
}

// Ids with NULs, 0x01 and 0xFF at the start, the middle and the end, runs of them, and none.
const std::vector<std::string> kAwkwardIds = {
    "",      "a",     std::string("\0", 1),     std::string("\0\0", 2),    std::string("a\0", 2),
    "\x01",  "a\x01", std::string("\0a", 2),    std::string("a\0b\0c", 5), "\xff",
    "a\xff", "ab",    std::string("\0\xff", 2), std::string("\xff\0", 2),  "ACC-0000123",
};

TEST(ReadModelKeysTest, ComponentsRoundTripWhateverBytesTheyHold) {
  for (const std::string& first : kAwkwardIds) {
    for (const std::string& second : kAwkwardIds) {
      const std::string key = Key({first, second});
      std::string_view rest = key;
      std::string read;
      ASSERT_TRUE(ReadKeyComponent(&rest, &read));
      EXPECT_EQ(read, first);
      ASSERT_TRUE(ReadKeyComponent(&rest, &read));
      EXPECT_EQ(read, second);
      EXPECT_TRUE(rest.empty());
    }
  }
}

TEST(ReadModelKeysTest, KeysSortAsTheirComponentsDo) {
  std::vector<std::vector<std::string>> tuples;
  for (const std::string& first : kAwkwardIds) {
    for (const std::string& second : kAwkwardIds) tuples.push_back({first, second});
  }
  std::vector<std::vector<std::string>> by_key = tuples;
  std::sort(by_key.begin(), by_key.end(),
            [](const auto& a, const auto& b) { return Key(a) < Key(b); });
  std::sort(tuples.begin(), tuples.end());  // Component by component, bytes unsigned.
  EXPECT_EQ(by_key, tuples);
}

TEST(ReadModelKeysTest, HistoryKeysAreTheAccountsPrefixThenTheSequenceBigEndian) {
  const std::string id("A\0B", 3);
  const std::string key = HistoryKey(id, 0x0102030405060708);
  EXPECT_EQ(key, HistoryPrefix(id) + std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  std::string appended = "kept";
  AppendHistoryKey(&appended, id, 0x0102030405060708);
  EXPECT_EQ(appended, "kept" + key);
  // Sequences sort numerically within an account, across byte boundaries.
  EXPECT_LT(HistoryKey(id, 255), HistoryKey(id, 256));
  EXPECT_LT(HistoryKey(id, 1), HistoryKey(id, int64_t{1} << 40));
  EXPECT_LT(HistoryKey(id, int64_t{1} << 40), HistoryKey(std::string("A\0C", 3), 1));
}

}  // namespace
}  // namespace arledger
