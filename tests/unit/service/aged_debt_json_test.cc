// Proves that the aged debt report's direct JSON writer (projections/aged_debt_json.cc) prints
// exactly the bytes of the protobuf JSON mapping (service/json.h's ToJson), which clients and
// docs/openapi.json rely on: reports with and without lines, groups and totals, int64 extremes,
// and strings needing every kind of escape (quotes, backslashes, control characters, '<', '>',
// DEL, U+2028/U+2029, other non-ASCII UTF-8) are compared byte for byte.
#include <gtest/gtest.h>

#include <limits>

#include "projections/aged_debt_query.h"
#include "service/json.h"

namespace arledger {
namespace {

void Fill(v1::AgingBuckets* buckets, const std::string& currency, int64_t base) {
  buckets->set_currency(currency);
  buckets->set_current_minor(base);
  buckets->set_days_1_30_minor(base + 1);
  buckets->set_days_31_60_minor(0);
  buckets->set_days_61_90_minor(-base);
  buckets->set_days_91_120_minor(std::numeric_limits<int64_t>::max());
  buckets->set_days_over_120_minor(std::numeric_limits<int64_t>::min());
}

TEST(AgedDebtJsonTest, AnEmptyReportMatchesTheProtobufPrinter) {
  v1::AgedDebtReport report;
  EXPECT_EQ(AgedDebtJson(report), ToJson(report));
}

TEST(AgedDebtJsonTest, AFullReportWithAwkwardStringsMatchesTheProtobufPrinterByteForByte) {
  const std::vector<std::string> awkward = {"plain",
                                            "quote\"and\\backslash",
                                            "tab\tnew\nline\rfeed\fback\b",
                                            "\x01\x1f\x7f",
                                            "<script>&'",
                                            "\xc2\xa3 \xe2\x82\xac \xe4\xb8\xad",
                                            "\xe2\x80\xa8 \xe2\x80\xa9 \xe2\x80\xa7",
                                            ""};
  v1::AgedDebtReport report;
  report.set_as_of("2026-03-31");
  report.set_group_by("collector");
  report.set_basis("index");
  report.set_horizon_date("2026-03-30");
  for (size_t i = 0; i < awkward.size(); ++i) {
    v1::AgedDebtLine* line = report.add_lines();
    line->set_account_id(awkward[i]);
    line->set_collector_id(awkward[(i + 1) % awkward.size()]);
    line->set_portfolio(awkward[(i + 2) % awkward.size()]);
    for (size_t c = 0; c < i % 3; ++c) Fill(line->add_aging(), c == 0 ? "GBP" : "EUR", 100 * i);
    v1::AgedDebtGroup* group = report.add_groups();
    group->set_group(awkward[i]);
    group->set_accounts(static_cast<int64_t>(i));
    if (i % 2 == 0) Fill(group->add_totals(), "JPY", 7);
  }
  Fill(report.add_totals(), "GBP", 12345);
  Fill(report.add_totals(), "USD", 0);
  EXPECT_EQ(AgedDebtJson(report) + "\n", ToJson(report) + "\n");
  v1::AgedDebtReport parsed;
  ASSERT_TRUE(ParseJson(AgedDebtJson(report), &parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), report.SerializeAsString());
}

}  // namespace
}  // namespace arledger
