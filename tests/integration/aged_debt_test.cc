// Proves the aged debt report against hand-worked figures, over HTTP, as JSON and CSV.
//
// As of 2026-03-31 (days past due = as_of - due_date; bucket upper bounds inclusive):
//   A (alice): A1 GBP 100.00 due 03-31 -> 0 days, current.
//              A2 GBP 200.00 due 03-01 -> 30 days, 1-30; a 50.00 payment on 03-10 without
//              remittance goes oldest-due first, to A2 -> 150.00 open.
//   B (bob):   B1 GBP 300.00 due 2025-11-30 -> 31+31+28+31 = 121 days, 120+.
//              B2 EUR  40.00 due 01-30 -> 1+28+31 = 60 days, 31-60.
//   C (alice): C1 GBP  70.00 due 01-01 -> 30+28+31 = 89 days, 61-90; paid on 04-05, after as_of,
//              so the 03-31 view still shows it open.
// GBP totals: current 10000, 1-30 15000, 61-90 7000, 120+ 30000. EUR: 31-60 4000.
// alice: 2 accounts, GBP current 10000, 1-30 15000, 61-90 7000. bob: 1 account, GBP 120+ 30000,
// EUR 31-60 4000 — never summed across currencies.
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "arledger/v1/api.pb.h"
#include "service/http_api.h"
#include "service/json.h"
#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

const v1::AgingBuckets* Find(const google::protobuf::RepeatedPtrField<v1::AgingBuckets>& all,
                             const std::string& currency) {
  for (const v1::AgingBuckets& b : all) {
    if (b.currency() == currency) return &b;
  }
  return nullptr;
}

class AgedDebtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    service_ = fixture_.StartService(fixture_.NewStoreDirectory());
    ASSERT_NE(service_, nullptr);
    const std::vector<v1::EventEnvelope> events = {
        AccountOpened("a0", "A", "2026-01-01", "alice"),
        InvoiceIssued("a1", "A", "A1", 10000, "GBP", "2026-03-01", "2026-03-31"),
        InvoiceIssued("a2", "A", "A2", 20000, "GBP", "2026-02-01", "2026-03-01"),
        PaymentReceived("a3", "A", "PA", 5000, "GBP", "2026-03-10"),
        AccountOpened("b0", "B", "2025-10-01", "bob"),
        InvoiceIssued("b1", "B", "B1", 30000, "GBP", "2025-10-31", "2025-11-30"),
        InvoiceIssued("b2", "B", "B2", 4000, "EUR", "2025-12-31", "2026-01-30"),
        AccountOpened("c0", "C", "2025-12-01", "alice"),
        InvoiceIssued("c1", "C", "C1", 7000, "GBP", "2025-12-02", "2026-01-01"),
        PaymentReceived("c2", "C", "PC", 7000, "GBP", "2026-04-05"),
    };
    v1::PublishResponse published;
    ASSERT_TRUE(service_->Publish(events, &published).ok());
    for (const v1::EventResult& result : published.results()) {
      ASSERT_EQ(result.status(), "applied") << result.event_id() << ": " << result.reason();
    }
    api_ = std::make_unique<RunningApi>(service_.get());
    client_ = &api_->client();
  }

  ServiceFixture fixture_{Backend::kJournal};
  std::unique_ptr<LedgerService> service_;
  std::unique_ptr<RunningApi> api_;
  httplib::Client* client_ = nullptr;
};

TEST_F(AgedDebtTest, TotalsAndGroupsMatchTheHandWorkedFigures) {
  httplib::Result result = client_->Get("/v1/reports/aged-debt?as_of=2026-03-31");
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  v1::AgedDebtReport report;
  ASSERT_TRUE(ParseJson(result->body, &report).ok());
  const v1::AgingBuckets* gbp = Find(report.totals(), "GBP");
  const v1::AgingBuckets* eur = Find(report.totals(), "EUR");
  ASSERT_NE(gbp, nullptr);
  ASSERT_NE(eur, nullptr);
  EXPECT_EQ(gbp->current_minor(), 10000);
  EXPECT_EQ(gbp->days_1_30_minor(), 15000);
  EXPECT_EQ(gbp->days_31_60_minor(), 0);
  EXPECT_EQ(gbp->days_61_90_minor(), 7000);
  EXPECT_EQ(gbp->days_91_120_minor(), 0);
  EXPECT_EQ(gbp->days_over_120_minor(), 30000);
  EXPECT_EQ(eur->days_31_60_minor(), 4000);
  EXPECT_EQ(eur->current_minor() + eur->days_1_30_minor() + eur->days_over_120_minor(), 0);
  ASSERT_EQ(report.groups_size(), 2);
  EXPECT_EQ(report.groups(0).group(), "alice");
  EXPECT_EQ(report.groups(0).accounts(), 2);
  EXPECT_EQ(Find(report.groups(0).totals(), "GBP")->days_61_90_minor(), 7000);
  EXPECT_EQ(Find(report.groups(0).totals(), "EUR"), nullptr);
  EXPECT_EQ(report.groups(1).group(), "bob");
  EXPECT_EQ(Find(report.groups(1).totals(), "EUR")->days_31_60_minor(), 4000);
  ASSERT_EQ(report.lines_size(), 3);
  EXPECT_EQ(report.lines(0).account_id(), "A");
}

TEST_F(AgedDebtTest, AfterTheLatePaymentAccountCLeavesTheReport) {
  v1::AgedDebtReport report;
  ASSERT_TRUE(
      ParseJson(client_->Get("/v1/reports/aged-debt?as_of=2026-04-05")->body, &report).ok());
  for (const v1::AgedDebtLine& line : report.lines()) EXPECT_NE(line.account_id(), "C");
  EXPECT_EQ(report.lines_size(), 2);
}

TEST_F(AgedDebtTest, CsvHasOneRowPerAccountCurrencyGroupAndTotal) {
  httplib::Headers headers = {{"Accept", "text/csv"}};
  httplib::Result result =
      client_->Get("/v1/reports/aged-debt?as_of=2026-03-31&group_by=portfolio", headers);
  ASSERT_EQ(result->status, 200);
  EXPECT_EQ(result->get_header_value("Content-Type"), "text/csv");
  EXPECT_NE(result->body.find("account,B,bob,,EUR,0,0,4000,0,0,0,4000\n"), std::string::npos)
      << result->body;
  EXPECT_NE(result->body.find("total,,,,GBP,10000,15000,0,7000,0,30000,62000\n"), std::string::npos)
      << result->body;
  EXPECT_NE(result->body.find("portfolio,,,,GBP"), std::string::npos) << result->body;
}

TEST_F(AgedDebtTest, BadParametersAre400WithTheField) {
  httplib::Result result = client_->Get("/v1/reports/aged-debt?group_by=region");
  EXPECT_EQ(result->status, 400);
  EXPECT_NE(result->body.find("group_by"), std::string::npos);
  EXPECT_EQ(client_->Get("/v1/reports/aged-debt?as_of=2026-02-30")->status, 400);
}

}  // namespace
}  // namespace arledger::testing
