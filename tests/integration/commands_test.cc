// Proves each collector and finance command end to end through a real HttpApi on 127.0.0.1
// with bearer tokens: the command answers once its event is applied, with the fold's outcome,
// and the account read back from the store shows the effect (a payment lowers the balance, a
// write-off above the collector's authority waits for a team leader whose approval applies
// it, an approval by a role that may not approve is rejected with the fold's reason, ...).
// Every event carries the caller as recorded_by.
#include <gtest/gtest.h>

#include "tests/integration/commands_fixture.h"

namespace arledger::testing {
namespace {

constexpr char kAcme[] = "/v1/accounts/ACME";

std::string At(const std::string& path) { return std::string(kAcme) + path; }

TEST_F(CommandsTest, PaymentLowersTheBalanceAndRecordsTheCaller) {
  const Reply reply = Post(At("/payments"),
                           R"({"payment_id":"PAY-1","amount":{"amount_minor":20000,"currency":)"
                           R"("GBP"},"method":"PAYMENT_METHOD_CARD",)"
                           R"("occurred_at":"2026-02-10T10:00:00Z"})",
                           kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.result.status(), "applied");
  EXPECT_TRUE(reply.result.event_id().starts_with("api-")) << reply.result.event_id();
  const v1::AccountView view = View("ACME", "2026-02-11");
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).balance_minor(), 100000);
  const v1::AccountState state = Account("ACME");
  ASSERT_EQ(state.payments_size(), 1);
  EXPECT_EQ(state.payments(0).payment_id(), "PAY-1");
}

TEST_F(CommandsTest, PaymentWithoutAnIdIsNamedAfterItsEvent) {
  const Reply reply =
      Post(At("/payments"), R"({"amount":{"amount_minor":500,"currency":"GBP"}})", kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  ASSERT_EQ(state.payments_size(), 1);
  EXPECT_EQ(state.payments(0).payment_id(), reply.result.event_id());
}

TEST_F(CommandsTest, PromiseAndPaymentPlanLifecycle) {
  Reply reply = Post(At("/promises"),
                     R"({"promise_id":"PR-1","amount":{"amount_minor":30000,"currency":"GBP"},)"
                     R"("promise_date":"2026-02-20","occurred_at":"2026-02-10T10:00:00Z"})",
                     kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = Post(At("/payment-plans"),
               R"({"plan_id":"PL-1","occurred_at":"2026-02-10T10:00:00Z","instalments":[)"
               R"({"due_date":"2026-03-01","amount":{"amount_minor":60000,"currency":"GBP"}},)"
               R"({"due_date":"2026-04-01","amount":{"amount_minor":60000,"currency":"GBP"}}]})",
               kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = Post(At("/payment-plans/PL-1/modify"),
               R"({"reason":"smaller steps","occurred_at":"2026-02-11T10:00:00Z","instalments":[)"
               R"({"due_date":"2026-03-01","amount":{"amount_minor":40000,"currency":"GBP"}},)"
               R"({"due_date":"2026-04-01","amount":{"amount_minor":40000,"currency":"GBP"}},)"
               R"({"due_date":"2026-05-01","amount":{"amount_minor":40000,"currency":"GBP"}}]})",
               kLeadToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  v1::AccountState state = Account("ACME");
  ASSERT_EQ(state.promises_size(), 1);
  EXPECT_EQ(state.promises(0).promise_date(), "2026-02-20");
  ASSERT_EQ(state.plans_size(), 1);
  EXPECT_EQ(state.plans(0).instalments_size(), 3);
  EXPECT_EQ(state.plans(0).revision(), 2);
  reply = Post(At("/payment-plans/PL-1/cancel"), R"({"reason":"customer asked"})", kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  state = Account("ACME");
  EXPECT_EQ(state.plans(0).state(), v1::PROMISE_STATE_CANCELLED);
}

TEST_F(CommandsTest, DisputeIsRaisedAndResolvedByATeamLeader) {
  Reply reply = Post(At("/disputes"),
                     R"({"dispute_id":"D-1","invoice_id":"INV-1","reason_code":"PRICE",)"
                     R"("amount":{"amount_minor":10000,"currency":"GBP"}})",
                     kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(Account("ACME").items(0).disputed_minor(), 10000);
  // Resolving is a decision: the collector may not, the team leader may.
  reply = Post(At("/disputes/D-1/resolve"), R"({"resolution":"DISPUTE_RESOLUTION_REJECTED"})",
               kAliceToken);
  EXPECT_EQ(reply.status, 403) << reply.body;
  reply = Post(At("/disputes/D-1/resolve"), R"({"resolution":"DISPUTE_RESOLUTION_REJECTED"})",
               kLeadToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  EXPECT_EQ(state.items(0).disputed_minor(), 0);
  EXPECT_EQ(state.disputes(0).state(), v1::DISPUTE_STATE_REJECTED);
}

TEST_F(CommandsTest, WriteOffWithinAuthorityAppliesAtOnce) {
  const Reply reply = Post(
      At("/write-offs"),
      R"({"write_off_id":"W-1","invoice_id":"INV-1","amount":{"amount_minor":5000,"currency":"GBP"},)"
      R"("reason":"small balance"})",
      kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.result.status(), "applied");
  EXPECT_EQ(Account("ACME").items(0).open_minor(), 115000);
}

TEST_F(CommandsTest, WriteOffAboveAuthorityWaitsAndATeamLeaderApprovesIt) {
  Reply reply = Post(
      At("/write-offs"),
      R"({"write_off_id":"W-2","invoice_id":"INV-1","amount":{"amount_minor":50000,"currency":"GBP"}})",
      kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.result.status(), "pending_approval") << reply.body;
  EXPECT_EQ(Account("ACME").items(0).open_minor(), 120000);
  // Finance has no rule in the policy: the fold rejects its approval, with its reason.
  reply = Post(At("/write-offs/W-2/approve"), "{}", kFinanceToken);
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_EQ(reply.result.status(), "rejected");
  EXPECT_FALSE(reply.result.reason().empty());
  reply = Post(At("/write-offs/W-2/approve"), R"({"note":"agreed"})", kLeadToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.result.status(), "applied");
  const v1::AccountState state = Account("ACME");
  EXPECT_EQ(state.items(0).open_minor(), 70000);
  ASSERT_EQ(state.write_offs_size(), 1);
  EXPECT_EQ(state.write_offs(0).state(), v1::WRITE_OFF_STATE_APPLIED);
  EXPECT_EQ(state.write_offs(0).requested_by().principal_id(), "alice");
  EXPECT_EQ(state.write_offs(0).decided_by().principal_id(), "lena");
  EXPECT_EQ(state.write_offs(0).decided_by().role(), "team_leader");
}

TEST_F(CommandsTest, WriteOffAboveAuthorityCanBeRejected) {
  Reply reply = Post(At("/write-offs"),
                     R"({"write_off_id":"W-3","amount":{"amount_minor":20000,"currency":"GBP"}})",
                     kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = Post(At("/write-offs/W-3/reject"), R"({"reason":"keep chasing"})", kLeadToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  EXPECT_EQ(state.write_offs(0).state(), v1::WRITE_OFF_STATE_REJECTED);
  EXPECT_EQ(state.items(0).open_minor(), 120000);
}

TEST_F(CommandsTest, ReferralIsMadeAndClosed) {
  Reply reply = Post(At("/referrals"),
                     R"({"referral_id":"REF-1","type":"REFERRAL_TYPE_EXTERNAL_AGENT",)"
                     R"("value_assigned":{"amount_minor":120000,"currency":"GBP"},"agency":"DCA"})",
                     kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply =
      Post(At("/referrals/REF-1/close"),
           R"({"outcome":"recovered","amount_recovered":{"amount_minor":50000,"currency":"GBP"}})",
           kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  ASSERT_EQ(state.referrals_size(), 1);
  EXPECT_EQ(state.referrals(0).state(), v1::REFERRAL_STATE_CLOSED);
  EXPECT_EQ(state.referrals(0).amount_recovered().amount_minor(), 50000);
}

TEST_F(CommandsTest, NoteIsAddedWithItsAuthor) {
  const Reply reply =
      Post(At("/notes"),
           R"({"text":"called, left a voicemail","contact_channel":"CONTACT_CHANNEL_CALL",)"
           R"("occurred_at":"2026-02-12T09:30:00Z"})",
           kAliceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  ASSERT_EQ(state.notes_size(), 1);
  EXPECT_EQ(state.notes(0).author_id(), "alice");
  EXPECT_EQ(state.last_contact_date(), "2026-02-12");
}

TEST_F(CommandsTest, BillingIssuesACreditNoteAndAmendsAnInvoice) {
  Reply reply = Post(At("/credit-notes"),
                     R"({"credit_note_id":"CN-1","invoice_id":"INV-1",)"
                     R"("amount":{"amount_minor":20000,"currency":"GBP"},"reason":"discount"})",
                     kBillingToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  reply = Post(At("/invoices/INV-1/amend"), R"({"due_date":"2026-02-14","reason":"terms"})",
               kBillingToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const v1::AccountState state = Account("ACME");
  EXPECT_EQ(state.items(0).open_minor(), 100000);
  EXPECT_EQ(state.items(0).due_date(), "2026-02-14");
}

TEST_F(CommandsTest, ATeamLeaderReassignsTheAccountAndTheNewCollectorTakesOver) {
  Reply reply = Post(At("/collector"), R"({"collector_id":"bob"})", kLeadToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(Account("ACME").collector_id(), "bob");
  const std::string payment = R"({"amount":{"amount_minor":100,"currency":"GBP"}})";
  EXPECT_EQ(Post(At("/payments"), payment, kAliceToken).status, 403);
  EXPECT_EQ(Post(At("/payments"), payment, kBobToken).status, 200);
}

TEST_F(CommandsTest, AuthorityPolicyIsSetByFinance) {
  const Reply reply = Post("/v1/policy/authority",
                           R"({"policy_id":"P2","rules":[{"role":"collector","write_off_limit":)"
                           R"({"amount_minor":100000,"currency":"GBP"}}]})",
                           kFinanceToken);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.result.status(), "applied");
  // A write-off of 500.00 is now within the collector's authority.
  const Reply write_off =
      Post(At("/write-offs"), R"({"amount":{"amount_minor":50000,"currency":"GBP"}})", kAliceToken);
  ASSERT_EQ(write_off.status, 200) << write_off.body;
  EXPECT_EQ(write_off.result.status(), "applied");
}

}  // namespace
}  // namespace arledger::testing
