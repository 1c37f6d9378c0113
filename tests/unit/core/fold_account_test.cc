// Proves the account events and the fold's dispatch: opening, updates, notes and the last
// contact date, tasks, events for an account never opened, unknown and policy events.
#include <gtest/gtest.h>

#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders.

TEST(FoldAccountTest, EventsForANeverOpenedAccountAreApplied) {
  // Proves billing may publish before the account is opened: money is kept, opened=false, and
  // a later AccountOpened fills in the details without touching money.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.MustApply(PaymentReceived("2026-01-05", "pay-1", 2'000));
  EXPECT_FALSE(account.state.opened());
  EXPECT_EQ(account.state.account_id(), kAccountId);
  EXPECT_EQ(account.BalanceOn("2026-01-05"), 8'000);
  account.MustApply(AccountOpened("2026-01-06"));
  EXPECT_TRUE(account.state.opened());
  EXPECT_EQ(account.state.opened_date(), "2026-01-06");
  EXPECT_EQ(account.state.name(), "Acme Ltd");
  EXPECT_EQ(account.BalanceOn("2026-01-06"), 8'000);
  EXPECT_EQ(account.Apply(AccountOpened("2026-01-07")).outcome, v1::OUTCOME_REJECTED);
}

TEST(FoldAccountTest, UpdateChangesOnlyTheFieldsPresent) {
  // Proves AccountUpdated is a partial update: collector, status, credit limit, portfolio.
  AccountHarness account;
  account.MustApply(AccountOpened("2026-01-01"));
  v1::EventEnvelope update = Envelope("2026-01-02");
  update.mutable_account_updated()->set_status(v1::ACCOUNT_STATUS_INSOLVENCY);
  *update.mutable_account_updated()->mutable_credit_limit() = MoneyOf(500'000);
  account.MustApply(update);
  EXPECT_EQ(account.state.status(), v1::ACCOUNT_STATUS_INSOLVENCY);
  EXPECT_EQ(account.state.credit_limit().amount_minor(), 500'000);
  EXPECT_EQ(account.state.collector_id(), "col-1");
  EXPECT_EQ(account.state.portfolio(), "sme");
  update = Envelope("2026-01-03");
  update.mutable_account_updated()->set_collector_id("col-2");
  update.mutable_account_updated()->set_portfolio("");
  account.MustApply(update);
  EXPECT_EQ(account.state.collector_id(), "col-2");
  EXPECT_EQ(account.state.portfolio(), "");
  EXPECT_EQ(account.state.status(), v1::ACCOUNT_STATUS_INSOLVENCY);
}

TEST(FoldAccountTest, NotesWithAChannelSetTheLastContactDate) {
  // Proves only notes recording contact move last_contact_date, and never backwards.
  AccountHarness account;
  v1::EventEnvelope call = Envelope("2026-01-10");
  call.mutable_note_added()->set_note_id("n-1");
  call.mutable_note_added()->set_contact_channel(v1::CONTACT_CHANNEL_CALL);
  account.MustApply(call);
  v1::EventEnvelope memo = Envelope("2026-01-12");
  memo.mutable_note_added()->set_note_id("n-2");
  account.MustApply(memo);
  v1::EventEnvelope backdated = Envelope("2026-01-05");
  backdated.mutable_note_added()->set_note_id("n-3");
  backdated.mutable_note_added()->set_contact_channel(v1::CONTACT_CHANNEL_EMAIL);
  account.MustApply(backdated);
  EXPECT_EQ(account.state.last_contact_date(), "2026-01-10");
  EXPECT_EQ(account.state.notes_size(), 3);
  EXPECT_EQ(account.state.notes(0).author_id(), "billing-1");
}

TEST(FoldAccountTest, TaskSetReplacesByTaskId) {
  // Proves setting a task twice edits it rather than adding a second one.
  AccountHarness account;
  for (const char* due : {"2026-02-01", "2026-02-08"}) {
    v1::EventEnvelope task = Envelope("2026-01-10");
    task.mutable_task_set()->set_task_id("t-1");
    task.mutable_task_set()->set_due_date(due);
    account.MustApply(task);
  }
  ASSERT_EQ(account.state.tasks_size(), 1);
  EXPECT_EQ(account.state.tasks(0).due_date(), "2026-02-08");
}

TEST(FoldAccountTest, UnknownEventTypeIsSkippedWithoutChangingState) {
  // Proves a body this build does not know returns SKIPPED_UNKNOWN and leaves the state as is.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  const std::string before = account.state.SerializeAsString();
  v1::EventEnvelope future;
  ASSERT_TRUE(future.ParseFromString(Envelope("2026-01-02").SerializeAsString() +
                                     std::string("\xaa\x06\x02\x08\x01", 5)));
  const ApplyResult result = ApplyToAccount(future, account.policy, &account.state);
  EXPECT_EQ(result.outcome, v1::OUTCOME_SKIPPED_UNKNOWN);
  EXPECT_EQ(account.state.SerializeAsString(), before);
}

TEST(FoldAccountTest, PolicyEventReplacesTheMatrix) {
  // Proves ApplyPolicy replaces the whole matrix, and ApplyToAccount refuses policy events.
  v1::AuthorityPolicySet policy = StandardPolicy();
  v1::EventEnvelope event = Envelope("2026-01-01");
  event.mutable_authority_policy_set()->set_policy_id("strict");
  v1::AuthorityRule* rule = event.mutable_authority_policy_set()->add_rules();
  rule->set_role("finance");
  *rule->mutable_write_off_limit() = MoneyOf(1);
  ASSERT_TRUE(IsPolicyEvent(event));
  EXPECT_EQ(ApplyPolicy(event, &policy).outcome, v1::OUTCOME_APPLIED);
  EXPECT_EQ(policy.policy_id(), "strict");
  ASSERT_EQ(policy.rules_size(), 1);
  AccountHarness account;
  EXPECT_EQ(ApplyToAccount(event, policy, &account.state).outcome, v1::OUTCOME_REJECTED);
}

TEST(FoldAccountTest, WriteOffUsesThePolicyInForceAtItsPosition) {
  // Proves the same request is decided differently under a different matrix.
  AccountHarness account;
  account.MustApply(InvoiceIssued("2026-01-01", "inv-1", 10'000, "2026-01-31"));
  account.policy.clear_rules();
  account.MustApply(
      WriteOffRequested("2026-02-01", "wo-1", 5'000, "inv-1", PrincipalOf("alice", "collector")));
  EXPECT_EQ(account.state.write_offs(0).state(), v1::WRITE_OFF_STATE_PENDING);
  account.policy = StandardPolicy();
  account.MustApply(
      WriteOffRequested("2026-02-01", "wo-2", 5'000, "inv-1", PrincipalOf("alice", "collector")));
  EXPECT_EQ(account.state.write_offs(1).state(), v1::WRITE_OFF_STATE_APPLIED);
}

TEST(FoldAccountTest, ReferralsAreRecordedAndClosedOnce) {
  // Proves a referral is opened and closed with its outcome, and only once.
  AccountHarness account;
  v1::EventEnvelope made = Envelope("2026-03-01");
  made.mutable_referral_made()->set_referral_id("r-1");
  made.mutable_referral_made()->set_type(v1::REFERRAL_TYPE_EXTERNAL_AGENT);
  *made.mutable_referral_made()->mutable_value_assigned() = MoneyOf(9'000);
  account.MustApply(made);
  v1::EventEnvelope closed = Envelope("2026-04-01");
  closed.mutable_referral_closed()->set_referral_id("r-1");
  closed.mutable_referral_closed()->set_outcome("paid in part");
  *closed.mutable_referral_closed()->mutable_amount_recovered() = MoneyOf(4'000);
  account.MustApply(closed);
  EXPECT_EQ(account.state.referrals(0).state(), v1::REFERRAL_STATE_CLOSED);
  EXPECT_EQ(account.state.referrals(0).amount_recovered().amount_minor(), 4'000);
  EXPECT_EQ(account.Apply(closed).outcome, v1::OUTCOME_REJECTED);
}

}  // namespace
}  // namespace arledger
