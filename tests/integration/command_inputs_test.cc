// Proves that bad command requests are refused early through a real HttpApi on 127.0.0.1 —
// malformed JSON, wrong types, unknown fields, a huge body, negative and zero amounts, an
// unknown currency, a currency the account's items are not in, an unknown account, invoice or
// plan, dates in the wrong order, a bad Idempotency-Key — each with the right 4xx, a reason
// naming the field, and nothing appended to the log (end offsets unchanged).
// And that Idempotency-Key retries return the first outcome and append nothing, also after a
// restart that replays the log into a fresh store; the same key with another body is 409.
// Retries that arrive before the first request's event has been applied (after its 504, or at
// the same moment as it) wait for that copy and append nothing.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/integration/commands_fixture.h"

namespace arledger::testing {
namespace {

struct BadInput {
  const char* name;
  const char* path;
  std::string body;
  int status;
  const char* field;  // The ErrorResponse field expected; nullptr: not checked.
  const char* token = kAliceToken;
};

std::string Money(const char* amount_minor, const char* currency) {
  return std::string(R"({"amount":{"amount_minor":)") + amount_minor + R"(,"currency":")" +
         currency + R"("}})";
}

TEST_F(CommandsTest, BadInputsAreRefusedWithAReasonAndAppendNothing) {
  const std::vector<BadInput> cases = {
      {"malformed JSON", "/v1/accounts/ACME/payments", R"({"amount":)", 400, "body"},
      {"wrong type", "/v1/accounts/ACME/payments",
       R"({"amount":{"amount_minor":"lots","currency":"GBP"}})", 400, "body"},
      {"wrong type (array for object)", "/v1/accounts/ACME/notes", R"({"text":["a"]})", 400,
       "body"},
      {"unknown field", "/v1/accounts/ACME/payments",
       R"({"amount":{"amount_minor":100,"currency":"GBP"},"colour":"red"})", 400, "body"},
      {"id in the body that the path gives", "/v1/accounts/ACME/payment-plans/PL-1/cancel",
       R"({"plan_id":"PL-1"})", 400, "body"},
      {"huge body", "/v1/accounts/ACME/notes",
       R"({"text":")" + std::string(100 * 1024, 'x') + R"("})", 413, nullptr},
      {"negative amount", "/v1/accounts/ACME/payments", Money("-100", "GBP"), 400, "amount"},
      {"zero amount", "/v1/accounts/ACME/promises", Money("0", "GBP"), 400, "amount"},
      {"unknown currency", "/v1/accounts/ACME/payments", Money("100", "XYZ"), 400, "amount"},
      {"currency not the account's", "/v1/accounts/ACME/payments", Money("100", "EUR"), 400,
       "amount"},
      {"unknown account", "/v1/accounts/NOBODY/payments", Money("100", "GBP"), 400, "account_id"},
      {"unknown invoice", "/v1/accounts/ACME/disputes",
       R"({"invoice_id":"INV-404","amount":{"amount_minor":100,"currency":"GBP"}})", 400,
       "invoice_id"},
      {"unknown plan", "/v1/accounts/ACME/payment-plans/PL-404/cancel", "{}", 400, "plan_id"},
      {"unknown write-off", "/v1/accounts/ACME/write-offs/W-404/approve", "{}", 400, "write_off_id",
       kLeadToken},
      {"promise dated before it was made", "/v1/accounts/ACME/promises",
       R"({"amount":{"amount_minor":100,"currency":"GBP"},"promise_date":"2026-01-01",)"
       R"("occurred_at":"2026-02-10T10:00:00Z"})",
       400, "promise_date"},
      {"instalments out of order", "/v1/accounts/ACME/payment-plans",
       R"({"occurred_at":"2026-02-10T10:00:00Z","instalments":[)"
       R"({"due_date":"2026-04-01","amount":{"amount_minor":100,"currency":"GBP"}},)"
       R"({"due_date":"2026-03-01","amount":{"amount_minor":100,"currency":"GBP"}}]})",
       400, "instalments[1].due_date"},
      {"amended due date before issue", "/v1/accounts/ACME/invoices/INV-1/amend",
       R"({"due_date":"2025-12-01"})", 400, "due_date", kBillingToken},
      {"empty collector", "/v1/accounts/ACME/collector", "{}", 400, "collector_id", kLeadToken},
      {"unknown role in a policy", "/v1/policy/authority",
       R"({"rules":[{"role":"intern","write_off_limit":{"amount_minor":1,"currency":"GBP"}}]})",
       400, "rules[0].role", kFinanceToken},
  };
  for (const BadInput& c : cases) {
    const int64_t records = RecordsInLog();
    const Reply reply = Post(c.path, c.body, c.token);
    EXPECT_EQ(reply.status, c.status) << c.name << ": " << reply.body;
    EXPECT_FALSE(reply.error.message().empty()) << c.name << ": " << reply.body;
    if (c.field != nullptr) {
      EXPECT_EQ(reply.error.field(), c.field) << c.name << ": " << reply.body;
    }
    EXPECT_EQ(RecordsInLog(), records) << c.name;
  }
}

TEST_F(CommandsTest, ABadIdempotencyKeyIsRefused) {
  const int64_t records = RecordsInLog();
  const Reply reply =
      Post("/v1/accounts/ACME/payments", Money("100", "GBP"), kAliceToken, std::string(300, 'k'));
  EXPECT_EQ(reply.status, 400) << reply.body;
  EXPECT_EQ(reply.error.field(), "Idempotency-Key");
  EXPECT_EQ(RecordsInLog(), records);
}

TEST_F(CommandsTest, IdempotentRetryReturnsTheFirstOutcomeAndAppendsNothing) {
  // No occurred_at: the retry must take the first event's time from the log to match it.
  const std::string body = Money("2500", "GBP");
  const Reply first = Post("/v1/accounts/ACME/payments", body, kAliceToken, "pay-once-1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.result.status(), "applied");
  EXPECT_FALSE(first.replayed);
  const int64_t records = RecordsInLog();

  const Reply retry = Post("/v1/accounts/ACME/payments", body, kAliceToken, "pay-once-1");
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.result.event_id(), first.result.event_id());
  EXPECT_EQ(retry.result.status(), "applied");
  EXPECT_EQ(retry.result.offset(), first.result.offset());
  EXPECT_EQ(RecordsInLog(), records);
  EXPECT_EQ(Account("ACME").payments_size(), 1);

  const Reply other =
      Post("/v1/accounts/ACME/payments", Money("2600", "GBP"), kAliceToken, "pay-once-1");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(other.error.field(), "Idempotency-Key");
  EXPECT_EQ(RecordsInLog(), records);

  // The key is per principal: the team leader's identical key is a request of its own.
  const Reply lead = Post("/v1/accounts/ACME/payments", body, kLeadToken, "pay-once-1");
  EXPECT_EQ(lead.status, 200) << lead.body;
  EXPECT_FALSE(lead.replayed);
  EXPECT_NE(lead.result.event_id(), first.result.event_id());
  EXPECT_EQ(RecordsInLog(), records + 1);
}

TEST_F(CommandsTest, IdempotentRetryOfARejectedOrPendingOutcomeAnswersTheSame) {
  const std::string body = R"({"amount":{"amount_minor":50000,"currency":"GBP"}})";
  const Reply first = Post("/v1/accounts/ACME/write-offs", body, kAliceToken, "wo-1");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.result.status(), "pending_approval");
  const Reply retry = Post("/v1/accounts/ACME/write-offs", body, kAliceToken, "wo-1");
  EXPECT_EQ(retry.status, 200);
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.result.status(), "pending_approval");

  const std::string path = "/v1/accounts/ACME/write-offs/" + first.result.event_id() + "/approve";
  const Reply rejected = Post(path, "{}", kFinanceToken, "approve-1");
  ASSERT_EQ(rejected.status, 422) << rejected.body;
  const int64_t records = RecordsInLog();
  const Reply again = Post(path, "{}", kFinanceToken, "approve-1");
  EXPECT_EQ(again.status, 422) << again.body;
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.result.reason(), rejected.result.reason());
  EXPECT_EQ(RecordsInLog(), records);
}

// A command whose event is not applied in time (the consume loop is stopped) answers 504 with
// a reason, and so do its retries while it stays unapplied, appending nothing; once a service
// has caught up, a retry with the same key learns the first outcome and appends nothing.
TEST_F(CommandsTest, AnUnappliedCommandAnswers504AndARetryLearnsItsOutcome) {
  fixture_->set_apply_wait_ms_max(200);
  RestartWithFreshStore();
  ASSERT_TRUE(service_->Stop().ok());  // Nothing more is applied from here.
  const std::string body = Money("700", "GBP");
  const int64_t records = RecordsInLog();
  const Reply late = Post("/v1/accounts/ACME/payments", body, kAliceToken, "late-1");
  EXPECT_EQ(late.status, 504) << late.body;
  EXPECT_EQ(late.error.code(), "deadline_exceeded");
  EXPECT_NE(late.error.message().find("Idempotency-Key"), std::string::npos) << late.body;
  EXPECT_EQ(RecordsInLog(), records + 1);
  // Still nothing applied: each retry finds the first request's claim and answers 504 again
  // without appending; another body with the same key is 409.
  for (int retry = 0; retry < 3; ++retry) {
    const Reply again = Post("/v1/accounts/ACME/payments", body, kAliceToken, "late-1");
    EXPECT_EQ(again.status, 504) << again.body;
    EXPECT_NE(again.error.message().find("Idempotency-Key"), std::string::npos) << again.body;
  }
  const Reply other =
      Post("/v1/accounts/ACME/payments", Money("701", "GBP"), kAliceToken, "late-1");
  EXPECT_EQ(other.status, 409) << other.body;
  EXPECT_EQ(RecordsInLog(), records + 1);
  RestartWithFreshStore();
  const Reply retry = Post("/v1/accounts/ACME/payments", body, kAliceToken, "late-1");
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.result.status(), "applied");
  EXPECT_EQ(RecordsInLog(), records + 1);
}

// Requests with the same key sent at the same moment, each on its own connection, while nothing
// is applied: one copy reaches the log.
TEST_F(CommandsTest, SimultaneousRequestsWithOneKeyAppendOneEvent) {
  constexpr int kRequests = 6;
  fixture_->set_apply_wait_ms_max(300);
  RestartWithFreshStore();
  ASSERT_TRUE(service_->Stop().ok());
  const int64_t records = RecordsInLog();
  std::vector<int> statuses(kRequests, 0);
  std::vector<std::thread> senders;
  for (int n = 0; n < kRequests; ++n) {
    senders.emplace_back([&, n] {
      httplib::Client client("127.0.0.1", api_->port());
      const httplib::Headers headers = {{"Authorization", std::string("Bearer ") + kAliceToken},
                                        {"Idempotency-Key", "same-moment"}};
      httplib::Result result = client.Post("/v1/accounts/ACME/payments", headers,
                                           Money("900", "GBP"), "application/json");
      statuses[static_cast<size_t>(n)] = result ? result->status : -1;
    });
  }
  for (std::thread& sender : senders) sender.join();
  for (int status : statuses) EXPECT_EQ(status, 504);
  EXPECT_EQ(RecordsInLog(), records + 1);
}

TEST_F(CommandsTest, IdempotencySurvivesARestartThatReplaysTheLog) {
  const std::string body = R"({"text":"promised to call back","contact_channel":)"
                           R"("CONTACT_CHANNEL_CALL"})";
  const Reply first = Post("/v1/accounts/ACME/notes", body, kAliceToken, "note-1");
  ASSERT_EQ(first.status, 200) << first.body;
  const int64_t records = RecordsInLog();
  RestartWithFreshStore();
  const Reply retry = Post("/v1/accounts/ACME/notes", body, kAliceToken, "note-1");
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.result.event_id(), first.result.event_id());
  EXPECT_EQ(RecordsInLog(), records);
  EXPECT_EQ(Account("ACME").notes_size(), 1);
}

}  // namespace
}  // namespace arledger::testing

namespace arledger::testing {
namespace {

// The same retry over Kafka (librdkafka's mock cluster): the first event's occurred_at is read
// back from the topic, and a replay into a fresh store still finds the first outcome.
TEST_F(KafkaCommandsTest, IdempotentRetryOverKafkaAppendsNothingAlsoAfterAReplay) {
  const std::string body = R"({"amount":{"amount_minor":2500,"currency":"GBP"}})";
  const Reply first = Post("/v1/accounts/ACME/payments", body, kAliceToken, "kafka-pay-1");
  ASSERT_EQ(first.status, 200) << first.body;
  const int64_t records = RecordsInLog();
  const Reply retry = Post("/v1/accounts/ACME/payments", body, kAliceToken, "kafka-pay-1");
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(RecordsInLog(), records);
  RestartWithFreshStore();
  const Reply after = Post("/v1/accounts/ACME/payments", body, kAliceToken, "kafka-pay-1");
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_TRUE(after.replayed);
  EXPECT_EQ(after.result.event_id(), first.result.event_id());
  EXPECT_EQ(RecordsInLog(), records);
  EXPECT_EQ(Account("ACME").payments_size(), 1);
}

}  // namespace
}  // namespace arledger::testing
