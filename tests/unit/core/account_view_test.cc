// Proves the "as of D" view counts only what happened on or before D: later payments,
// credits and invoices do not change it, and balances follow open items minus the pools.
#include "core/account_view.h"

#include <gtest/gtest.h>

#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

TEST(AccountViewTest, AsOfExcludesLaterPayments) {
  // Proves a payment dated after D does not reduce the D view, and does reduce later views.
  AccountHarness account;
  account.MustApply(AccountOpened("2026-01-01"));
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-03-15", "pay-1", 10'000));
  const v1::AccountView march = account.View("2026-03-14");
  ASSERT_EQ(march.items_size(), 1);
  EXPECT_EQ(march.items(0).open_minor(), 10'000);
  EXPECT_EQ(march.items(0).days_past_due(), 42);
  EXPECT_EQ(march.items(0).aging_bucket(), "31-60");
  EXPECT_EQ(march.balances(0).balance_minor(), 10'000);
  EXPECT_EQ(march.balances(0).overdue_minor(), 10'000);
  const v1::AccountView after = account.View("2026-03-15");
  EXPECT_EQ(after.items_size(), 0);
  EXPECT_EQ(after.balances_size(), 0);
}

TEST(AccountViewTest, AsOfExcludesLaterInvoicesAndCredits) {
  // Proves invoices issued and credit notes dated after D are invisible on D.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(InvoiceIssued("2026-02-01", "inv-2", 5'000, "2026-03-01"));
  account.MustApply(CreditNoteIssued("2026-02-10", "cn-1", 12'000, "inv-1"));
  EXPECT_EQ(account.BalanceOn("2026-01-15"), 10'000);
  EXPECT_EQ(account.BalanceOn("2026-02-05"), 15'000);
  EXPECT_EQ(account.BalanceOn("2026-02-10"), 5'000 - 2'000);
  const v1::AccountView view = account.View("2026-02-10");
  EXPECT_EQ(view.balances(0).open_items_minor(), 5'000);
  EXPECT_EQ(view.balances(0).account_credit_minor(), 2'000);
}

TEST(AccountViewTest, PartialPaymentShownAsOf) {
  // Proves a partial payment reduces the open amount from its date on, and the item keeps its
  // gross amount.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-02-01", "pay-1", 2'500));
  const v1::AccountView view = account.View("2026-02-01");
  ASSERT_EQ(view.items_size(), 1);
  EXPECT_EQ(view.items(0).amount_minor(), 10'000);
  EXPECT_EQ(view.items(0).open_minor(), 7'500);
  EXPECT_EQ(view.items(0).days_past_due(), 1);
  EXPECT_EQ(view.items(0).aging_bucket(), "1-30");
}

TEST(AccountViewTest, CopiesAccountDetails) {
  // Proves the view carries the account's own fields and the requested date.
  AccountHarness account;
  account.MustApply(AccountOpened("2026-01-01"));
  const v1::AccountView view = account.View("2026-01-02");
  EXPECT_EQ(view.account_id(), kAccountId);
  EXPECT_EQ(view.as_of(), "2026-01-02");
  EXPECT_TRUE(view.opened());
  EXPECT_EQ(view.name(), "Acme Ltd");
  EXPECT_EQ(view.collector_id(), "col-1");
  EXPECT_EQ(view.status(), v1::ACCOUNT_STATUS_ACTIVE);
  EXPECT_EQ(view.events_applied(), 1);
}

}  // namespace
}  // namespace arledger
