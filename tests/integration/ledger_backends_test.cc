// The same end-to-end suite against both event logs — the embedded journal and Kafka (through
// librdkafka's mock cluster: 3 brokers, 8 partitions, real wire protocol on loopback). It
// proves that events appended to the log reach the projections with the right balances, that
// a consumer restarted mid-stream applies nothing twice and misses nothing, that duplicates are
// no-ops, that garbage reaches the dead-letter log with a reason while later good events still
// apply, and that a replay from offset 0 reproduces the live store's digest.
#include <gtest/gtest.h>

#include "core/date.h"
#include "service/log_scan.h"
#include "service/replay.h"
#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr int kAccounts = 40;

AppendRecord Rec(const v1::EventEnvelope& event) { return {event.account_id(), Serialize(event)}; }

// Per account: opened, two invoices of 100.00 and 50.00, a payment of 30.00 (oldest first).
std::vector<AppendRecord> Portfolio(int first_account, int accounts) {
  std::vector<AppendRecord> records;
  for (int a = first_account; a < first_account + accounts; ++a) {
    const std::string id = "ACC" + std::to_string(a);
    records.push_back(Rec(AccountOpened(id + ":open", id, "2026-01-01")));
    records.push_back(
        Rec(InvoiceIssued(id + ":i1", id, id + "-I1", 10000, "GBP", "2026-01-02", "2026-02-01")));
    records.push_back(
        Rec(InvoiceIssued(id + ":i2", id, id + "-I2", 5000, "GBP", "2026-01-20", "2026-02-19")));
    records.push_back(Rec(PaymentReceived(id + ":p1", id, id + "-P1", 3000, "GBP", "2026-02-05")));
  }
  return records;
}

void ExpectBalance(LedgerService& service, const std::string& account_id, int64_t balance_minor) {
  v1::AccountView view;
  Status status = service.GetAccountView(account_id, *Date::Parse("2026-03-01"), &view);
  ASSERT_TRUE(status.ok()) << account_id << ": " << status.ToString();
  ASSERT_EQ(view.balances_size(), 1) << account_id;
  EXPECT_EQ(view.balances(0).balance_minor(), balance_minor) << account_id;
}

std::string LiveDigest(const LedgerService& service) {
  StoreDigest digest;
  EXPECT_TRUE(service.store().ComputeDigest(&digest).ok());
  return digest.combined_hex;
}

class LedgerBackendsTest : public ::testing::TestWithParam<Backend> {};

TEST_P(LedgerBackendsTest, AppendedEventsReachTheProjectedBalances) {
  ServiceFixture fixture(GetParam());
  fixture.AppendRaw(Portfolio(0, kAccounts));
  std::unique_ptr<LedgerService> service = fixture.StartService(fixture.NewStoreDirectory());
  fixture.WaitCaughtUp(*service);
  for (int a = 0; a < kAccounts; ++a) ExpectBalance(*service, "ACC" + std::to_string(a), 12000);
  v1::ProjectionMeta meta;
  ASSERT_TRUE(service->store().ReadMeta(&meta).ok());
  EXPECT_EQ(meta.events_applied(), 4 * kAccounts);
  EXPECT_EQ(meta.dead_letters(), 0);
}

TEST_P(LedgerBackendsTest, RestartMidStreamAppliesNothingTwiceAndMissesNothing) {
  ServiceFixture fixture(GetParam());
  const std::string store = fixture.NewStoreDirectory();
  fixture.AppendRaw(Portfolio(0, kAccounts / 2));
  {
    std::unique_ptr<LedgerService> service = fixture.StartService(store);
    fixture.WaitCaughtUp(*service);
    ASSERT_TRUE(service->Stop().ok());
  }
  fixture.AppendRaw(Portfolio(kAccounts / 2, kAccounts / 2));
  std::unique_ptr<LedgerService> service = fixture.StartService(store);
  fixture.WaitCaughtUp(*service);
  v1::ProjectionMeta meta;
  ASSERT_TRUE(service->store().ReadMeta(&meta).ok());
  EXPECT_EQ(meta.events_applied(), 4 * kAccounts);
  EXPECT_EQ(meta.events_duplicate(), 0);
  for (int a = 0; a < kAccounts; ++a) ExpectBalance(*service, "ACC" + std::to_string(a), 12000);
}

TEST_P(LedgerBackendsTest, DuplicateDeliveriesAreNoOps) {
  ServiceFixture fixture(GetParam());
  std::vector<AppendRecord> records = Portfolio(0, 4);
  std::vector<AppendRecord> doubled = records;
  doubled.insert(doubled.end(), records.begin(), records.end());
  fixture.AppendRaw(doubled);
  std::unique_ptr<LedgerService> service = fixture.StartService(fixture.NewStoreDirectory());
  fixture.WaitCaughtUp(*service);
  v1::ProjectionMeta meta;
  ASSERT_TRUE(service->store().ReadMeta(&meta).ok());
  EXPECT_EQ(meta.events_applied(), 16);
  EXPECT_EQ(meta.events_duplicate(), 16);
  for (int a = 0; a < 4; ++a) ExpectBalance(*service, "ACC" + std::to_string(a), 12000);
}

TEST_P(LedgerBackendsTest, GarbageGoesToTheDeadLetterLogAndLaterEventsStillApply) {
  ServiceFixture fixture(GetParam());
  std::vector<AppendRecord> records = Portfolio(0, 2);
  v1::EventEnvelope mixed =
      InvoiceIssued("x:mixed", "ACC0", "BAD", 100, "GBP", "2026-01-02", "2026-02-01");
  mixed.mutable_invoice_issued()->add_lines()->mutable_amount()->set_currency("EUR");
  mixed.mutable_invoice_issued()->mutable_lines(0)->mutable_amount()->set_amount_minor(100);
  records.insert(records.begin() + 1, {"ACC0", std::string("\x08\x96\x01garbage\xff", 11)});
  records.insert(records.begin() + 2, Rec(mixed));
  records.push_back(Rec(PaymentReceived("ACC0:p2", "ACC0", "ACC0-P2", 2000, "GBP", "2026-02-06")));
  fixture.AppendRaw(records);
  std::unique_ptr<LedgerService> service = fixture.StartService(fixture.NewStoreDirectory());
  fixture.WaitCaughtUp(*service);
  ExpectBalance(*service, "ACC0", 10000);
  ExpectBalance(*service, "ACC1", 12000);
  std::vector<v1::DeadLetter> letters = fixture.ReadDeadLetters(2);
  ASSERT_EQ(letters.size(), 2u);
  std::sort(letters.begin(), letters.end(),
            [](const auto& a, const auto& b) { return a.offset() < b.offset(); });
  EXPECT_EQ(letters[0].reason(), v1::DEAD_LETTER_REASON_UNDECODABLE);
  EXPECT_EQ(letters[0].value(), std::string("\x08\x96\x01garbage\xff", 11));
  EXPECT_EQ(letters[1].reason(), v1::DEAD_LETTER_REASON_INVALID);
  EXPECT_FALSE(letters[1].detail().empty());
  EXPECT_EQ(letters[0].topic(), "ar.events");
}

TEST_P(LedgerBackendsTest, ReplayFromOffsetZeroReproducesTheLiveDigest) {
  ServiceFixture fixture(GetParam());
  std::vector<AppendRecord> records = Portfolio(0, kAccounts);
  records.push_back({"ACC1", "not an event"});
  fixture.AppendRaw(records);
  std::unique_ptr<LedgerService> service = fixture.StartService(fixture.NewStoreDirectory());
  fixture.WaitCaughtUp(*service);
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(fixture.log_spec(), kEventsTopic, EventLogOptions(), &log).ok());
  // The live consumer interleaved the partitions as they came; a replay reading them one at a
  // time, or all at once, folds to the same digest. A pass_records_max of 8 records sizes the
  // passes down to one partition each, and reads each partition (~20 records) in slices of its
  // accounts, as a log too large for memory is replayed.
  const std::string live = LiveDigest(*service);
  std::vector<int64_t> ends;
  ASSERT_TRUE(LogEndOffsets(log.get(), &ends).ok());
  size_t one_partition_passes = 0;
  size_t sliced_passes = 0;
  for (const int64_t end : ends) sliced_passes += end > 0 ? PassSlices(end, 8) : 0;
  for (const auto& [partitions_per_pass, pass_records_max] :
       std::vector<std::pair<size_t, int64_t>>{{0, kReplayPassRecordsMax},
                                               {1, kReplayPassRecordsMax},
                                               {1000, kReplayPassRecordsMax},
                                               {0, 8}}) {
    SCOPED_TRACE("partitions_per_pass=" + std::to_string(partitions_per_pass) +
                 " pass_records_max=" + std::to_string(pass_records_max));
    ReplayOptions options;
    options.partitions_per_pass = partitions_per_pass;
    options.pass_records_max = pass_records_max;
    ReplayReport report;
    Status status = ReplayInto(log.get(), fixture.NewStoreDirectory(), options, &report);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(report.records, static_cast<int64_t>(records.size()));
    EXPECT_EQ(report.digest.combined_hex, live);
    if (partitions_per_pass == 1) one_partition_passes = report.passes;
    if (partitions_per_pass == 1000) {
      EXPECT_EQ(report.passes, 1u);
    }
    if (pass_records_max == 8) {
      EXPECT_EQ(report.passes, sliced_passes);
      EXPECT_GE(report.slices_max, 2u);
    } else {
      EXPECT_EQ(report.slices_max, 1u);
    }
  }
  EXPECT_GT(one_partition_passes, 1u);
  EXPECT_GT(sliced_passes, one_partition_passes);
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerBackendsTest,
                         ::testing::Values(Backend::kJournal, Backend::kKafka), BackendName);

}  // namespace
}  // namespace arledger::testing
