// Proves promise and plan status are derived for any as_of: pending, kept, broken, cancelled,
// with grace days; a later reversal un-keeps a kept promise from the reversal date on; and
// the kept rate excludes pending and cancelled promises.
#include "core/promises.h"

#include <gtest/gtest.h>

#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

Date On(const char* date) { return *Date::Parse(date); }

class PromisesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
    account.MustApply(PromiseMade("2026-02-01", "pr-1", 5'000, "2026-02-10"));
  }
  PromiseStatus StatusOn(const char* date, int32_t grace_days = 0) const {
    return PromiseStatusAsOf(account.native, account.native.promises[0], On(date),
                             PromiseConfig{grace_days});
  }
  AccountHarness account;
};

TEST_F(PromisesTest, PendingUntilTheDateThenBroken) {
  // Proves an unpaid promise is pending up to its date and broken the day after.
  EXPECT_EQ(StatusOn("2026-01-31"), PromiseStatus::kNotYetMade);
  EXPECT_EQ(StatusOn("2026-02-10"), PromiseStatus::kPending);
  EXPECT_EQ(StatusOn("2026-02-11"), PromiseStatus::kBroken);
}

TEST_F(PromisesTest, KeptWhenTheAmountArrivesInTime) {
  // Proves payments on or before the promise date that add up to it keep the promise.
  account.MustApply(PaymentReceived("2026-02-05", "pay-1", 2'000));
  EXPECT_EQ(StatusOn("2026-02-05"), PromiseStatus::kPending);
  account.MustApply(PaymentReceived("2026-02-10", "pay-2", 3'000));
  EXPECT_EQ(StatusOn("2026-02-10"), PromiseStatus::kKept);
  EXPECT_EQ(StatusOn("2026-12-31"), PromiseStatus::kKept);
  EXPECT_EQ(StatusOn("2026-02-09"), PromiseStatus::kPending);  // As of then, not yet.
}

TEST_F(PromisesTest, GraceDaysExtendTheDeadline) {
  // Proves a payment two days late keeps the promise with two grace days, not with one.
  account.MustApply(PaymentReceived("2026-02-12", "pay-1", 5'000));
  EXPECT_EQ(StatusOn("2026-02-12", 2), PromiseStatus::kKept);
  EXPECT_EQ(StatusOn("2026-02-12", 1), PromiseStatus::kBroken);
  EXPECT_EQ(StatusOn("2026-02-11", 2), PromiseStatus::kPending);
}

TEST_F(PromisesTest, BouncedDirectDebitAfterAKeptPromiseBreaksIt) {
  // Proves a reversal dated after the promise date un-keeps it in views from the reversal on,
  // while views before the reversal still show it kept.
  account.MustApply(PaymentReceived("2026-02-08", "dd-1", 5'000));
  EXPECT_EQ(StatusOn("2026-02-15"), PromiseStatus::kKept);
  account.MustApply(PaymentReversed("2026-02-20", "dd-1"));
  EXPECT_EQ(StatusOn("2026-02-19"), PromiseStatus::kKept);
  EXPECT_EQ(StatusOn("2026-02-20"), PromiseStatus::kBroken);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 10'000);
}

TEST_F(PromisesTest, CancelledFromItsCancellationDate) {
  // Proves a cancelled promise counts as cancelled only from the day it was cancelled.
  v1::EventEnvelope cancel = Envelope("2026-02-05");
  cancel.mutable_promise_cancelled()->set_promise_id("pr-1");
  account.MustApply(cancel);
  EXPECT_EQ(StatusOn("2026-02-04"), PromiseStatus::kPending);
  EXPECT_EQ(StatusOn("2026-02-05"), PromiseStatus::kCancelled);
  EXPECT_EQ(account.Apply(cancel).outcome, v1::OUTCOME_REJECTED);
}

TEST_F(PromisesTest, KeptRateExcludesPendingAndCancelled) {
  // Proves kept rate = kept / (kept + broken).
  account.MustApply(PaymentReceived("2026-02-03", "pay-1", 5'000));           // pr-1 kept.
  account.MustApply(PromiseMade("2026-02-04", "pr-2", 9'000, "2026-02-06"));  // Broken.
  // pay-1 predates pr-3, so it does not count toward it: pr-3 is broken too.
  account.MustApply(PromiseMade("2026-02-04", "pr-3", 1'000, "2026-02-06"));
  account.MustApply(PromiseMade("2026-02-04", "pr-4", 1'000, "2026-03-30"));  // Pending.
  const PromiseSummary summary = SummarisePromises(account.native, On("2026-02-07"), {});
  EXPECT_EQ(summary.kept, 1);
  EXPECT_EQ(summary.broken, 2);
  EXPECT_EQ(summary.pending, 1);
  EXPECT_DOUBLE_EQ(summary.KeptRate(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(PromiseSummary{}.KeptRate(), 0.0);
}

TEST_F(PromisesTest, PlanInstalmentsAreJudgedCumulatively) {
  // Proves a plan is pending while on track, broken when an instalment deadline passes
  // unmet, kept when all are met, and a modified schedule is judged instead.
  v1::EventEnvelope agreed = Envelope("2026-02-01");
  v1::PaymentPlanAgreed* plan = agreed.mutable_payment_plan_agreed();
  plan->set_plan_id("plan-1");
  for (const char* due : {"2026-02-15", "2026-03-15"}) {
    v1::Instalment* instalment = plan->add_instalments();
    instalment->set_due_date(due);
    *instalment->mutable_amount() = MoneyOf(3'000);
  }
  account.MustApply(agreed);
  const auto status_on = [this](const char* date) {
    return PlanStatusAsOf(account.native, account.native.plans[0], On(date), {});
  };
  account.MustApply(PaymentReceived("2026-02-14", "pay-1", 3'000));
  EXPECT_EQ(status_on("2026-03-01"), PromiseStatus::kPending);
  EXPECT_EQ(status_on("2026-03-16"), PromiseStatus::kBroken);
  v1::EventEnvelope modified = Envelope("2026-03-10");
  modified.mutable_payment_plan_modified()->set_plan_id("plan-1");
  *modified.mutable_payment_plan_modified()->add_instalments() = plan->instalments(0);
  v1::Instalment* later = modified.mutable_payment_plan_modified()->add_instalments();
  later->set_due_date("2026-04-15");
  *later->mutable_amount() = MoneyOf(3'000);
  account.MustApply(modified);
  EXPECT_EQ(account.state.plans(0).revision(), 2);
  EXPECT_EQ(status_on("2026-03-16"), PromiseStatus::kPending);
  account.MustApply(PaymentReceived("2026-04-01", "pay-2", 3'000));
  EXPECT_EQ(status_on("2026-04-01"), PromiseStatus::kKept);
}

}  // namespace
}  // namespace arledger
