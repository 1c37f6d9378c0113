// Proves `history` (service/account_history.h) shows an account as it stood, from the log
// alone. A hand-worked account: invoice 1,200.00 GBP on 5 Jan, payments of 500.00 on 10 Feb
// and 300.00 on 15 Mar, a repeat of the first payment and a reversal of an unknown payment, with
// another account's events in the same partition. --as-of 2026-03-01 shows 700.00 (the March
// payment is after the date and neither listed nor counted), 2026-03-31 shows 400.00; each
// record carries the fold's decision (applied, duplicate, rejected with its reason). --known-at
// folds only the records whose journal timestamp is at or before it: as known on 2 March the
// account still owes 700.00 even as of 31 March, the later records are counted as left out;
// without --as-of the view is taken on the known-at date.
#include "service/account_history.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/event_builders.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/service/audit_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

constexpr int32_t kPartitions = 2;
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kDay0Ms = 1'772'323'200'000;  // 2026-03-01T00:00:00Z; the log got the records
                                                // on day 1 (2 March) and day 2.

// An account id other than ACME whose records land in ACME's partition.
std::string NeighbourOfAcme() {
  for (int i = 0;; ++i) {
    const std::string id = "NEIGHBOUR-" + std::to_string(i);
    if (PartitionForKey(id, kPartitions) == PartitionForKey("ACME", kPartitions)) return id;
  }
}

v1::EventEnvelope UnknownPaymentReversed() {
  v1::EventEnvelope event = t::PaymentReceived("e6", "ACME", "X", 1, "GBP", "2026-03-20");
  event.mutable_payment_reversed()->set_payment_id("P-404");
  event.mutable_payment_reversed()->set_reason(v1::REVERSAL_REASON_CHARGEBACK);
  return event;
}

class AccountHistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EventLogOptions options;
    options.journal_partitions = kPartitions;
    ASSERT_TRUE(EventLog::Open("journal:" + dir_.path(), kEventsTopic, options, &log_).ok());
    const std::string neighbour = NeighbourOfAcme();
    const v1::EventEnvelope first_payment =
        t::PaymentReceived("e3", "ACME", "P-1", 50000, "GBP", "2026-02-10");
    t::AppendEvents(
        log_.get(),
        {t::AccountOpened("e1", "ACME", "2026-01-05"),
         t::InvoiceIssued("e2", "ACME", "INV-1", 120000, "GBP", "2026-01-05", "2026-02-04"),
         t::InvoiceIssued("n1", neighbour, "N-1", 999, "GBP", "2026-01-06", "2026-02-05"),
         first_payment},
        kDay0Ms + 1 * kDayMs);
    t::AppendEvents(
        log_.get(),
        {first_payment, t::PaymentReceived("e4", "ACME", "P-2", 30000, "GBP", "2026-03-15"),
         UnknownPaymentReversed()},
        kDay0Ms + 2 * kDayMs);
  }

  HistoryReport History(std::optional<std::string> as_of, std::optional<int64_t> known_at_ms) {
    HistoryQuery query;
    query.account_id = "ACME";
    if (as_of) query.as_of = Date::Parse(*as_of).value();
    query.known_at_ms = known_at_ms;
    HistoryReport report;
    const Status status = AccountHistory(
        log_.get(), query, dir_.path() + "/scratch-" + std::to_string(++runs_), nullptr, &report);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return report;
  }

  static int64_t GbpBalance(const HistoryReport& report) {
    for (const v1::AccountBalance& b : report.view.balances()) {
      if (b.currency() == "GBP") return b.balance_minor();
    }
    ADD_FAILURE() << "no GBP balance";
    return 0;
  }

  static std::string Listing(const HistoryReport& report) {
    std::string out;
    for (const HistoryEntry& e : report.events) {
      out += e.event_id + ":" + e.status + (e.reason.empty() ? "" : "(" + e.reason + ")") + " ";
    }
    return out;
  }

  t::TempDir dir_;
  std::unique_ptr<EventLog> log_;
  int runs_ = 0;
};

TEST_F(AccountHistoryTest, AsOfCountsOnlyEventsOnOrBeforeTheBusinessDate) {
  const HistoryReport march_1 = History("2026-03-01", std::nullopt);
  ASSERT_TRUE(march_1.found);
  EXPECT_EQ(march_1.partition, PartitionForKey("ACME", kPartitions));
  EXPECT_EQ(GbpBalance(march_1), 120000 - 50000);
  EXPECT_EQ(Listing(march_1), "e1:applied e2:applied e3:applied e3:duplicate ");
  EXPECT_EQ(march_1.records_read, 7);  // The whole partition, the neighbour's record too.

  const HistoryReport march_31 = History("2026-03-31", std::nullopt);
  EXPECT_EQ(GbpBalance(march_31), 120000 - 50000 - 30000);
  EXPECT_EQ(Listing(march_31),
            "e1:applied e2:applied e3:applied e3:duplicate e4:applied "
            "e6:rejected(payment P-404 is unknown) ");
  ASSERT_EQ(march_31.events.size(), 6u);
  EXPECT_EQ(march_31.events[4].business_date, "2026-03-15");
  EXPECT_EQ(march_31.events[4].event_type, "payment_received");
  EXPECT_EQ(march_31.events[4].timestamp_ms, kDay0Ms + 2 * kDayMs);
}

TEST_F(AccountHistoryTest, KnownAtLeavesOutRecordsAppendedAfterTheTimestamp) {
  const HistoryReport day_1 = History("2026-03-31", kDay0Ms + 1 * kDayMs);  // Inclusive.
  ASSERT_TRUE(day_1.found);
  EXPECT_EQ(GbpBalance(day_1), 120000 - 50000);
  EXPECT_EQ(Listing(day_1), "e1:applied e2:applied e3:applied ");
  EXPECT_EQ(day_1.records_after_known_at, 3);

  const HistoryReport before = History("2026-03-31", kDay0Ms + 1 * kDayMs - 1);
  EXPECT_FALSE(before.found);
  EXPECT_TRUE(before.events.empty());
  EXPECT_EQ(before.records_after_known_at, 6);

  const HistoryReport day_2 = History(std::nullopt, kDay0Ms + 2 * kDayMs);
  EXPECT_EQ(day_2.as_of.ToString(), "2026-03-03") << "as of defaults to the known-at date";
  EXPECT_EQ(Listing(day_2), "e1:applied e2:applied e3:applied e3:duplicate ")
      << "business dates after 3 March are not listed";
  EXPECT_EQ(GbpBalance(day_2), 120000 - 50000);
  EXPECT_EQ(day_2.records_after_known_at, 0);
}

TEST_F(AccountHistoryTest, AnAccountWithoutEventsIsNotFound) {
  HistoryQuery query;
  query.account_id = "NOBODY";
  HistoryReport report;
  ASSERT_TRUE(AccountHistory(log_.get(), query, dir_.path() + "/scratch", nullptr, &report).ok());
  EXPECT_FALSE(report.found);
  EXPECT_TRUE(report.events.empty());
}

// The scratch store is removed afterwards, so a directory holding anything is refused, untouched.
TEST_F(AccountHistoryTest, ANonEmptyScratchDirectoryIsRefusedAndLeftAlone) {
  const std::string scratch = dir_.path() + "/busy";
  std::filesystem::create_directories(scratch);
  std::ofstream(scratch + "/keep") << "someone's file";
  HistoryQuery query;
  query.account_id = "ACME";
  HistoryReport report;
  EXPECT_EQ(AccountHistory(log_.get(), query, scratch, nullptr, &report).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(std::filesystem::exists(scratch + "/keep"));
}

}  // namespace
}  // namespace arledger
