// Proves how payments settle invoices: partial and over-payments, oldest-due-first allocation
// skipping disputes, remittance, payments before their invoice, manual allocation and refunds.
#include <gtest/gtest.h>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

class FoldPaymentsTest : public ::testing::Test {
 protected:
  void SetUp() override { account.MustApply(AccountOpened("2026-01-01")); }
  AccountHarness account;
};

TEST_F(FoldPaymentsTest, PartialPaymentLeavesTheRestOpen) {
  // Proves a payment below the invoice settles that much and leaves the item open.
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  const ApplyResult result = account.Apply(PaymentReceived("2026-01-10", "pay-1", 4'000));
  ASSERT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_EQ(account.Item("inv-1").open_minor(), 6'000);
  EXPECT_EQ(account.Item("inv-1").status(), v1::ITEM_STATUS_OPEN);
  EXPECT_EQ(account.Unallocated(), 0);
  EXPECT_EQ(account.BalanceOn("2026-01-10"), 6'000);
  EXPECT_TRUE(PostingsBalance(result.postings));
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_CASH, "GBP"), 4'000);
}

TEST_F(FoldPaymentsTest, OverpaymentBecomesUnallocatedCash) {
  // Proves the part of a payment beyond every open item is unallocated cash, not a negative item.
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 12'500));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 0);
  EXPECT_EQ(account.Item("inv-1").status(), v1::ITEM_STATUS_SETTLED);
  EXPECT_EQ(account.Unallocated(), 2'500);
  EXPECT_EQ(account.state.payments(0).unallocated_minor(), 2'500);
  EXPECT_EQ(account.BalanceOn("2026-01-10"), -2'500);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_UNALLOCATED_CASH, "GBP"),
            -2'500);
}

TEST_F(FoldPaymentsTest, WithoutRemittanceOldestDueFirst) {
  // Proves allocation goes by due date, not by issue order.
  account.MustApply(InvoiceIssued("2026-01-01", "inv-late", 5'000, "2026-03-01"));
  account.MustApply(InvoiceIssued("2026-01-02", "inv-early", 5'000, "2026-02-01"));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 6'000));
  EXPECT_EQ(account.Item("inv-early").open_minor(), 0);
  EXPECT_EQ(account.Item("inv-late").open_minor(), 4'000);
}

TEST_F(FoldPaymentsTest, RemittanceIsFollowed) {
  // Proves named allocations win over oldest-first, and the unnamed rest is unallocated cash.
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 5'000, "2026-02-01"));
  account.MustApply(InvoiceIssued("2026-01-02", "inv-2", 5'000, "2026-03-01"));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 7'000, {AllocationOf("inv-2", 5'000)}));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 5'000);
  EXPECT_EQ(account.Item("inv-2").open_minor(), 0);
  EXPECT_EQ(account.Unallocated(), 2'000);
}

TEST_F(FoldPaymentsTest, RemittanceLineCappedAtOpenAmount) {
  // Proves a remittance line larger than the item settles only the item; the rest is cash.
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 5'000, "2026-02-01"));
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 8'000, {AllocationOf("inv-1", 8'000)}));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 0);
  EXPECT_EQ(account.Unallocated(), 3'000);
}

TEST_F(FoldPaymentsTest, PaymentBeforeItsInvoiceIsConsumedWhenTheInvoiceArrives) {
  // Proves a payment with nothing to settle waits as unallocated cash, and the invoice that
  // arrives later consumes it automatically, recorded against the payment for reversals.
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 3'000, {AllocationOf("inv-1", 3'000)}));
  EXPECT_EQ(account.Unallocated(), 3'000);
  EXPECT_EQ(account.BalanceOn("2026-01-05"), -3'000);
  account.MustApply(InvoiceIssued("2026-01-07", "inv-1", 10'000, "2026-02-06"));
  EXPECT_EQ(account.Unallocated(), 0);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 7'000);
  ASSERT_EQ(account.state.payments(0).allocations_size(), 1);
  EXPECT_EQ(account.state.payments(0).allocations(0).invoice_id(), "inv-1");
  EXPECT_EQ(account.state.payments(0).unallocated_minor(), 0);
  EXPECT_EQ(account.BalanceOn("2026-01-06"), -3'000);  // Before the invoice: only the cash.
  EXPECT_EQ(account.BalanceOn("2026-01-07"), 7'000);
}

TEST_F(FoldPaymentsTest, ManualAllocationFromUnallocatedCash) {
  // Proves PaymentAllocated moves a payment's unallocated cash onto named invoices, and refuses
  // more than that payment has unallocated.
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 3'000));
  account.MustApply(InvoiceIssued("2026-01-07", "inv-1", 1'000, "2026-02-06"));  // Consumes 1'000.
  account.MustApply(InvoiceIssued("2026-01-07", "inv-2", 5'000, "2026-02-06"));  // Consumes 2'000.
  EXPECT_EQ(account.Unallocated(), 0);
  account.MustApply(PaymentReceived("2026-01-08", "pay-2", 900, {AllocationOf("inv-9", 900)}));
  const ApplyResult too_much =
      account.Apply(PaymentAllocated("2026-01-09", "pay-2", {AllocationOf("inv-2", 901)}));
  EXPECT_EQ(too_much.outcome, v1::OUTCOME_REJECTED);
  account.MustApply(PaymentAllocated("2026-01-09", "pay-2", {AllocationOf("inv-2", 900)}));
  EXPECT_EQ(account.Item("inv-2").open_minor(), 2'100);
  EXPECT_EQ(account.Unallocated(), 0);
}

TEST_F(FoldPaymentsTest, RefundOfUnallocatedCashAndNoMore) {
  // Proves a refund takes unallocated cash out (posting to refunds) and a refund above what is
  // there is rejected without touching money.
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 3'000));
  const ApplyResult too_much = account.Apply(
      PaymentRefunded("2026-01-06", "ref-1", 3'001, v1::REFUND_SOURCE_UNALLOCATED_CASH));
  EXPECT_EQ(too_much.outcome, v1::OUTCOME_REJECTED);
  EXPECT_NE(too_much.reason.find("exceeds the unallocated cash"), std::string::npos);
  EXPECT_TRUE(too_much.postings.empty());
  account.MustApply(
      PaymentRefunded("2026-01-06", "ref-1", 1'000, v1::REFUND_SOURCE_UNALLOCATED_CASH));
  EXPECT_EQ(account.Unallocated(), 2'000);
  EXPECT_EQ(account.state.payments(0).unallocated_minor(), 2'000);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_REFUNDS, "GBP"), -1'000);
  EXPECT_EQ(account.BalanceOn("2026-01-05"), -3'000);
  EXPECT_EQ(account.BalanceOn("2026-01-06"), -2'000);
  EXPECT_EQ(
      account.Apply(PaymentRefunded("2026-01-06", "ref-2", 1, v1::REFUND_SOURCE_ACCOUNT_CREDIT))
          .outcome,
      v1::OUTCOME_REJECTED);
}

TEST_F(FoldPaymentsTest, DuplicatePaymentIdIsRejected) {
  // Proves a second PaymentReceived with a known payment_id is refused, not counted twice.
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 3'000));
  EXPECT_EQ(account.Apply(PaymentReceived("2026-01-06", "pay-1", 3'000)).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Unallocated(), 3'000);
  EXPECT_EQ(account.state.events_rejected(), 1);
}

}  // namespace
}  // namespace arledger
