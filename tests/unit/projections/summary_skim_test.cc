// Proves SkimSummary against the protobuf parser, over seeded random account summaries:
// - it reads status, referral, horizon and the presence of items / promises / plans exactly as
//   a parse does, including when a field occurs twice (merged messages: the last value wins);
// - for every summary with no item, promise or plan, ScoreAccount's verdict is the one the
//   worklist scan takes from the skim alone (WorklistExcludes), whatever the status;
// - bytes that are not a well-formed message on the wire are refused, not misread.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include "projections/summary_skim.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "core/worklist_score.h"
#include "tests/unit/core/event_generator_testing.h"

namespace arledger {
namespace {

constexpr int kSummariesPerSeed = 2000;
constexpr char kAsOf[] = "2026-03-31";

std::string RandomDate(std::mt19937_64& random) {
  const int day = static_cast<int>(random() % 28) + 1;
  const int month = static_cast<int>(random() % 6) + 1;
  char text[16];
  std::snprintf(text, sizeof text, "2026-%02d-%02d", month, day);
  return text;
}

v1::AccountSummary RandomSummary(std::mt19937_64& random) {
  v1::AccountSummary summary;
  summary.set_account_id("A" + std::to_string(random() % 1000));
  if (random() % 2) summary.set_name("Customer \xc3\xa9");
  summary.set_collector_id("carol");
  // Statuses 0..5 and one number the schema does not name.
  const int status = static_cast<int>(random() % 7);
  summary.set_status(static_cast<v1::AccountStatus>(status == 6 ? 42 : status));
  summary.set_referral_open(random() % 4 == 0);
  if (random() % 8) summary.set_horizon_date(RandomDate(random));
  if (random() % 2) summary.set_last_contact_date(RandomDate(random));
  for (int i = static_cast<int>(random() % 3); i > 0; --i) {
    v1::SummaryItem* item = summary.add_items();
    item->set_invoice_id("I" + std::to_string(i));
    item->set_currency(random() % 2 ? "GBP" : "EUR");
    item->set_due_date(RandomDate(random));
    item->set_open_minor(static_cast<int64_t>(random() % 100000) + 1);
    if (random() % 3 == 0) item->set_disputed_minor(item->open_minor());
  }
  if (random() % 3 == 0) {
    v1::PromiseRecord* promise = summary.add_promises();
    promise->set_promise_id("P");
    promise->set_made_date("2026-01-01");
    promise->set_promise_date(RandomDate(random));
    promise->mutable_amount()->set_amount_minor(5000);
    promise->mutable_amount()->set_currency("GBP");
    promise->set_state(v1::PROMISE_STATE_OPEN);
  }
  if (random() % 5 == 0) {
    v1::PlanRecord* plan = summary.add_plans();
    plan->set_plan_id("L");
    plan->set_agreed_date("2026-01-01");
    v1::Instalment* instalment = plan->add_instalments();
    instalment->set_due_date(RandomDate(random));
    instalment->mutable_amount()->set_amount_minor(1000);
    instalment->mutable_amount()->set_currency("GBP");
    plan->set_state(v1::PROMISE_STATE_OPEN);
  }
  if (random() % 3 == 0) {
    v1::PaymentRecord* payment = summary.add_payments();
    payment->set_payment_id("Y");
    payment->set_date(RandomDate(random));
    payment->mutable_amount()->set_amount_minor(2500);
    payment->mutable_amount()->set_currency("GBP");
  }
  return summary;
}

void ExpectSkimMatches(const std::string& bytes, const v1::AccountSummary& parsed,
                       const std::string& context) {
  SummarySkim skim;
  ASSERT_TRUE(SkimSummary(bytes, &skim)) << context;
  EXPECT_EQ(skim.status, static_cast<int>(parsed.status())) << context;
  EXPECT_EQ(skim.referral_open, parsed.referral_open()) << context;
  EXPECT_EQ(skim.horizon_date, parsed.horizon_date()) << context;
  EXPECT_EQ(skim.has_items, !parsed.items().empty()) << context;
  EXPECT_EQ(skim.has_promises_or_plans, !parsed.promises().empty() || !parsed.plans().empty())
      << context;
}

TEST(SummarySkimTest, ReadsWhatAParseReadsAndDecidesTheNothingOpenVerdict) {
  const Date as_of = *Date::Parse(kAsOf);
  for (uint64_t seed : testing::PropertySeeds(53, 3)) {
    std::printf("summary skim: seed %llu (replay with ARLEDGER_SEED=%llu)\n",
                static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
    std::mt19937_64 random(seed);
    int decided_from_skim = 0;
    for (int n = 0; n < kSummariesPerSeed; ++n) {
      const v1::AccountSummary summary = RandomSummary(random);
      const std::string context = "seed " + std::to_string(seed) + " #" + std::to_string(n);
      const std::string bytes = summary.SerializeAsString();
      ExpectSkimMatches(bytes, summary, context);

      // Two messages concatenated parse as their merge: the skim must agree on every field.
      const v1::AccountSummary other = RandomSummary(random);
      v1::AccountSummary merged = summary;
      merged.MergeFrom(other);
      ExpectSkimMatches(bytes + other.SerializeAsString(), merged, context + " merged");

      if (!summary.items().empty() || !summary.promises().empty() || !summary.plans().empty()) {
        continue;
      }
      ++decided_from_skim;
      v1::WorklistEntry entry;
      const WorklistVerdict expected = WorklistExcludes(summary.status(), summary.referral_open())
                                           ? WorklistVerdict::kExcluded
                                           : WorklistVerdict::kNothingToChase;
      EXPECT_EQ(ScoreAccount(summary, as_of, WorklistConfig(), &entry), expected) << context;
    }
    EXPECT_GT(decided_from_skim, kSummariesPerSeed / 10) << "seed " << seed;
  }
}

TEST(SummarySkimTest, RefusesBytesThatAreNotAWellFormedMessage) {
  SummarySkim skim;
  EXPECT_TRUE(SkimSummary("", &skim));
  EXPECT_FALSE(SkimSummary(std::string("\x3a\x05"
                                       "ab",
                                       4),
                           &skim));                                  // Items: 5 bytes, 2 there.
  EXPECT_FALSE(SkimSummary(std::string("\x28", 1), &skim));          // Status, no value.
  EXPECT_FALSE(SkimSummary(std::string("\x3b\x3c", 2), &skim));      // A group.
  EXPECT_FALSE(SkimSummary(std::string("\x00\x01", 2), &skim));      // Field number 0.
  EXPECT_FALSE(SkimSummary(std::string(11, '\xff'), &skim));         // Varint too long.
  EXPECT_FALSE(SkimSummary(std::string("\x31\x01\x02", 3), &skim));  // Fixed64, 2 bytes.
  v1::AccountSummary summary;
  summary.set_horizon_date("2026-03-01");
  summary.add_items()->set_invoice_id("I");
  const std::string bytes = summary.SerializeAsString();
  for (size_t cut = 1; cut < bytes.size(); ++cut) {
    v1::AccountSummary parsed;
    if (parsed.ParseFromString(bytes.substr(0, cut))) continue;  // Cut between two fields.
    EXPECT_FALSE(SkimSummary(bytes.substr(0, cut), &skim)) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace arledger
