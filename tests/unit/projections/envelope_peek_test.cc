// Proves that PeekEnvelope never contradicts a parse, which is what lets a later slice of a bulk
// pass skip a record unparsed (Projector::BeginSlice):
// - whenever a value both scans and parses, the scan's account id is the parse's, and a policy
//   event is always seen as maybe one (over seeded logs, and over those logs' values cut short
//   or with seeded bytes changed: many no longer scan, parse, or both);
// - a repeated account_id field gives the last, as a parse keeps; a policy body followed by
//   another body is still "maybe a policy" (the parse ends on the other);
// - what is not a message does not scan; and a scan is not a parse: a string that is not UTF-8
//   scans but does not parse.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include "projections/envelope_peek.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "core/fold.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

// Checks the scan of `value` against its parse, when both succeed; returns whether it scanned.
bool AgreesWithParse(const std::string& value) {
  EnvelopePeek peek;
  const bool scanned = PeekEnvelope(value, &peek);
  v1::EventEnvelope event;
  if (scanned && event.ParseFromString(value)) {
    EXPECT_EQ(peek.account_id, event.account_id());
    EXPECT_TRUE(peek.maybe_policy || !IsPolicyEvent(event));
  }
  return scanned;
}

TEST(EnvelopePeekTest, NeverContradictsAParse) {
  for (uint64_t seed : t::PropertySeeds(17, 2)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    t::SeededRandom random(seed);
    size_t scanned = 0;
    size_t policies = 0;
    const std::vector<LogRecord> records = t::MixedLog(seed, 4);
    for (const LogRecord& record : records) {
      v1::EventEnvelope event;
      if (event.ParseFromString(record.value)) {
        EXPECT_TRUE(AgreesWithParse(record.value));  // What parses scans.
        policies += IsPolicyEvent(event) ? 1 : 0;
      }
      std::string cut = record.value.substr(0, random.Below(record.value.size() + 1));
      scanned += AgreesWithParse(cut) ? 1 : 0;
      std::string changed = record.value;
      for (uint64_t n = random.Below(4); n > 0 && !changed.empty(); --n) {
        changed[random.Below(changed.size())] = static_cast<char>(random.Below(256));
      }
      scanned += AgreesWithParse(changed) ? 1 : 0;
    }
    EXPECT_GT(policies, 0u);
    EXPECT_GT(scanned, records.size() / 4);  // The cut and changed values were not all refused.
  }
}

TEST(EnvelopePeekTest, KeepsTheLastAccountIdAndSeesAnyPolicyBody) {
  v1::EventEnvelope first;
  first.set_event_id("e1");
  first.set_account_id("ACC-1");
  v1::EventEnvelope second;
  second.set_account_id("ACC-2");
  const std::string twice = first.SerializeAsString() + second.SerializeAsString();
  EnvelopePeek peek;
  ASSERT_TRUE(PeekEnvelope(twice, &peek));
  EXPECT_EQ(peek.account_id, "ACC-2");
  EXPECT_FALSE(peek.maybe_policy);
  EXPECT_TRUE(AgreesWithParse(twice));

  v1::EventEnvelope policy;
  policy.set_account_id("policy");
  policy.mutable_authority_policy_set()->set_policy_id("standard");
  v1::EventEnvelope payment;
  payment.mutable_payment_received()->set_payment_id("p1");
  const std::string overridden = policy.SerializeAsString() + payment.SerializeAsString();
  v1::EventEnvelope parsed;
  ASSERT_TRUE(parsed.ParseFromString(overridden));
  EXPECT_FALSE(IsPolicyEvent(parsed));  // The later body wins the oneof...
  ASSERT_TRUE(PeekEnvelope(overridden, &peek));
  EXPECT_TRUE(peek.maybe_policy);  // ...but the scan reads it as maybe a policy: parsed, then.
  EXPECT_EQ(peek.account_id, "policy");
}

TEST(EnvelopePeekTest, RefusesWhatIsNotAMessageButIsNotAParse) {
  EnvelopePeek peek;
  EXPECT_TRUE(PeekEnvelope("", &peek));  // The empty message: no account id.
  EXPECT_TRUE(peek.account_id.empty());
  EXPECT_FALSE(PeekEnvelope("not an event", &peek));
  EXPECT_FALSE(PeekEnvelope(std::string("\x12\x05"
                                        "AC",
                                        4),
                            &peek));                                // Cut short.
  EXPECT_FALSE(PeekEnvelope(std::string("\x00\x01", 2), &peek));    // Field 0.
  EXPECT_FALSE(PeekEnvelope(std::string("\x0b\x0c", 2), &peek));    // A group.
  EXPECT_FALSE(PeekEnvelope(std::string(11, '\xff'), &peek));       // A runaway varint.
  const std::string not_utf8 = std::string("\x12\x02\xff\xfe", 4);  // account_id bytes.
  ASSERT_TRUE(PeekEnvelope(not_utf8, &peek));
  EXPECT_EQ(peek.account_id, std::string("\xff\xfe", 2));
  v1::EventEnvelope event;
  EXPECT_FALSE(event.ParseFromString(not_utf8));
}

}  // namespace
}  // namespace arledger
