// Proves ledgerd's HTTP surface end to end with a real HTTP client on 127.0.0.1: an invoice and
// a partial payment posted as JSON are applied and read back with the right balance; repeats
// answer "exists"; every malformed or impossible body gets a 4xx with a reason and appends
// nothing to the log.
#include "service/http_api.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "arledger/v1/api.pb.h"
#include "service/json.h"
#include "tests/integration/service_fixture.h"

namespace arledger::testing {
namespace {

constexpr char kOpen[] =
    R"({"event_id":"e1","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z",)"
    R"("account_opened":{"name":"Acme Ltd","collector_id":"alice"}})";
constexpr char kInvoice[] =
    R"({"event_id":"e2","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z",)"
    R"("invoice_issued":{"invoice_id":"INV-1","issue_date":"2026-01-05","due_date":"2026-02-04",)"
    R"("amount":{"amount_minor":120000,"currency":"GBP"}}})";
constexpr char kPayment[] =
    R"({"event_id":"e3","account_id":"ACME","occurred_at":"2026-02-10T12:00:00Z",)"
    R"("payment_received":{"payment_id":"P-1","amount":{"amount_minor":50000,"currency":"GBP"},)"
    R"("method":"PAYMENT_METHOD_BANK_TRANSFER"}})";

class HttpApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = fixture_.StartService(fixture_.NewStoreDirectory());
    ASSERT_NE(service_, nullptr);
    api_ = std::make_unique<RunningApi>(service_.get(), 64 * 1024);
    client_ = &api_->client();
  }

  int64_t RecordsInLog() {
    std::vector<int64_t> end;
    EXPECT_TRUE(service_->events_log().EndOffsets(&end).ok());
    int64_t total = 0;
    for (int64_t e : end) total += e;
    return total;
  }

  httplib::Result Post(const std::string& body) {
    return client_->Post("/v1/events", body, "application/json");
  }

  ServiceFixture fixture_{Backend::kJournal};
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<RunningApi> api_;
  httplib::Client* client_ = nullptr;
};

TEST_F(HttpApiTest, InvoiceAndPartialPaymentGiveTheRightBalance) {
  for (const char* body : {kOpen, kInvoice, kPayment}) {
    httplib::Result result = Post(body);
    ASSERT_TRUE(result);
    ASSERT_EQ(result->status, 200) << result->body;
    v1::PublishResponse response;
    ASSERT_TRUE(ParseJson(result->body, &response).ok());
    ASSERT_EQ(response.results_size(), 1);
    EXPECT_EQ(response.results(0).status(), "applied") << result->body;
  }
  httplib::Result result = client_->Get("/v1/accounts/ACME?as_of=2026-03-01");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  v1::AccountView view;
  ASSERT_TRUE(ParseJson(result->body, &view).ok());
  ASSERT_EQ(view.balances_size(), 1);
  EXPECT_EQ(view.balances(0).currency(), "GBP");
  EXPECT_EQ(view.balances(0).balance_minor(), 70000);
  ASSERT_EQ(view.items_size(), 1);
  EXPECT_EQ(view.items(0).open_minor(), 70000);
  EXPECT_EQ(view.items(0).days_past_due(), 25);
  EXPECT_EQ(view.items(0).aging_bucket(), "1-30");
  // As of a date before the payment, the whole invoice is open.
  result = client_->Get("/v1/accounts/ACME?as_of=2026-02-09");
  ASSERT_TRUE(ParseJson(result->body, &view).ok());
  EXPECT_EQ(view.balances(0).balance_minor(), 120000);
}

TEST_F(HttpApiTest, JsonLinesBatchAndRepeatsAnswerPerEvent) {
  std::string batch = std::string(kOpen) + "\n" + kInvoice + "\n";
  httplib::Result result = Post(batch);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  const int64_t records = RecordsInLog();
  result = Post(kInvoice);
  ASSERT_EQ(result->status, 200) << result->body;
  v1::PublishResponse response;
  ASSERT_TRUE(ParseJson(result->body, &response).ok());
  EXPECT_EQ(response.results(0).status(), "exists");
  EXPECT_EQ(RecordsInLog(), records) << "a repeat must not be appended again";
  // Same event_id, other content: a conflict.
  std::string reused = kInvoice;
  reused.replace(reused.find("120000"), 6, "999999");
  result = Post(reused);
  EXPECT_EQ(result->status, 409) << result->body;
}

TEST_F(HttpApiTest, BadBodiesAre4xxWithAReasonAndAppendNothing) {
  ASSERT_EQ(Post(kOpen)->status, 200);
  const int64_t records = RecordsInLog();
  struct Case {
    const char* what;
    std::string body;
    int status;
    const char* reason_mentions;
  };
  std::string negative = kPayment;
  negative.replace(negative.find("50000"), 5, "-5000");
  std::string unknown_currency = kPayment;
  unknown_currency.replace(unknown_currency.find("GBP"), 3, "XYZ");
  std::string bad_date = kInvoice;
  bad_date.replace(bad_date.find("2026-02-04"), 10, "2026-02-30");
  std::string due_before_issue = kInvoice;
  due_before_issue.replace(due_before_issue.find("2026-02-04"), 10, "2025-12-01");
  const std::vector<Case> cases = {
      {"malformed JSON", "{\"event_id\": ", 400, ""},
      {"wrong type", R"({"event_id": 5, "account_id": ["x"]})", 400, ""},
      {"unknown field", R"({"event_id":"z","account_id":"ACME","colour":"red"})", 400, "colour"},
      {"no body", R"({"event_id":"z","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z"})",
       400, ""},
      {"negative amount", negative, 400, "amount"},
      {"unknown currency", unknown_currency, 400, "XYZ"},
      {"impossible date", bad_date, 400, "2026-02-30"},
      {"due before issue", due_before_issue, 400, "due_date"},
      {"empty body", "", 400, ""},
      {"huge body", std::string(100 * 1024, ' '), 413, ""},
  };
  for (const Case& c : cases) {
    httplib::Result result = Post(c.body);
    ASSERT_TRUE(result) << c.what;
    EXPECT_EQ(result->status, c.status) << c.what << ": " << result->body;
    v1::ErrorResponse error;
    EXPECT_TRUE(ParseJson(result->body, &error).ok()) << c.what << ": " << result->body;
    EXPECT_FALSE(error.message().empty()) << c.what;
    EXPECT_NE(error.message().find(c.reason_mentions), std::string::npos)
        << c.what << ": " << error.message();
  }
  EXPECT_EQ(RecordsInLog(), records) << "no bad request may append to the log";
}

TEST_F(HttpApiTest, QueriesAnswerNotFoundBadDateAndServeHealthAndMetrics) {
  EXPECT_EQ(client_->Get("/v1/accounts/NOBODY")->status, 404);
  ASSERT_EQ(Post(kOpen)->status, 200);
  httplib::Result bad = client_->Get("/v1/accounts/ACME?as_of=yesterday");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("as_of"), std::string::npos);
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
  EXPECT_EQ(client_->Get("/readyz")->status, 200);
  httplib::Result metrics = client_->Get("/metrics");
  ASSERT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("arledger_events_applied_total 1"), std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("arledger_http_requests_total{route=\"/v1/events\",code=\"200\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("arledger_consumer_lag_records{partition=\"0\"} 0"),
            std::string::npos);
  // Routes whose handlers leave the status to httplib's default are counted as sent (200).
  EXPECT_NE(metrics->body.find("arledger_http_requests_total{route=\"/healthz\",code=\"200\"} 1"),
            std::string::npos)
      << metrics->body;
  EXPECT_EQ(metrics->body.find("code=\"-1\""), std::string::npos) << metrics->body;
}

}  // namespace
}  // namespace arledger::testing
