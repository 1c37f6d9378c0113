// Proves a payment reversal (bounced direct debit, chargeback) reopens exactly what that
// payment settled, takes back its unallocated cash, moves the item's overdue-since date back,
// and recovers money that had moved on from account credit or as a reinstated debt.
#include <gtest/gtest.h>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

class FoldReversalsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 6'000, "2026-01-31"));
    account.MustApply(InvoiceIssued("2026-01-01", "inv-2", 4'000, "2026-02-28"));
  }
  AccountHarness account;
};

TEST_F(FoldReversalsTest, ReopensExactlyWhatThePaymentSettled) {
  // Proves a payment spread over two items plus unallocated cash is undone part by part, and
  // another payment's settlement is left alone.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 2'000));
  account.MustApply(PaymentReceived("2026-01-20", "pay-2", 9'000));  // 4'000 + 4'000 + 1'000.
  EXPECT_EQ(account.Unallocated(), 1'000);
  const ApplyResult result = account.Apply(PaymentReversed("2026-02-05", "pay-2"));
  ASSERT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_TRUE(PostingsBalance(result.postings));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 4'000);
  EXPECT_EQ(account.Item("inv-2").open_minor(), 4'000);
  EXPECT_EQ(account.Unallocated(), 0);
  EXPECT_TRUE(account.state.payments(1).reversed());
  EXPECT_EQ(account.BalanceOn("2026-02-04"), -1'000 + 0);
  EXPECT_EQ(account.BalanceOn("2026-02-05"), 8'000);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_CASH, "GBP"), 2'000);
  EXPECT_EQ(account.Apply(PaymentReversed("2026-02-06", "pay-2")).outcome, v1::OUTCOME_REJECTED);
}

TEST_F(FoldReversalsTest, MovesTheOverdueSinceDateBack) {
  // Proves a reopened item ages from its own due date again, not from the reversal date.
  account.MustApply(PaymentReceived("2026-01-30", "pay-1", 6'000, {AllocationOf("inv-1", 6'000)}));
  account.MustApply(PaymentReversed("2026-03-02", "pay-1"));
  const v1::AccountView view = account.View("2026-03-02");
  ASSERT_GE(view.items_size(), 1);
  EXPECT_EQ(view.items(0).invoice_id(), "inv-1");
  EXPECT_EQ(view.items(0).days_past_due(), 30);
  EXPECT_EQ(view.items(0).aging_bucket(), "1-30");
  EXPECT_EQ(account.View("2026-03-01").items(0).invoice_id(), "inv-2");  // inv-1 was paid then.
}

TEST_F(FoldReversalsTest, AfterTheInvoiceShrankTheExcessComesOutOfAccountCredit) {
  // Proves money of the payment that an amendment moved to account credit is taken back
  // from account credit, not by reopening the item above its amount.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 6'000, {AllocationOf("inv-1", 6'000)}));
  account.MustApply(InvoiceAmended("2026-01-15", "inv-1", 5'000, ""));
  EXPECT_EQ(account.Credit(), 1'000);
  account.MustApply(PaymentReversed("2026-01-20", "pay-1"));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 5'000);
  EXPECT_EQ(account.Credit(), 0);
  EXPECT_EQ(account.BalanceOn("2026-01-20"), 9'000);
}

TEST_F(FoldReversalsTest, RefundedCashBecomesAReinstatedDebt) {
  // Proves cash already refunded is owed again: a new open item due on the reversal date.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 13'000));
  account.MustApply(
      PaymentRefunded("2026-01-11", "ref-1", 3'000, v1::REFUND_SOURCE_UNALLOCATED_CASH));
  account.MustApply(PaymentReversed("2026-01-20", "pay-1"));
  EXPECT_EQ(account.Item("reversal:pay-1").open_minor(), 3'000);
  EXPECT_EQ(account.Item("reversal:pay-1").due_date(), "2026-01-20");
  EXPECT_EQ(account.BalanceOn("2026-01-20"), 13'000);
}

TEST_F(FoldReversalsTest, ReversalOfAnUnknownPaymentIsRejected) {
  // Proves only a recorded payment can be reversed.
  EXPECT_EQ(account.Apply(PaymentReversed("2026-01-20", "pay-404")).outcome, v1::OUTCOME_REJECTED);
}

}  // namespace
}  // namespace arledger
