// Proves how one event lands in the daily totals, where the property tests (read_models_test)
// only compare the projector with the same function:
// - an invoice's posting lines and its count land on one day of its currency and business date,
//   keyed as DailyKey says, and a second event the same day adds to that day;
// - a referral closed without an amount recovered counts on the day of the currency its value
//   was assigned in (a currency the close event does not name);
// - rejected events add nothing.
#include "projections/daily_totals.h"

#include <gtest/gtest.h>

#include "core/fold.h"
#include "projections/read_model_keys.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

struct Folded {
  AccountState state;
  v1::AuthorityPolicySet policy = t::StandardPolicy();
  DailyDeltas days;

  ApplyResult Add(const v1::EventEnvelope& event) {
    const ApplyResult result = ApplyToAccount(event, policy, &state);
    AddEventToDaily(event, result, state, &days);
    return result;
  }
};

TEST(DailyTotalsTest, AnInvoiceLandsOnItsCurrencysDayAndASecondAddsToIt) {
  Folded account;
  ASSERT_EQ(account.Add(t::InvoiceIssued("2026-01-05", "inv-1", 10'000, "2026-02-04")).outcome,
            v1::OUTCOME_APPLIED);
  ASSERT_EQ(account.Add(t::InvoiceIssued("2026-01-05", "inv-2", 2'500, "2026-02-04")).outcome,
            v1::OUTCOME_APPLIED);
  ASSERT_EQ(account.days.size(), 1u);
  const auto day = account.days.find(DailyKey("GBP", "2026-01-05"));
  ASSERT_NE(day, account.days.end());
  EXPECT_EQ(day->second.currency(), "GBP");
  EXPECT_EQ(day->second.date(), "2026-01-05");
  EXPECT_EQ(day->second.invoices_issued(), 2);
  EXPECT_EQ(MovementOf(day->second, v1::LEDGER_ACCOUNT_RECEIVABLES).debit_minor(), 12'500);
}

TEST(DailyTotalsTest, AReferralClosedWithoutRecoveryCountsInItsAssignedCurrency) {
  Folded account;
  v1::EventEnvelope made = t::Envelope("2026-03-01");
  made.mutable_referral_made()->set_referral_id("r-1");
  made.mutable_referral_made()->set_type(v1::REFERRAL_TYPE_EXTERNAL_AGENT);
  *made.mutable_referral_made()->mutable_value_assigned() = t::MoneyOf(9'000, "EUR");
  ASSERT_EQ(account.Add(made).outcome, v1::OUTCOME_APPLIED);
  v1::EventEnvelope closed = t::Envelope("2026-04-01");
  closed.mutable_referral_closed()->set_referral_id("r-1");
  closed.mutable_referral_closed()->set_outcome("nothing recovered");
  ASSERT_EQ(account.Add(closed).outcome, v1::OUTCOME_APPLIED);

  const auto day = account.days.find(DailyKey("EUR", "2026-04-01"));
  ASSERT_NE(day, account.days.end());
  ASSERT_EQ(day->second.referrals_size(), 1);
  EXPECT_EQ(day->second.referrals(0).type(), v1::REFERRAL_TYPE_EXTERNAL_AGENT);
  EXPECT_EQ(day->second.referrals(0).closed(), 1);
  EXPECT_EQ(day->second.referrals(0).recovered_minor(), 0);

  // Closing it again is rejected, and adds nothing.
  const size_t before = account.days.size();
  const std::string bytes = day->second.SerializeAsString();
  EXPECT_EQ(account.Add(closed).outcome, v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.days.size(), before);
  EXPECT_EQ(account.days.find(DailyKey("EUR", "2026-04-01"))->second.SerializeAsString(), bytes);
}

}  // namespace
}  // namespace arledger
