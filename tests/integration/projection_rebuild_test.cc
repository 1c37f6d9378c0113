// Blue/green projection rebuild (service/store_generation.h), on the embedded journal.
//
// A store is written by a build that stands for the previous projection version (the version
// is injected through ServiceOptions). A service of the current version opened on it must
// move it aside to DIR.v<old>, answer queries from it while rebuilding DIR from offset 0,
// switch over once caught up, retire the old store, and end with the digest of a clean replay
// — polling an account over HTTP before and throughout the rebuild, every answer a 200 with
// the right balance. The bad record the old store dead-lettered is not dead-lettered twice.
// A second test stops the service after the rebuild was prepared but before it ran, and shows
// the next start resumes it (and keeps the old store when asked to). A third shows a layout
// older than this build can read is not served during the rebuild.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "service/replay.h"
#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr int kAccounts = 150;
constexpr int32_t kOldVersion = kProjectionVersion - 1;
constexpr int kSwitchWaitMs = 30000;
constexpr char kPolledAccount[] = "G7";

std::vector<v1::EventEnvelope> AccountEvents(int account) {
  const std::string id = "G" + std::to_string(account);
  return {AccountOpened(id + ":open", id, "2026-01-01"),
          InvoiceIssued(id + ":i1", id, id + "-I1", 10000, "GBP", "2026-01-02", "2026-02-01"),
          PaymentReceived(id + ":p1", id, id + "-P1", 4000, "GBP", "2026-02-05")};
}

// Writes kAccounts accounts and one undecodable record with an old projection version.
void WriteOldStore(ServiceFixture& fixture, const std::string& directory,
                   int32_t version = kOldVersion) {
  ServiceOptions options = fixture.OptionsFor(directory);
  options.projection_version = version;
  std::unique_ptr<LedgerService> old = fixture.StartService(options);
  ASSERT_NE(old, nullptr);
  for (int account = 0; account < kAccounts; ++account) {
    v1::PublishResponse response;
    ASSERT_TRUE(old->Publish(AccountEvents(account), &response).ok());
  }
  fixture.AppendRaw({AppendRecord{"BAD", "not a protobuf envelope"}});
  fixture.WaitCaughtUp(*old);
  ASSERT_TRUE(old->Stop().ok());
}

std::string CleanReplayDigest(const ServiceFixture& fixture, const std::string& directory) {
  std::unique_ptr<EventLog> log;
  EXPECT_TRUE(EventLog::Open(fixture.log_spec(), kEventsTopic, EventLogOptions(), &log).ok());
  ReplayReport report;
  const Status replayed = ReplayInto(log.get(), directory, ReplayOptions(), &report);
  EXPECT_TRUE(replayed.ok()) << replayed.ToString();
  return report.digest.combined_hex;
}

// One GET of the polled account: its status, and whether the balance is the expected 60.00.
std::pair<int, bool> PollAccount(RunningApi& api) {
  auto answer =
      api.client().Get(std::string("/v1/accounts/") + kPolledAccount + "?as_of=2026-03-01");
  if (!answer) return {0, false};
  return {answer->status, answer->body.find("\"balance_minor\":\"6000\"") != std::string::npos};
}

bool Exists(const std::string& path) { return std::filesystem::exists(path); }

// Waits (bounded) until the previous store is retired: marker gone.
void WaitRetired(const std::string& directory) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSwitchWaitMs);
  while (Exists(directory + ".rebuild") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(Exists(directory + ".rebuild"));
}

TEST(ProjectionRebuildTest, AVersionChangeRebuildsAndSwitchesOverWhileQueriesKeepBeingAnswered) {
  ServiceFixture fixture(Backend::kJournal);
  const std::string directory = fixture.NewStoreDirectory();
  const std::string previous = directory + ".v" + std::to_string(kOldVersion);
  WriteOldStore(fixture, directory);

  ServiceOptions options = fixture.OptionsFor(directory);
  options.loop_options.batch_records_max = 20;  // Many batches: the rebuild takes a while.
  std::unique_ptr<LedgerService> service = fixture.OpenService(options);
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kRebuilding);
  EXPECT_EQ(service->rebuild_status().previous_version, kOldVersion);
  EXPECT_TRUE(Exists(previous));
  EXPECT_TRUE(Exists(directory + ".rebuild"));

  RunningApi api(service.get());
  // Nothing rebuilt yet: the answer can only come from the previous store.
  EXPECT_EQ(PollAccount(api), std::make_pair(200, true));
  EXPECT_EQ(api.client().Get("/readyz")->status, 200);
  const std::string metrics = api.client().Get("/metrics")->body;
  EXPECT_NE(metrics.find("arledger_rebuild_state{state=\"rebuilding\"} 1"), std::string::npos)
      << metrics;

  ASSERT_TRUE(service->Start().ok());
  int answers = 0, answers_while_rebuilding = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSwitchWaitMs);
  while (service->rebuild_status().state != RebuildStatus::State::kSwitched &&
         std::chrono::steady_clock::now() < deadline) {
    const RebuildStatus before = service->rebuild_status();
    EXPECT_EQ(PollAccount(api), std::make_pair(200, true)) << "during the rebuild";
    ++answers;
    if (before.state == RebuildStatus::State::kRebuilding) ++answers_while_rebuilding;
  }
  ASSERT_EQ(service->rebuild_status().state, RebuildStatus::State::kSwitched);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(PollAccount(api), std::make_pair(200, true));
  std::printf("rebuild: %d answers polled, %d while rebuilding\n", answers,
              answers_while_rebuilding);
  WaitRetired(directory);
  EXPECT_FALSE(Exists(previous)) << "deleted (keep_previous_store is false)";

  StoreDigest digest;
  ASSERT_TRUE(service->store().ComputeDigest(&digest).ok());
  EXPECT_EQ(digest.combined_hex, CleanReplayDigest(fixture, fixture.NewStoreDirectory()));
  v1::ProjectionMeta meta;
  ASSERT_TRUE(service->store().ReadMeta(&meta).ok());
  EXPECT_EQ(meta.projection_version(), kProjectionVersion);
  EXPECT_EQ(meta.dead_letters(), 1);
  EXPECT_EQ(fixture.ReadDeadLetters(2, 500).size(), 1u) << "dead-lettered once, not again";
  const std::string after = api.client().Get("/metrics")->body;
  EXPECT_NE(after.find("arledger_rebuild_state{state=\"switched\"} 1"), std::string::npos);
  const std::string records = std::to_string(3 * kAccounts + 1);
  EXPECT_NE(after.find("arledger_rebuild_records{kind=\"replayed\"} " + records), std::string::npos)
      << after;
  EXPECT_NE(after.find("arledger_rebuild_records{kind=\"total\"} " + records), std::string::npos);
}

TEST(ProjectionRebuildTest, ARebuildStoppedBeforeItRanResumesAtTheNextStartAndCanKeepTheOldStore) {
  ServiceFixture fixture(Backend::kJournal);
  const std::string directory = fixture.NewStoreDirectory();
  const std::string previous = directory + ".v" + std::to_string(kOldVersion);
  WriteOldStore(fixture, directory);
  ServiceOptions options = fixture.OptionsFor(directory);
  options.keep_previous_store = true;
  { ASSERT_NE(fixture.OpenService(options), nullptr); }  // Prepared on disk, never started.
  ASSERT_TRUE(Exists(directory + ".rebuild"));

  std::unique_ptr<LedgerService> service = fixture.OpenService(options);
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kRebuilding);
  v1::AccountView view;
  ASSERT_TRUE(service->GetAccountView(kPolledAccount, *Date::Parse("2026-03-01"), &view).ok());
  EXPECT_EQ(view.balances(0).balance_minor(), 6000);  // Served by the previous store.
  ASSERT_TRUE(service->Start().ok());
  fixture.WaitCaughtUp(*service);
  WaitRetired(directory);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kSwitched);
  EXPECT_TRUE(Exists(previous)) << "kept (keep_previous_store)";
  StoreDigest digest;
  ASSERT_TRUE(service->store().ComputeDigest(&digest).ok());
  EXPECT_EQ(digest.combined_hex, CleanReplayDigest(fixture, fixture.NewStoreDirectory()));

  // The next start finds a current store and rebuilds nothing.
  ASSERT_TRUE(service->Stop().ok());
  service.reset();
  service = fixture.StartService(options);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kNone);
}

// A store older than kProjectionVersionServableMin has a layout this build's queries would
// misread: it is not served. Queries read the new store as it fills (an account not yet
// replayed is not there) and /readyz is 503 until the rebuild has caught up, as for a new
// replica; then the switch completes and the old store is deleted.
TEST(ProjectionRebuildTest, AnUnreadableOldLayoutIsNotServedAndReadinessWaitsForTheRebuild) {
  static_assert(kProjectionVersionServableMin > 1);
  ServiceFixture fixture(Backend::kJournal);
  const std::string directory = fixture.NewStoreDirectory();
  WriteOldStore(fixture, directory, kProjectionVersionServableMin - 1);
  std::unique_ptr<LedgerService> service = fixture.OpenService(fixture.OptionsFor(directory));
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kRebuilding);
  EXPECT_FALSE(service->Ready());
  v1::AccountView view;
  const Status missing = service->GetAccountView(kPolledAccount, *Date::Parse("2026-03-01"), &view);
  EXPECT_EQ(missing.code(), StatusCode::kNotFound) << "not read from the old layout";

  ASSERT_TRUE(service->Start().ok());
  fixture.WaitCaughtUp(*service);
  WaitRetired(directory);
  EXPECT_EQ(service->rebuild_status().state, RebuildStatus::State::kSwitched);
  EXPECT_TRUE(service->Ready());
  ASSERT_TRUE(service->GetAccountView(kPolledAccount, *Date::Parse("2026-03-01"), &view).ok());
  EXPECT_EQ(view.balances(0).balance_minor(), 6000);
  EXPECT_FALSE(Exists(directory + ".v" + std::to_string(kProjectionVersionServableMin - 1)));
  StoreDigest digest;
  ASSERT_TRUE(service->store().ComputeDigest(&digest).ok());
  EXPECT_EQ(digest.combined_hex, CleanReplayDigest(fixture, fixture.NewStoreDirectory()));
}

}  // namespace
}  // namespace arledger::testing
