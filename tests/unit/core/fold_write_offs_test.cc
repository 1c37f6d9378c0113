// Proves write-offs are decided in apply: within the requester's authority they settle at once
// and post to bad debt; above it they wait for an approver with enough authority; never above
// the open amount.
#include <gtest/gtest.h>

#include "core/postings.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

class FoldWriteOffsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 50'000, "2026-01-31"));
  }
  AccountHarness account;
  const v1::Principal collector = PrincipalOf("alice", "collector");
  const v1::Principal leader = PrincipalOf("bob", "team_leader");
};

TEST_F(FoldWriteOffsTest, WithinAuthorityAppliesAndPostsToBadDebt) {
  // Proves a collector's write-off within 100.00 settles the item at once.
  const ApplyResult result =
      account.Apply(WriteOffRequested("2026-02-01", "wo-1", 10'000, "inv-1", collector));
  ASSERT_EQ(result.outcome, v1::OUTCOME_APPLIED) << result.reason;
  EXPECT_EQ(account.Item("inv-1").open_minor(), 40'000);
  EXPECT_EQ(account.Item("inv-1").written_off_minor(), 10'000);
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_APPLIED);
  EXPECT_EQ(LedgerBalanceOf(account.state.ledger(), v1::LEDGER_ACCOUNT_BAD_DEBT, "GBP"), 10'000);
}

TEST_F(FoldWriteOffsTest, WriteOffOfTheRestSettlesTheItemSoItIsNoLongerOverdue) {
  // Proves writing off the whole open amount settles the item: it leaves the open items,
  // the overdue total and aging from the write-off's date, but not before it.
  account.MustApply(PaymentReceived("2026-01-20", "pay-1", 45'000));
  account.MustApply(WriteOffRequested("2026-03-01", "wo-1", 5'000, "inv-1", collector));
  EXPECT_EQ(account.Item("inv-1").status(), v1::ITEM_STATUS_SETTLED);
  EXPECT_EQ(account.View("2026-03-01").items_size(), 0);
  EXPECT_EQ(account.View("2026-03-01").balances_size(), 0);
  EXPECT_EQ(account.View("2026-02-28").balances(0).overdue_minor(), 5'000);
}

TEST_F(FoldWriteOffsTest, AboveAuthorityPendsThenATeamLeaderApproves) {
  // Proves a request above the collector's limit is recorded pending with no money moved, a
  // collector cannot approve it, and a team leader within their limit can.
  const ApplyResult requested =
      account.Apply(WriteOffRequested("2026-02-01", "wo-1", 30'000, "inv-1", collector));
  ASSERT_EQ(requested.outcome, v1::OUTCOME_APPLIED);
  EXPECT_NE(requested.reason.find("pending approval"), std::string::npos) << requested.reason;
  EXPECT_TRUE(requested.postings.empty());
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_PENDING);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 50'000);

  const ApplyResult by_collector =
      account.Apply(WriteOffApproved("2026-02-02", "wo-1", PrincipalOf("carol", "collector")));
  EXPECT_EQ(by_collector.outcome, v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_PENDING);

  const ApplyResult approved = account.Apply(WriteOffApproved("2026-02-03", "wo-1", leader));
  ASSERT_EQ(approved.outcome, v1::OUTCOME_APPLIED) << approved.reason;
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_APPLIED);
  EXPECT_EQ(account.state.write_offs(0).decided_by().principal_id(), "bob");
  EXPECT_EQ(account.Item("inv-1").open_minor(), 20'000);
  EXPECT_EQ(account.BalanceOn("2026-02-02"), 50'000);
  EXPECT_EQ(account.BalanceOn("2026-02-03"), 20'000);
}

TEST_F(FoldWriteOffsTest, AboveTheOpenAmountIsRejectedAndRecorded) {
  // Proves a write-off larger than what is open is refused, with the reason kept on the record.
  account.MustApply(PaymentReceived("2026-01-20", "pay-1", 45'000));
  const ApplyResult result =
      account.Apply(WriteOffRequested("2026-02-01", "wo-1", 6'000, "inv-1", collector));
  EXPECT_EQ(result.outcome, v1::OUTCOME_REJECTED);
  EXPECT_NE(result.reason.find("exceeds the open amount"), std::string::npos) << result.reason;
  ASSERT_EQ(account.state.write_offs_size(), 1);
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_REJECTED);
  EXPECT_EQ(account.state.write_offs(0).decision_reason(), result.reason);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 5'000);
}

TEST_F(FoldWriteOffsTest, RejectedByAnApprover) {
  // Proves a pending write-off can be rejected, keeping the approver's reason.
  account.MustApply(WriteOffRequested("2026-02-01", "wo-1", 30'000, "inv-1", collector));
  account.MustApply(WriteOffRejected("2026-02-02", "wo-1", leader, "customer can pay"));
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_REJECTED);
  EXPECT_EQ(account.state.write_offs(0).decision_reason(), "customer can pay");
  EXPECT_EQ(account.Apply(WriteOffApproved("2026-02-03", "wo-1", leader)).outcome,
            v1::OUTCOME_REJECTED);
  EXPECT_EQ(account.Item("inv-1").open_minor(), 50'000);
}

TEST_F(FoldWriteOffsTest, ApproverMustNotBeTheRequester) {
  // Proves four eyes: a team leader's own pending request needs another approver.
  account.MustApply(
      WriteOffRequested("2026-02-01", "wo-1", 49'000, "", PrincipalOf("zed", "unknown_role")));
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_PENDING);
  EXPECT_EQ(
      account.Apply(WriteOffApproved("2026-02-02", "wo-1", PrincipalOf("zed", "finance"))).outcome,
      v1::OUTCOME_REJECTED);
  account.MustApply(WriteOffApproved("2026-02-02", "wo-1", leader));
  EXPECT_EQ(account.Item("inv-1").open_minor(), 1'000);
}

}  // namespace
}  // namespace arledger
