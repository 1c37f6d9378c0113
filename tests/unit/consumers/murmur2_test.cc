// Proves PartitionForKey is Kafka's Java-client partitioner: the raw murmur2 hash matches the
// values published in Kafka's UtilsTest.testMurmur2 and librdkafka's rdmurmur2.c unit test
// (java_murmur2_results), and the partition is toPositive(hash) % n, not abs(hash) % n.
#include "consumers/murmur2.h"

#include <gtest/gtest.h>

#include "consumers/event_log.h"

namespace arledger {
namespace {

struct HashCase {
  const char* key;
  int32_t java_hash;
};

// Apache Kafka clients/src/test/.../UtilsTest.java, testMurmur2.
constexpr HashCase kKafkaUtilsTest[] = {
    {"21", -973932308},
    {"foobar", -790332482},
    {"a-little-bit-long-string", -985981536},
    {"a-little-bit-longer-string", -1486304829},
    {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
    {"abc", 479470107},
};

// librdkafka src/rdmurmur2.c, unittest_murmur2: every remainder of length mod 4 and "".
constexpr HashCase kLibrdkafkaUnitTest[] = {
    {"kafka", static_cast<int32_t>(0xd067cf64)},
    {"giberish123456789", static_cast<int32_t>(0x8f552b0c)},
    {"1234", static_cast<int32_t>(0x9fc97b14)},
    {"234", static_cast<int32_t>(0xe7c009ca)},
    {"34", static_cast<int32_t>(0x873930da)},
    {"4", static_cast<int32_t>(0x5a4b5ca1)},
    {"PreAmbleWillBeRemoved,ThePrePartThatIs", static_cast<int32_t>(0x78424f1c)},
    {"reAmbleWillBeRemoved,ThePrePartThatIs", static_cast<int32_t>(0x4a62b377)},
    {"eAmbleWillBeRemoved,ThePrePartThatIs", static_cast<int32_t>(0xe0e4e09e)},
    {"AmbleWillBeRemoved,ThePrePartThatIs", static_cast<int32_t>(0x62b8b43f)},
    {"", static_cast<int32_t>(0x106e08d9)},
};

TEST(Murmur2Test, MatchesKafkaUtilsTestValues) {
  for (const HashCase& c : kKafkaUtilsTest) EXPECT_EQ(Murmur2(c.key), c.java_hash) << c.key;
}

TEST(Murmur2Test, MatchesLibrdkafkaJavaResults) {
  for (const HashCase& c : kLibrdkafkaUnitTest) EXPECT_EQ(Murmur2(c.key), c.java_hash) << c.key;
}

// Proves the sign bit is cleared (Utils.toPositive) rather than the value negated: for a
// negative hash the two give different partitions.
TEST(PartitionForKeyTest, ClearsTheSignBitThenTakesTheRemainder) {
  // murmur2("foobar") = -790332482; & 0x7fffffff = 1357151166.
  EXPECT_EQ(PartitionForKey("foobar", 10), 6);
  EXPECT_EQ(PartitionForKey("foobar", 50), 16);
  EXPECT_NE(PartitionForKey("foobar", 50), 790332482 % 50);  // What abs() would give: 32.
  // murmur2("") = 0x106e08d9 = 275646681, positive already.
  EXPECT_EQ(PartitionForKey("", 8), 275646681 % 8);
  EXPECT_EQ(PartitionForKey("abc", 1), 0);
}

// Proves every key maps inside [0, n) for a spread of partition counts, including a prime one.
TEST(PartitionForKeyTest, AlwaysInRange) {
  for (int32_t n : {1, 2, 3, 8, 13, 64}) {
    for (int i = 0; i < 1000; ++i) {
      const int32_t p = PartitionForKey("account-" + std::to_string(i), n);
      ASSERT_GE(p, 0);
      ASSERT_LT(p, n);
    }
  }
}

}  // namespace
}  // namespace arledger
