#include "core/sha256.h"
#include "core/state_proto.h"
#include "service/json.h"
#include "tests/integration/commands_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr size_t kBodyBytesMax = 64 * 1024;
constexpr char kPolicy[] =
    R"({"policy_id":"P1","occurred_at":"2026-01-01T08:00:00Z","rules":[)"
    R"({"role":"collector","write_off_limit":{"amount_minor":10000,"currency":"GBP"}},)"
    R"({"role":"team_leader","write_off_limit":{"amount_minor":1000000,"currency":"GBP"},)"
    R"("may_approve":true}]})";

}  // namespace

std::string TestTokensFile() {
  const std::pair<const char*, const char*> principals[] = {
      {kAliceToken, "alice collector"}, {kBobToken, "bob collector"},
      {kLeadToken, "lena team_leader"}, {kFinanceToken, "fred finance"},
      {kBillingToken, "bill billing"},  {kAuditorToken, "ada auditor"},
      {kAdminToken, "root admin"},
  };
  std::string text = "# test principals\n";
  for (const auto& [token, who] : principals) {
    text += ToHex(Sha256::Of(token)) + " " + who + "\n";
  }
  return text;
}

std::shared_ptr<const TokenTable> TestTokens() {
  auto tokens = std::make_shared<TokenTable>();
  const Status parsed = TokenTable::Parse(TestTokensFile(), "test tokens", tokens.get());
  EXPECT_TRUE(parsed.ok()) << parsed.ToString();
  return tokens;
}

void CommandsTest::SetUp() {
  fixture_ = std::make_unique<ServiceFixture>(backend());
  service_ = fixture_->StartService(fixture_->NewStoreDirectory());
  ASSERT_NE(service_, nullptr);
  api_ = std::make_unique<RunningApi>(service_.get(), kBodyBytesMax, TestTokens());
  v1::PublishResponse published;
  ASSERT_TRUE(service_
                  ->Publish({AccountOpened("open-acme", "ACME", "2026-01-05", "alice"),
                             InvoiceIssued("inv-1", "ACME", "INV-1", 120000, "GBP", "2026-01-05",
                                           "2026-02-04")},
                            &published)
                  .ok());
  for (const v1::EventResult& result : published.results()) {
    ASSERT_EQ(result.status(), "applied") << result.reason();
  }
  const Reply policy = Post("/v1/policy/authority", kPolicy, kFinanceToken);
  ASSERT_EQ(policy.status, 200) << policy.body;
}

Reply CommandsTest::Post(const std::string& path, const std::string& body, const std::string& token,
                         const std::string& key) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  if (!key.empty()) headers.emplace("Idempotency-Key", key);
  httplib::Result result = api_->client().Post(path.c_str(), headers, body, "application/json");
  Reply reply;
  if (!result) {
    ADD_FAILURE() << "no reply from POST " << path;
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  reply.replayed = result->get_header_value("Idempotent-Replayed") == "true";
  if (!ParseJson(reply.body, &reply.result).ok()) reply.result.Clear();
  if (!ParseJson(reply.body, &reply.error).ok()) reply.error.Clear();
  return reply;
}

Reply CommandsTest::Get(const std::string& path, const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Result result = api_->client().Get(path.c_str(), headers);
  Reply reply;
  if (!result) {
    ADD_FAILURE() << "no reply from GET " << path;
    return reply;
  }
  reply.status = result->status;
  reply.body = result->body;
  if (!ParseJson(reply.body, &reply.error).ok()) reply.error.Clear();
  return reply;
}

v1::AccountState CommandsTest::Account(const std::string& account_id) {
  AccountState state;
  bool found = false;
  EXPECT_TRUE(service_->store()->GetAccount(account_id, &state, &found).ok());
  EXPECT_TRUE(found) << account_id;
  v1::AccountState api_form;
  ToProto(state, &api_form);
  return api_form;
}

v1::AccountView CommandsTest::View(const std::string& account_id, const std::string& as_of) {
  v1::AccountView view;
  EXPECT_TRUE(service_->GetAccountView(account_id, *Date::Parse(as_of), &view).ok());
  return view;
}

int64_t CommandsTest::RecordsInLog() {
  std::vector<int64_t> end;
  EXPECT_TRUE(service_->events_log().EndOffsets(&end).ok());
  int64_t total = 0;
  for (int64_t e : end) total += e;
  return total;
}

void CommandsTest::RestartWithFreshStore() {
  api_.reset();
  ASSERT_TRUE(service_->Stop().ok());
  service_.reset();
  service_ = fixture_->StartService(fixture_->NewStoreDirectory());
  ASSERT_NE(service_, nullptr);
  fixture_->WaitCaughtUp(*service_);
  api_ = std::make_unique<RunningApi>(service_.get(), kBodyBytesMax, TestTokens());
}

}  // namespace arledger::testing
