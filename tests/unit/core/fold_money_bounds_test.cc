// Proves the fold rejects, with a reason, any event whose money would overflow int64 anywhere
// (ledger, balance), and that currencies never mix: amounts stay per currency.
#include <gtest/gtest.h>

#include <limits>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(FoldMoneyBoundsTest, InvoicePushingTheBalancePastInt64IsRejected) {
  // Proves an invoice that would overflow receivables is refused and changes nothing.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", kMax - 10, "2026-01-31"));
  const std::string before = account.state.SerializeAsString();
  const ApplyResult result = account.Apply(InvoiceIssued("2026-01-02", "inv-2", 11, "2026-01-31"));
  EXPECT_EQ(result.outcome, v1::OUTCOME_REJECTED);
  EXPECT_NE(result.reason.find("overflow"), std::string::npos) << result.reason;
  EXPECT_TRUE(result.postings.empty());
  v1::AccountState without_counter = account.state;
  without_counter.set_events_rejected(0);
  EXPECT_EQ(without_counter.SerializeAsString(), before);
  account.MustApply(InvoiceIssued("2026-01-02", "inv-3", 10, "2026-01-31"));  // Exactly fits.
}

TEST(FoldMoneyBoundsTest, PaymentOverflowingTheCashLedgerIsRejected) {
  // Proves cash received overflowing its ledger balance is refused, not wrapped.
  AccountHarness account;
  account.MustApply(PaymentReceived("2026-01-01", "pay-1", kMax));
  const ApplyResult result = account.Apply(PaymentReceived("2026-01-02", "pay-2", 1));
  EXPECT_EQ(result.outcome, v1::OUTCOME_REJECTED);
  EXPECT_NE(result.reason.find("overflow"), std::string::npos) << result.reason;
  EXPECT_EQ(account.Unallocated(), kMax);
}

TEST(FoldMoneyBoundsTest, BalanceOverflowAcrossItemsAndCreditIsRejected) {
  // Proves the account balance (open items - credit) itself is kept within int64: a credit
  // note that would push it below INT64_MIN is refused.
  AccountHarness account;
  account.MustApply(CreditNoteIssued("2026-01-01", "cn-1", kMax, ""));
  EXPECT_EQ(account.Apply(CreditNoteIssued("2026-01-02", "cn-2", 2, "")).outcome,
            v1::OUTCOME_REJECTED);
}

TEST(FoldMoneyBoundsTest, TwoCurrenciesOnOneAccountNeverMix) {
  // Proves balances, items and pools are kept per currency: a EUR payment settles no GBP item.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-gbp", 10'000, "2026-01-31"));
  account.MustApply(InvoiceIssued("2026-01-01", "inv-eur", 20'000, "2026-01-31", "EUR"));
  account.MustApply(PaymentReceived("2026-01-05", "pay-eur", 25'000, {}, "EUR"));
  EXPECT_EQ(account.Item("inv-gbp").open_minor(), 10'000);
  EXPECT_EQ(account.Item("inv-eur").open_minor(), 0);
  EXPECT_EQ(account.Unallocated("EUR"), 5'000);
  EXPECT_EQ(account.Unallocated("GBP"), 0);
  const v1::AccountView view = account.View("2026-01-05");
  ASSERT_EQ(view.balances_size(), 2);
  EXPECT_EQ(view.balances(0).currency(), "EUR");
  EXPECT_EQ(view.balances(0).balance_minor(), -5'000);
  EXPECT_EQ(view.balances(1).currency(), "GBP");
  EXPECT_EQ(view.balances(1).balance_minor(), 10'000);
  EXPECT_TRUE(LedgerBalancesToZero(account.state.ledger()));
}

TEST(FoldMoneyBoundsTest, RemittanceToAnInvoiceInAnotherCurrencyAllocatesNothing) {
  // Proves a remittance line naming an invoice of another currency leaves the cash unallocated.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-gbp", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-01-05", "pay-eur", 5'000,
                                    {AllocationOf("inv-gbp", 5'000, "EUR")}, "EUR"));
  EXPECT_EQ(account.Item("inv-gbp").open_minor(), 10'000);
  EXPECT_EQ(account.Unallocated("EUR"), 5'000);
}

}  // namespace
}  // namespace arledger
