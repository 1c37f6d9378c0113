// Proves disputes take items out of chasing but not out of balances or aging; remittance
// naming a disputed invoice is honoured; upheld credits, rejected returns to chasing.
#include <gtest/gtest.h>

#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

class FoldDisputesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account.MustApply(InvoiceIssued("2026-01-01", "inv-old", 5'000, "2026-01-15"));
    account.MustApply(InvoiceIssued("2026-01-02", "inv-new", 5'000, "2026-02-15"));
  }
  AccountHarness account;
};

TEST_F(FoldDisputesTest, OldestFirstSkipsDisputedItems) {
  // Proves a payment without remittance passes over the disputed (older) item.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 0));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 6'000));
  EXPECT_EQ(account.Item("inv-old").open_minor(), 5'000);
  EXPECT_EQ(account.Item("inv-new").open_minor(), 0);
  EXPECT_EQ(account.Unallocated(), 1'000);
}

TEST_F(FoldDisputesTest, DisputedItemsStayInBalancesAndAging) {
  // Proves a disputed item still counts in the balance, aging and the disputed total.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 2'000));
  const v1::AccountView view = account.View("2026-02-01");
  EXPECT_EQ(view.balances(0).balance_minor(), 10'000);
  EXPECT_EQ(view.balances(0).disputed_minor(), 2'000);
  EXPECT_EQ(view.aging(0).days_1_30_minor(), 5'000);
  EXPECT_EQ(view.items(0).disputed_minor(), 2'000);
  EXPECT_EQ(account.View("2026-01-04").balances(0).disputed_minor(), 0);
}

TEST_F(FoldDisputesTest, PartlyDisputedItemTakesPaymentOnItsUndisputedPart) {
  // Proves only the disputed amount is skipped, not the whole item.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 2'000));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 4'000));
  EXPECT_EQ(account.Item("inv-old").open_minor(), 2'000);
  EXPECT_EQ(account.Item("inv-new").open_minor(), 4'000);
}

TEST_F(FoldDisputesTest, RemittanceNamingADisputedInvoiceIsHonoured) {
  // Proves the customer's explicit remittance settles a disputed invoice; the dispute stays.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 0));
  account.MustApply(
      PaymentReceived("2026-01-10", "pay-1", 5'000, {AllocationOf("inv-old", 5'000)}));
  EXPECT_EQ(account.Item("inv-old").open_minor(), 0);
  EXPECT_EQ(account.Item("inv-new").open_minor(), 5'000);
  EXPECT_EQ(account.state.disputes(0).state(), v1::DISPUTE_STATE_OPEN);
}

TEST_F(FoldDisputesTest, UpheldCreditsTheDisputedAmount) {
  // Proves an upheld dispute credits its amount to the invoice and releases the dispute.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 2'000));
  account.MustApply(DisputeResolved("2026-01-20", "d-1", v1::DISPUTE_RESOLUTION_UPHELD));
  EXPECT_EQ(account.Item("inv-old").open_minor(), 3'000);
  EXPECT_EQ(account.Item("inv-old").disputed_minor(), 0);
  EXPECT_EQ(account.state.disputes(0).state(), v1::DISPUTE_STATE_UPHELD);
  EXPECT_EQ(account.state.disputes(0).credited().amount_minor(), 2'000);
}

TEST_F(FoldDisputesTest, RejectedReturnsTheItemToChasing) {
  // Proves after a rejected dispute, oldest-first allocation reaches the item again.
  account.MustApply(DisputeRaised("2026-01-05", "d-1", "inv-old", 0));
  account.MustApply(DisputeResolved("2026-01-20", "d-1", v1::DISPUTE_RESOLUTION_REJECTED));
  account.MustApply(PaymentReceived("2026-01-21", "pay-1", 5'000));
  EXPECT_EQ(account.Item("inv-old").open_minor(), 0);
  EXPECT_EQ(account.Item("inv-new").open_minor(), 5'000);
}

TEST_F(FoldDisputesTest, DisputeBeyondTheOpenAmountIsRejected) {
  // Proves a dispute cannot exceed what is open and undisputed, nor be resolved twice.
  EXPECT_EQ(account.Apply(DisputeRaised("2026-01-05", "d-1", "inv-old", 5'001)).outcome,
            v1::OUTCOME_REJECTED);
  account.MustApply(DisputeRaised("2026-01-05", "d-2", "inv-old", 5'000));
  EXPECT_EQ(account.Apply(DisputeRaised("2026-01-05", "d-3", "inv-old", 1)).outcome,
            v1::OUTCOME_REJECTED);
  account.MustApply(DisputeResolved("2026-01-20", "d-2", v1::DISPUTE_RESOLUTION_REJECTED));
  EXPECT_EQ(
      account.Apply(DisputeResolved("2026-01-21", "d-2", v1::DISPUTE_RESOLUTION_UPHELD)).outcome,
      v1::OUTCOME_REJECTED);
}

}  // namespace
}  // namespace arledger
