// Proves GET /v1/kpis over HTTP on 127.0.0.1 against figures worked by hand, for the period
// 2026-03-01 .. 2026-03-31 (31 days).
//
// Account K (GBP, collector kate):
//   01-15 invoice J 600.00 due 02-14        02-10 invoice F 560.00 due 03-12
//   02-15 promise P0 100.00 by 02-20        02-20 payment 100.00 (oldest due first: J -> 500.00)
//   03-01 promise P1 300.00 by 03-15        03-15 payment 300.00 (J -> 200.00)
//   03-16 promise P2 200.00 by 03-25        03-16 promise P3 by 03-20, cancelled 03-18
//   03-20 invoice M 310.00 due 04-19        03-25 credit note 50.00 against F (F -> 510.00)
//   03-28 promise P4 100.00 by 03-31
// Receivables: opening (end of 02-28) = 600 + 560 - 100 = 1,060.00; closing (end of 03-31) =
// 1,060 + 310 - 300 - 50 = 1,020.00; closing current (not yet due on 03-31) = M = 310.00.
// Credit sales in March = 310.00 (invoices; credit notes are counted apart); cash 300.00.
//
// Countback DSO, walking back from 03-31 with R = 1,020.00:
//   March (31 days, sales 310.00): R > 310 -> 31 days,           R = 710.00
//   February (28 days, sales 560.00): R > 560 -> 28 days,        R = 150.00
//   January (31 days, sales 600.00): R <= 600 -> 31 x 150/600 = 7.75 days, stop.
//   DSO = 31 + 28 + 7.75 = 66.75 days.
// Simple DSO = 1,020 / 310 x 31 = 102 days.
// CEI = (1,060 + 310 - 1,020) / (1,060 + 310 - 310) x 100 = 350 / 1,060 x 100 = 33.0188...%.
// Promises due in March, judged as of 03-31 (grace 0): P1 kept (300.00 arrived 03-15), P2 broken
// (nothing arrived 03-16..03-25), P3 cancelled and P4 pending (deadline 03-31 not yet passed)
// are excluded, P0 fell due in February: kept rate = 1 / (1 + 1) = 0.5.
//
// Account E (EUR, collector kate): 03-05 invoice 100.00 due 04-04; 03-10 legal referral with
// 100.00 assigned, closed 03-30 with 25.00 recovered. EUR stands apart from GBP: opening 0,
// closing 100.00 all current, sales 100.00, so countback = 31 x 100/100 = 31 days, simple = 31
// days, and CEI has a zero denominator (0 + 100 - 100) so it is absent.
#include <gtest/gtest.h>

#include "service/json.h"
#include "tests/integration/query_fixture.h"

namespace arledger::testing {
namespace {

class KpiRoutesTest : public QueryRoutesTest {
 protected:
  void SetUp() override {
    QueryRoutesTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(PublishApplied({
        JsonEvent("k0", "K", "2026-01-01",
                  R"("account_opened":{"name":"K","collector_id":"kate"})"),
        JsonEvent("k1", "K", "2026-01-15",
                  R"("invoice_issued":{"invoice_id":"J","issue_date":"2026-01-15",)"
                  R"("due_date":"2026-02-14","amount":)" +
                      Money(60000, "GBP") + "}"),
        JsonEvent("k2", "K", "2026-02-10",
                  R"("invoice_issued":{"invoice_id":"F","issue_date":"2026-02-10",)"
                  R"("due_date":"2026-03-12","amount":)" +
                      Money(56000, "GBP") + "}"),
        Promise("k3", "2026-02-15", "P0", 10000, "2026-02-20"),
        Payment("k4", "2026-02-20", "PAY0", 10000),
        Promise("k5", "2026-03-01", "P1", 30000, "2026-03-15"),
        Payment("k6", "2026-03-15", "PAY1", 30000),
        Promise("k7", "2026-03-16", "P2", 20000, "2026-03-25"),
        Promise("k8", "2026-03-16", "P3", 5000, "2026-03-20"),
        JsonEvent("k9", "K", "2026-03-18", R"("promise_cancelled":{"promise_id":"P3"})"),
        JsonEvent("k10", "K", "2026-03-20",
                  R"("invoice_issued":{"invoice_id":"M","issue_date":"2026-03-20",)"
                  R"("due_date":"2026-04-19","amount":)" +
                      Money(31000, "GBP") + "}"),
        JsonEvent("k11", "K", "2026-03-25",
                  R"("credit_note_issued":{"credit_note_id":"CN1","invoice_id":"F","amount":)" +
                      Money(5000, "GBP") + "}"),
        Promise("k12", "2026-03-28", "P4", 10000, "2026-03-31"),
        JsonEvent("e0", "E", "2026-03-01",
                  R"("account_opened":{"name":"E","collector_id":"kate"})"),
        JsonEvent("e1", "E", "2026-03-05",
                  R"("invoice_issued":{"invoice_id":"E1","issue_date":"2026-03-05",)"
                  R"("due_date":"2026-04-04","amount":)" +
                      Money(10000, "EUR") + "}"),
        JsonEvent("e2", "E", "2026-03-10",
                  R"("referral_made":{"referral_id":"R1","type":"REFERRAL_TYPE_LEGAL",)"
                  R"("value_assigned":)" +
                      Money(10000, "EUR") + "}"),
        JsonEvent("e3", "E", "2026-03-30",
                  R"("referral_closed":{"referral_id":"R1","outcome":"paid in part",)"
                  R"("amount_recovered":)" +
                      Money(2500, "EUR") + "}"),
    }));
  }

  static v1::EventEnvelope Promise(const std::string& id, const std::string& date,
                                   const std::string& promise_id, int64_t amount_minor,
                                   const std::string& promise_date) {
    return JsonEvent(id, "K", date,
                     R"("promise_made":{"promise_id":")" + promise_id + R"(","amount":)" +
                         Money(amount_minor, "GBP") + R"(,"promise_date":")" + promise_date +
                         R"("})");
  }
  static v1::EventEnvelope Payment(const std::string& id, const std::string& date,
                                   const std::string& payment_id, int64_t amount_minor) {
    return JsonEvent(id, "K", date,
                     R"("payment_received":{"payment_id":")" + payment_id + R"(","amount":)" +
                         Money(amount_minor, "GBP") +
                         R"(,"method":"PAYMENT_METHOD_BANK_TRANSFER"})");
  }

  static const v1::CurrencyKpis* Find(const v1::KpiReport& report, const std::string& currency) {
    for (const v1::CurrencyKpis& kpis : report.currencies()) {
      if (kpis.currency() == currency) return &kpis;
    }
    return nullptr;
  }
};

// The GBP figures of the hand-worked example above, field by field, month by month.
TEST_F(KpiRoutesTest, GbpFiguresMatchTheHandWorkedExample) {
  v1::KpiReport report;
  ASSERT_NO_FATAL_FAILURE(GetJson("/v1/kpis?from=2026-03-01&to=2026-03-31", 200, &report));
  EXPECT_EQ(report.days(), 31);
  const v1::CurrencyKpis* gbp = Find(report, "GBP");
  ASSERT_NE(gbp, nullptr);
  EXPECT_EQ(gbp->opening_receivables_minor(), 106000);
  EXPECT_EQ(gbp->closing_receivables_minor(), 102000);
  EXPECT_EQ(gbp->closing_current_receivables_minor(), 31000);
  EXPECT_EQ(gbp->credit_sales_minor(), 31000);
  EXPECT_EQ(gbp->cash_collected_minor(), 30000);
  EXPECT_EQ(gbp->credit_notes(), 1);
  EXPECT_EQ(gbp->credit_notes_minor(), 5000);
  EXPECT_EQ(gbp->write_offs(), 0);
  ASSERT_EQ(gbp->countback_size(), 3);
  EXPECT_EQ(gbp->countback(0).from(), "2026-03-01");
  EXPECT_EQ(gbp->countback(0).to(), "2026-03-31");
  EXPECT_EQ(gbp->countback(0).credit_sales_minor(), 31000);
  EXPECT_DOUBLE_EQ(gbp->countback(0).days_counted(), 31);
  EXPECT_EQ(gbp->countback(1).from(), "2026-02-01");
  EXPECT_EQ(gbp->countback(1).to(), "2026-02-28");
  EXPECT_EQ(gbp->countback(1).credit_sales_minor(), 56000);
  EXPECT_DOUBLE_EQ(gbp->countback(1).days_counted(), 28);
  EXPECT_EQ(gbp->countback(2).from(), "2026-01-01");
  EXPECT_EQ(gbp->countback(2).credit_sales_minor(), 60000);
  EXPECT_DOUBLE_EQ(gbp->countback(2).days_counted(), 7.75);
  EXPECT_DOUBLE_EQ(gbp->dso_countback_days(), 66.75);
  EXPECT_FALSE(gbp->dso_countback_capped());
  EXPECT_DOUBLE_EQ(gbp->dso_simple_days(), 102.0);
  EXPECT_NEAR(gbp->cei_percent(), 350.0 / 1060.0 * 100.0, 1e-9);
  EXPECT_EQ(gbp->promises_kept(), 1);
  EXPECT_EQ(gbp->promises_broken(), 1);
  EXPECT_DOUBLE_EQ(gbp->promise_kept_rate(), 0.5);
}

// EUR is reported on its own (never summed with GBP), the referral by type, and a CEI whose
// denominator is zero is absent from the answer rather than a division by zero.
TEST_F(KpiRoutesTest, EurStandsApartWithReferralsAndNoCei) {
  v1::KpiReport report;
  ASSERT_NO_FATAL_FAILURE(
      GetJson("/v1/kpis?from=2026-03-01&to=2026-03-31&currency=EUR", 200, &report));
  ASSERT_EQ(report.currencies_size(), 1);
  const v1::CurrencyKpis& eur = report.currencies(0);
  EXPECT_EQ(eur.currency(), "EUR");
  EXPECT_EQ(eur.opening_receivables_minor(), 0);
  EXPECT_EQ(eur.closing_receivables_minor(), 10000);
  EXPECT_EQ(eur.closing_current_receivables_minor(), 10000);
  EXPECT_DOUBLE_EQ(eur.dso_countback_days(), 31);
  EXPECT_DOUBLE_EQ(eur.dso_simple_days(), 31);
  EXPECT_FALSE(eur.has_cei_percent());
  EXPECT_FALSE(eur.has_promise_kept_rate());
  ASSERT_EQ(eur.referrals_size(), 1);
  EXPECT_EQ(eur.referrals(0).type(), v1::REFERRAL_TYPE_LEGAL);
  EXPECT_EQ(eur.referrals(0).made(), 1);
  EXPECT_EQ(eur.referrals(0).value_assigned_minor(), 10000);
  EXPECT_EQ(eur.referrals(0).closed(), 1);
  EXPECT_EQ(eur.referrals(0).recovered_minor(), 2500);
}

// February alone: opening 600.00 (J, issued in January), sales 560.00 (F), cash 100.00,
// closing = 600 + 560 - 100 = 1,060.00; the March events are after `to` and count for nothing
// (the current receivables come from the exact basis). Closing current on
// 02-28: F (due 03-12) = 560.00; J is overdue. CEI = (600 + 560 - 1,060) / (600 + 560 - 560) x
// 100 = 100 / 600 x 100 = 16.67%. Countback from 02-28, R = 1,060: February 560 -> 28 days,
// R = 500; January 600 -> 31 x 500/600 = 25.8333 days: 53.8333 days. P0 (due 02-20) was kept
// and is February's only promise: rate 1.
TEST_F(KpiRoutesTest, AnEarlierPeriodIsExactInBusinessTime) {
  v1::KpiReport report;
  ASSERT_NO_FATAL_FAILURE(
      GetJson("/v1/kpis?from=2026-02-01&to=2026-02-28&currency=GBP", 200, &report));
  ASSERT_EQ(report.currencies_size(), 1);
  const v1::CurrencyKpis& gbp = report.currencies(0);
  EXPECT_EQ(report.current_basis(), "exact");
  EXPECT_EQ(gbp.opening_receivables_minor(), 60000);
  EXPECT_EQ(gbp.closing_receivables_minor(), 106000);
  EXPECT_EQ(gbp.closing_current_receivables_minor(), 56000);
  EXPECT_EQ(gbp.credit_sales_minor(), 56000);
  EXPECT_EQ(gbp.cash_collected_minor(), 10000);
  EXPECT_NEAR(gbp.cei_percent(), 100.0 / 600.0 * 100.0, 1e-9);
  EXPECT_NEAR(gbp.dso_countback_days(), 28 + 31.0 * 500 / 600, 1e-9);
  EXPECT_NEAR(gbp.dso_simple_days(), 106000.0 / 56000.0 * 28, 1e-9);
  EXPECT_EQ(gbp.promises_kept(), 1);
  EXPECT_EQ(gbp.promises_broken(), 0);
  EXPECT_DOUBLE_EQ(gbp.promise_kept_rate(), 1.0);
}

}  // namespace
}  // namespace arledger::testing
