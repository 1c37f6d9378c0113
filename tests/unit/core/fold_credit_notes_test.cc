// Proves credit notes reduce their invoice, never below zero, and that what is left over (or
// a credit note with no invoice) is account credit, consumed by the next invoice.
#include <gtest/gtest.h>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

TEST(FoldCreditNotesTest, CreditNoteLargerThanTheInvoiceLeavesAccountCredit) {
  // Proves the invoice goes to zero, not negative, and the excess is account credit.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 4'000));
  const ApplyResult result = account.Apply(CreditNoteIssued("2026-01-06", "cn-1", 8'000, "inv-1"));
  ASSERT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_EQ(account.Item("inv-1").open_minor(), 0);
  EXPECT_EQ(account.Credit(), 2'000);
  EXPECT_EQ(account.BalanceOn("2026-01-06"), -2'000);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_CREDIT_NOTES, "GBP"), 8'000);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, "GBP"),
            -2'000);
}

TEST(FoldCreditNotesTest, CreditNoteWithNoInvoiceIsAccountCredit) {
  // Proves an account-level credit note reduces the balance through account credit, and a
  // later invoice in that currency consumes it.
  AccountHarness account;
  account.MustApply(CreditNoteIssued("2026-01-06", "cn-1", 3'000, ""));
  EXPECT_EQ(account.Credit(), 3'000);
  account.MustApply(InvoiceIssued("2026-01-07", "inv-1", 10'000, "2026-02-06"));
  EXPECT_EQ(account.Credit(), 0);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 7'000);
  EXPECT_EQ(account.BalanceOn("2026-01-07"), 7'000);
}

TEST(FoldCreditNotesTest, CreditNoteForAnUnseenInvoiceIsAccountCredit) {
  // Proves a credit note naming an invoice not yet issued is held as account credit.
  AccountHarness account;
  account.MustApply(CreditNoteIssued("2026-01-06", "cn-1", 3'000, "inv-404"));
  EXPECT_EQ(account.Credit(), 3'000);
}

TEST(FoldCreditNotesTest, CreditNoteInAnotherCurrencyIsRejected) {
  // Proves a EUR credit note cannot reduce a GBP invoice.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  const ApplyResult result =
      account.Apply(CreditNoteIssued("2026-01-06", "cn-1", 3'000, "inv-1", "EUR"));
  EXPECT_EQ(result.outcome, v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 10'000);
  EXPECT_EQ(account.Credit("EUR"), 0);
}

}  // namespace
}  // namespace arledger
