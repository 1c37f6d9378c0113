// Proves the access rules through a real HttpApi on 127.0.0.1: no token and an unknown token
// get 401, a role a route does not admit gets 403, a collector acting on another collector's
// account gets 403 while a team leader may, /healthz, /readyz and /metrics need no token — each
// refusal with a reason and nothing appended to the log. Every route states its roles in one
// table, so GET routes and POST /v1/events are covered as well as the commands.
#include <gtest/gtest.h>

#include "tests/integration/commands_fixture.h"

namespace arledger::testing {
namespace {

constexpr char kPayment[] = R"({"amount":{"amount_minor":1000,"currency":"GBP"}})";

TEST_F(CommandsTest, NoOrUnknownTokenIsUnauthenticated) {
  const int64_t records = RecordsInLog();
  for (const std::string& token : {std::string(), std::string("not-a-known-token")}) {
    const Reply post = Post("/v1/accounts/ACME/payments", kPayment, token);
    EXPECT_EQ(post.status, 401) << post.body;
    EXPECT_EQ(post.error.code(), "unauthenticated");
    EXPECT_FALSE(post.error.message().empty());
    const Reply get = Get("/v1/accounts/ACME", token);
    EXPECT_EQ(get.status, 401) << get.body;
    EXPECT_EQ(Get("/v1/kpis", token).status, 401);
    EXPECT_EQ(Post("/v1/events", "{}", token).status, 401);
  }
  EXPECT_EQ(RecordsInLog(), records);
}

TEST_F(CommandsTest, RolesAQueryOrCommandDoesNotAdmitAreForbidden) {
  const int64_t records = RecordsInLog();
  struct Case {
    const char* method;
    const char* path;
    const char* token;
  };
  const Case forbidden[] = {
      {"POST", "/v1/accounts/ACME/payments", kAuditorToken},
      {"POST", "/v1/accounts/ACME/payments", kBillingToken},
      {"POST", "/v1/accounts/ACME/credit-notes", kAliceToken},
      {"POST", "/v1/accounts/ACME/collector", kAliceToken},
      {"POST", "/v1/accounts/ACME/write-offs/W-1/approve", kAliceToken},
      {"POST", "/v1/policy/authority", kLeadToken},
      {"POST", "/v1/events", kAliceToken},
      {"GET", "/v1/kpis", kAliceToken},
      {"GET", "/v1/reports/aged-debt", kBillingToken},
      {"GET", "/v1/worklists/alice", kBillingToken},
  };
  for (const Case& c : forbidden) {
    const Reply reply =
        std::string(c.method) == "GET" ? Get(c.path, c.token) : Post(c.path, kPayment, c.token);
    EXPECT_EQ(reply.status, 403) << c.method << " " << c.path << ": " << reply.body;
    EXPECT_EQ(reply.error.code(), "permission_denied") << reply.body;
    EXPECT_NE(reply.error.message().find("allowed:"), std::string::npos) << reply.body;
  }
  EXPECT_EQ(RecordsInLog(), records);
  // The same routes admit the roles they state.
  EXPECT_EQ(Get("/v1/accounts/ACME?as_of=2026-03-01", kAuditorToken).status, 200);
  EXPECT_EQ(Get("/v1/kpis?from=2026-01-01&to=2026-01-31", kFinanceToken).status, 200);
  EXPECT_EQ(Get("/v1/worklists/alice", kAliceToken).status, 200);
}

TEST_F(CommandsTest, ACollectorActsOnlyOnTheirOwnAccountsUnlessTeamLeader) {
  const int64_t records = RecordsInLog();
  const Reply bob = Post("/v1/accounts/ACME/payments", kPayment, kBobToken);
  EXPECT_EQ(bob.status, 403) << bob.body;
  EXPECT_NE(bob.error.message().find("not assigned"), std::string::npos) << bob.body;
  EXPECT_EQ(RecordsInLog(), records);
  EXPECT_EQ(Post("/v1/accounts/ACME/payments", kPayment, kLeadToken).status, 200);
  EXPECT_EQ(Post("/v1/accounts/ACME/payments", kPayment, kAliceToken).status, 200);
  EXPECT_EQ(RecordsInLog(), records + 2);
}

TEST_F(CommandsTest, HealthReadinessAndMetricsStayOpen) {
  EXPECT_EQ(Get("/healthz", "").status, 200);
  EXPECT_EQ(Get("/metrics", "").status, 200);
  const Reply ready = Get("/readyz", "");
  EXPECT_TRUE(ready.status == 200 || ready.status == 503) << ready.status;
}

TEST_F(CommandsTest, BillingIngestsEventsThroughPostEvents) {
  const Reply reply = Post("/v1/events",
                           R"({"event_id":"inv-2","account_id":"ACME",)"
                           R"("occurred_at":"2026-01-06T09:00:00Z","invoice_issued":{)"
                           R"("invoice_id":"INV-2","issue_date":"2026-01-06",)"
                           R"("due_date":"2026-02-05","amount":{"amount_minor":100,)"
                           R"("currency":"GBP"}}})",
                           kBillingToken);
  EXPECT_EQ(reply.status, 200) << reply.body;
}

// A refusal happens before the body is read; on a kept-alive connection the unread body must
// not be taken for the next request.
TEST_F(CommandsTest, ARefusedBodyDoesNotPoisonAKeptAliveConnection) {
  httplib::Client& client = api_->client();
  client.set_keep_alive(true);
  const std::string body(32 * 1024, ' ');
  for (int i = 0; i < 3; ++i) {
    httplib::Result refused = client.Post("/v1/accounts/ACME/payments", body, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    httplib::Result health = client.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200) << health->body;
  }
  client.set_keep_alive(false);
  client.stop();  // Closes the kept-alive socket so that the server stops at once.
}

// Deny by default must not hide a served route: every GET route answers an admin.
TEST_F(CommandsTest, EveryServedQueryRouteHasAnAccessRule) {
  for (const char* path :
       {"/v1/accounts/ACME", "/v1/accounts/ACME/events", "/v1/reports/aged-debt",
        "/v1/worklists/alice", "/v1/promises/due", "/v1/promises/broken?since=2026-01-01",
        "/v1/kpis", "/healthz", "/metrics"}) {
    const Reply reply = Get(path, kAdminToken);
    EXPECT_EQ(reply.status, 200) << path << ": " << reply.body;
  }
}

TEST_F(CommandsTest, ARouteWithNoAccessRuleIsNotServed) {
  const Reply reply = Get("/v1/secret-admin-thing", kAdminToken);
  EXPECT_EQ(reply.status, 404) << reply.body;
}

}  // namespace
}  // namespace arledger::testing
