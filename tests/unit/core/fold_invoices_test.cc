// Proves invoice amendments and cancellations: raising reopens, lowering below what was paid
// turns the excess into account credit, a write-off is unwound before anything is credited,
// a cancelled part-paid invoice's payments become account credit, and views as of earlier
// dates still show the invoice as it was.
#include <gtest/gtest.h>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

class FoldInvoicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  }
  int64_t Ledger(v1::LedgerAccount ledger_account) const {
    return LedgerBalanceOf(account.state.ledger(), ledger_account, "GBP");
  }
  AccountHarness account;
};

TEST_F(FoldInvoicesTest, AmendedUpAfterPartialPaymentReopensByTheIncrease) {
  // Proves raising the amount of a part-paid invoice adds the increase to what is open.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 4'000));
  account.MustApply(InvoiceAmended("2026-01-15", "inv-1", 12'000, ""));
  EXPECT_EQ(account.Item("inv-1").amount_minor(), 12'000);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 8'000);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_REVENUE), -12'000);
  const v1::AccountView before = account.View("2026-01-14");
  EXPECT_EQ(before.items(0).amount_minor(), 10'000);
  EXPECT_EQ(before.items(0).open_minor(), 6'000);
}

TEST_F(FoldInvoicesTest, AmendedBelowWhatWasPaidLeavesAccountCredit) {
  // Proves an amendment below the amount already paid closes the item and credits the excess.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 7'000));
  account.MustApply(InvoiceAmended("2026-01-15", "inv-1", 5'000, ""));
  EXPECT_EQ(account.Item("inv-1").amount_minor(), 5'000);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 0);
  EXPECT_EQ(account.Item("inv-1").status(), v1::ITEM_STATUS_SETTLED);
  EXPECT_EQ(account.Credit(), 2'000);
  EXPECT_EQ(account.BalanceOn("2026-01-15"), -2'000);
  EXPECT_EQ(account.BalanceOn("2026-01-14"), 3'000);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_REVENUE), -5'000);
}

TEST_F(FoldInvoicesTest, AmendedBelowAWriteOffUnwindsTheWriteOffFirst) {
  // Proves a lowering first reverses bad debt the item no longer needs, then credits.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 6'000));
  account.MustApply(
      WriteOffRequested("2026-01-12", "wo-1", 4'000, "inv-1", PrincipalOf("bob", "team_leader")));
  account.MustApply(InvoiceAmended("2026-01-15", "inv-1", 5'000, ""));
  EXPECT_EQ(account.Item("inv-1").written_off_minor(), 0);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_BAD_DEBT), 0);
  EXPECT_EQ(account.Credit(), 1'000);
}

TEST_F(FoldInvoicesTest, DueDateAmendmentIsDatedForAsOfViews) {
  // Proves a due date moved later changes aging from the amendment's date, not before.
  account.MustApply(InvoiceAmended("2026-02-10", "inv-1", 0, "2026-03-31"));
  EXPECT_EQ(account.View("2026-02-09").items(0).days_past_due(), 9);
  EXPECT_EQ(account.View("2026-02-09").items(0).due_date(), "2026-01-31");
  EXPECT_EQ(account.View("2026-02-10").items(0).days_past_due(), 0);
  EXPECT_EQ(account.View("2026-02-10").items(0).aging_bucket(), "current");
}

TEST_F(FoldInvoicesTest, AmendmentsThatCannotApplyAreRejected) {
  // Proves amendments of unknown invoices, in another currency, or to a due date before the
  // issue date are refused.
  EXPECT_EQ(account.Apply(InvoiceAmended("2026-01-15", "inv-404", 5'000, "")).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Apply(InvoiceAmended("2026-01-15", "inv-1", 5'000, "", "EUR")).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Apply(InvoiceAmended("2026-01-15", "inv-1", 0, "2025-12-31")).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Item("inv-1").amount_minor(), 10'000);
}

TEST_F(FoldInvoicesTest, CancellingAPartPaidInvoiceCreditsWhatWasPaid) {
  // Proves cancellation closes the item, reverses its revenue, and the 3,000 paid becomes
  // account credit; before the cancellation date the item is still open.
  account.MustApply(PaymentReceived("2026-01-10", "pay-1", 3'000));
  const ApplyResult result = account.Apply(InvoiceCancelled("2026-01-20", "inv-1"));
  ASSERT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_EQ(account.Item("inv-1").status(), v1::ITEM_STATUS_CANCELLED);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 0);
  EXPECT_EQ(account.Credit(), 3'000);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_REVENUE), 0);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_RECEIVABLES), 0);
  EXPECT_EQ(account.BalanceOn("2026-01-19"), 7'000);
  EXPECT_EQ(account.BalanceOn("2026-01-20"), -3'000);
  EXPECT_EQ(account.View("2026-01-20").items_size(), 0);
  EXPECT_EQ(account.Apply(InvoiceCancelled("2026-01-21", "inv-1")).outcome, v1::OUTCOME_REJECTED);
  EXPECT_EQ(
      account.Apply(PaymentAllocated("2026-01-21", "pay-1", {AllocationOf("inv-1", 1)})).outcome,
      v1::OUTCOME_REJECTED);
}

TEST_F(FoldInvoicesTest, DuplicateInvoiceIsRejected) {
  // Proves a second InvoiceIssued for a known invoice_id is refused and not double-counted.
  EXPECT_EQ(account.Apply(InvoiceIssued("2026-01-02", "inv-1", 10'000, "2026-01-31")).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(Ledger(v1::LEDGER_ACCOUNT_RECEIVABLES), 10'000);
}

}  // namespace
}  // namespace arledger
