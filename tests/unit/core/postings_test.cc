// Proves each money event posts what the table in core/postings.h says, balanced per
// currency; that CheckPostingsFit refuses overflow without mutating; and that duplicates of
// business documents (credit notes, refunds) are refused rather than posted twice.
#include "core/postings.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>

#include "arledger/v1/projection.pb.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

using Net = std::map<v1::LedgerAccount, int64_t>;
constexpr auto kReceivables = v1::LEDGER_ACCOUNT_RECEIVABLES;
constexpr auto kCash = v1::LEDGER_ACCOUNT_CASH;
constexpr auto kRevenue = v1::LEDGER_ACCOUNT_REVENUE;
constexpr auto kUnallocated = v1::LEDGER_ACCOUNT_UNALLOCATED_CASH;
constexpr auto kCredit = v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT;
constexpr auto kBadDebt = v1::LEDGER_ACCOUNT_BAD_DEBT;
constexpr auto kCreditNotes = v1::LEDGER_ACCOUNT_CREDIT_NOTES;
constexpr auto kRefunds = v1::LEDGER_ACCOUNT_REFUNDS;
const Currency kGbp = *Currency::Parse("GBP");
const Currency kEur = *Currency::Parse("EUR");
const Currency kUsd = *Currency::Parse("USD");

// Applies `event` (expecting APPLIED) and returns its postings netted per ledger account.
Net PostedBy(AccountHarness& account, const v1::EventEnvelope& event) {
  const ApplyResult result = account.Apply(event);
  EXPECT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_TRUE(PostingsBalance(result.postings));
  Net net;
  for (const Posting& line : result.postings) {
    EXPECT_EQ(line.currency().code(), "GBP");
    net[line.ledger_account()] += line.amount_minor();
  }
  std::erase_if(net, [](const auto& entry) { return entry.second == 0; });
  return net;
}

TEST(PostingsTest, EachEventPostsItsRowOfTheTable) {
  // Proves the postings of invoice, payment, allocation, credit note, write-off, refund,
  // amendment, cancellation and reversal, event by event.
  AccountHarness account;
  EXPECT_EQ(PostedBy(account, InvoiceIssued("2026-01-01", "inv-1", 1'000, "2026-01-31")),
            (Net{{kReceivables, 1'000}, {kRevenue, -1'000}}));
  EXPECT_EQ(PostedBy(account, PaymentReceived("2026-01-02", "pay-1", 1'500)),
            (Net{{kCash, 1'500}, {kReceivables, -1'000}, {kUnallocated, -500}}));
  EXPECT_EQ(PostedBy(account, InvoiceIssued("2026-01-03", "inv-2", 2'000, "2026-02-02")),
            (Net{{kReceivables, 1'500}, {kRevenue, -2'000}, {kUnallocated, 500}}));
  EXPECT_EQ(PostedBy(account, CreditNoteIssued("2026-01-04", "cn-1", 1'700, "inv-2")),
            (Net{{kCreditNotes, 1'700}, {kReceivables, -1'500}, {kCredit, -200}}));
  EXPECT_EQ(PostedBy(account,
                     PaymentRefunded("2026-01-05", "ref-1", 200, v1::REFUND_SOURCE_ACCOUNT_CREDIT)),
            (Net{{kCredit, 200}, {kRefunds, -200}}));
  EXPECT_EQ(PostedBy(account, InvoiceIssued("2026-01-06", "inv-3", 3'000, "2026-02-05")),
            (Net{{kReceivables, 3'000}, {kRevenue, -3'000}}));
  EXPECT_EQ(PostedBy(account, WriteOffRequested("2026-01-07", "wo-1", 500, "inv-3",
                                                PrincipalOf("alice", "collector"))),
            (Net{{kBadDebt, 500}, {kReceivables, -500}}));
  EXPECT_EQ(PostedBy(account, InvoiceAmended("2026-01-08", "inv-3", 3'500, "")),
            (Net{{kReceivables, 500}, {kRevenue, -500}}));
  // inv-3: amount 3'500, written off 500, open 3'000. Lowered to 200: 3'000 of open goes,
  // and 300 settled beyond the new amount unwinds the write-off.
  EXPECT_EQ(PostedBy(account, InvoiceAmended("2026-01-09", "inv-3", 200, "")),
            (Net{{kRevenue, 3'300}, {kReceivables, -3'000}, {kBadDebt, -300}}));
  // Nothing is open any more (inv-3's remaining 200 stays written off): all unallocated.
  EXPECT_EQ(PostedBy(account, PaymentReceived("2026-01-10", "pay-2", 700)),
            (Net{{kCash, 700}, {kUnallocated, -700}}));
  EXPECT_TRUE(LedgerBalancesToZero(account.state.ledger()));
}

TEST(PostingsTest, CancellationAndReversalPostings) {
  // Proves a cancelled part-paid invoice reverses its revenue into receivables and account
  // credit, and a reversal credits cash with the receivables and credit it takes back.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 1'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-01-02", "pay-1", 400));
  EXPECT_EQ(PostedBy(account, InvoiceCancelled("2026-01-03", "inv-1")),
            (Net{{kRevenue, 1'000}, {kReceivables, -600}, {kCredit, -400}}));
  EXPECT_EQ(PostedBy(account, PaymentReversed("2026-01-04", "pay-1")),
            (Net{{kCredit, 400}, {kCash, -400}}));
  EXPECT_EQ(account.BalanceOn("2026-01-04"), 0);
}

TEST(PostingsTest, CheckPostingsFitRefusesOverflowWithoutChangingAnything) {
  // Proves the bound check looks at the result of every ledger balance the postings touch.
  AccountState state;
  Postings postings;
  const int64_t max = std::numeric_limits<int64_t>::max();
  PostPair(&postings, kReceivables, kRevenue, kGbp, max);
  ASSERT_TRUE(CheckPostingsFit(state, postings).ok());
  ApplyPostings(postings, &state);
  const AccountState before = state;
  Postings more;
  PostPair(&more, kReceivables, kRevenue, kGbp, 1);
  EXPECT_EQ(CheckPostingsFit(state, more).code(), StatusCode::kOutOfRange);
  Postings other_currency;
  PostPair(&other_currency, kReceivables, kRevenue, kEur, 1);
  EXPECT_TRUE(CheckPostingsFit(state, other_currency).ok());
  EXPECT_TRUE(state == before);
  EXPECT_TRUE(LedgerBalancesToZero(state.ledger));
}

TEST(PostingsTest, UnbalancedLedgerIsDetected) {
  // Proves the trial-balance check notices a ledger that does not sum to zero per currency,
  // even when the currencies together would, and that changing such a currency aborts (the
  // fold's check on every event) while a balanced currency beside it can still change.
  AccountState state;
  state.ledger.push_back({kCash, kGbp, 5});
  state.ledger.push_back({kRevenue, kEur, -5});
  state.ledger.push_back({kCash, kUsd, 7});
  state.ledger.push_back({kRevenue, kUsd, -7});
  EXPECT_FALSE(LedgerBalancesToZero(state.ledger));
  Postings gbp_lines;
  PostPair(&gbp_lines, kReceivables, kRevenue, kGbp, 1);
  EXPECT_TRUE(CheckPostingsFit(state, gbp_lines).ok()) << "a check alone never aborts";
  EXPECT_DEATH(ApplyPostings(gbp_lines, &state), "trial_balance_holds_");
  Postings eur;
  PostPair(&eur, kCash, kReceivables, kEur, 1);
  EXPECT_DEATH(ApplyPostings(eur, &state), "trial_balance_holds_");
  Postings usd;
  PostPair(&usd, kReceivables, kRevenue, kUsd, 3);
  ApplyPostings(usd, &state);
  EXPECT_EQ(LedgerBalanceOf(state.ledger, kReceivables, kUsd), 3);
  v1::ProjectionMeta meta;  // The whole ledger's, as the projector keeps it.
  v1::LedgerBalance* gbp = meta.add_ledger();
  gbp->set_currency("GBP");
  gbp->set_ledger_account(kCash);
  gbp->set_balance_minor(5);
  EXPECT_FALSE(LedgerBalancesToZero(meta.ledger()));
}

TEST(PostingsTest, RepublishedCreditNoteOrRefundIsRejected) {
  // Proves a credit note or refund id seen before is refused under a new event id.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 1'000, "2026-01-31"));
  account.MustApply(CreditNoteIssued("2026-01-02", "cn-1", 100, "inv-1"));
  EXPECT_EQ(account.Apply(CreditNoteIssued("2026-01-02", "cn-1", 100, "inv-1")).outcome,
            v1::OUTCOME_REJECTED);
  account.MustApply(CreditNoteIssued("2026-01-02", "cn-2", 5'000, ""));
  EXPECT_EQ(account.Apply(CreditNoteIssued("2026-01-02", "cn-2", 5'000, "")).outcome,
            v1::OUTCOME_REJECTED);
  account.MustApply(PaymentRefunded("2026-01-03", "ref-1", 100, v1::REFUND_SOURCE_ACCOUNT_CREDIT));
  EXPECT_EQ(
      account.Apply(PaymentRefunded("2026-01-03", "ref-1", 100, v1::REFUND_SOURCE_ACCOUNT_CREDIT))
          .outcome,
      v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 900);  // Account credit waits for new invoices.
  EXPECT_EQ(account.Credit(), 4'900);
}

}  // namespace
}  // namespace arledger
