// Backup and restore of a running ledgerd's store, on both logs (journal; Kafka mock cluster).
//
// Proves that POST /v1/admin/backup, taken while a publisher keeps appending events, writes a
// consistent checkpoint and tells the truth about it: the copy's own digest is the one
// answered, and it equals a clean replay of the log up to the answered offsets (so no half
// batch and no offset ahead of or behind its data). Then a new ledgerd started on a copy of
// the backup resumes from those offsets, catches up with the events published after the
// backup, and reaches the live store's digest. Also: a non-empty target and a relative path
// are refused.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "arledger/v1/admin.pb.h"
#include "service/json.h"
#include "service/replay.h"
#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

constexpr int kAccountsBefore = 40;    // Published before the backup starts.
constexpr int kAccountsAfterMin = 10;  // Published after the backup answered.
constexpr int kAccountsLoadMax = 400;  // Bound on the publisher while the backup runs.

std::vector<v1::EventEnvelope> AccountEvents(int account) {
  const std::string id = "B" + std::to_string(account);
  return {
      AccountOpened(id + ":open", id, "2026-01-01"),
      InvoiceIssued(id + ":i1", id, id + "-I1", 10000 + account, "GBP", "2026-01-02", "2026-02-01"),
      PaymentReceived(id + ":p1", id, id + "-P1", 4000, "GBP", "2026-02-05")};
}

bool PublishAccount(LedgerService& service, int account) {
  v1::PublishResponse response;
  return service.Publish(AccountEvents(account), &response).ok();
}

std::string DigestOf(const std::string& directory) {
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  std::unique_ptr<Store> store;
  EXPECT_TRUE(Store::Open(directory, options, &store).ok());
  StoreDigest digest;
  EXPECT_TRUE(store && store->ComputeDigest(&digest).ok());
  return digest.combined_hex;
}

std::string ReplayDigestUpTo(const ServiceFixture& fixture, const std::vector<int64_t>& stop,
                             const std::string& directory) {
  std::unique_ptr<EventLog> log;
  EXPECT_TRUE(EventLog::Open(fixture.log_spec(), kEventsTopic, EventLogOptions(), &log).ok());
  ReplayOptions options;
  options.stop_offsets = stop;
  ReplayReport report;
  const Status replayed = ReplayInto(log.get(), directory, options, &report);
  EXPECT_TRUE(replayed.ok()) << replayed.ToString();
  return report.digest.combined_hex;
}

class BackupTest : public ::testing::TestWithParam<Backend> {};

TEST_P(BackupTest, ABackupTakenUnderLoadRestoresAndCatchesUpToTheLiveDigest) {
  ServiceFixture fixture(GetParam());
  const std::string root = fixture.NewStoreDirectory() + "-work";
  std::filesystem::create_directories(root);
  std::unique_ptr<LedgerService> live = fixture.StartService(fixture.NewStoreDirectory());
  for (int account = 0; account < kAccountsBefore; ++account) {
    ASSERT_TRUE(PublishAccount(*live, account));
  }
  RunningApi api(live.get());

  std::atomic<bool> backup_answered{false};
  std::atomic<int> published{kAccountsBefore};
  std::atomic<int> published_after{0};
  std::thread publisher([&] {
    // Load while the backup runs, up to kAccountsLoadMax accounts (a slow machine may take the
    // backup longer than that: the publisher then waits for the answer), then kAccountsAfterMin
    // more after it answered. At most kAccountsLoadMax + kAccountsAfterMin accounts in all.
    for (int account = kAccountsBefore; published_after.load() < kAccountsAfterMin; ++account) {
      while (account >= kAccountsLoadMax && !backup_answered.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      const bool after = backup_answered.load();
      if (!PublishAccount(*live, account)) break;
      published = account + 1;
      if (after) ++published_after;
    }
  });
  while (published.load() == kAccountsBefore) std::this_thread::yield();  // Load is running.
  const std::string backup_directory = root + "/backup";
  auto answer = api.client().Post(
      "/v1/admin/backup", "{\"directory\": \"" + backup_directory + "\"}", "application/json");
  backup_answered = true;
  publisher.join();
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  ASSERT_GE(published_after.load(), kAccountsAfterMin);
  v1::BackupResponse report;
  ASSERT_TRUE(ParseJson(answer->body, &report).ok()) << answer->body;
  EXPECT_GE(report.records(), 3 * kAccountsBefore);
  EXPECT_LT(report.records(), 3 * published.load());  // Events came after the checkpoint.
  EXPECT_EQ(report.projection_version(), kProjectionVersion);

  // The answer describes the copy, and the copy is a whole-batch state of the log.
  EXPECT_EQ(DigestOf(backup_directory), report.digest());
  const std::vector<int64_t> offsets(report.next_offsets().begin(), report.next_offsets().end());
  EXPECT_EQ(ReplayDigestUpTo(fixture, offsets, root + "/replayed"), report.digest());

  // Restore: a new ledgerd on a copy resumes from the offsets and catches up.
  const std::string restored_directory = root + "/restored";
  std::filesystem::copy(backup_directory, restored_directory,
                        std::filesystem::copy_options::recursive);
  std::unique_ptr<LedgerService> restored = fixture.StartService(restored_directory);
  ASSERT_NE(restored, nullptr);
  fixture.WaitCaughtUp(*restored);
  fixture.WaitCaughtUp(*live);
  StoreDigest restored_digest, live_digest;
  ASSERT_TRUE(restored->store().ComputeDigest(&restored_digest).ok());
  ASSERT_TRUE(live->store().ComputeDigest(&live_digest).ok());
  EXPECT_EQ(restored_digest.combined_hex, live_digest.combined_hex);
  EXPECT_NE(restored_digest.combined_hex, report.digest());

  // A target that holds something, and a relative one, are refused.
  auto again = api.client().Post(
      "/v1/admin/backup", "{\"directory\": \"" + backup_directory + "\"}", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 422) << again->body;
  auto relative =
      api.client().Post("/v1/admin/backup", "{\"directory\": \"backup\"}", "application/json");
  ASSERT_TRUE(relative);
  EXPECT_EQ(relative->status, 400) << relative->body;
}

INSTANTIATE_TEST_SUITE_P(Logs, BackupTest, ::testing::Values(Backend::kJournal, Backend::kKafka),
                         BackendName);

}  // namespace
}  // namespace arledger::testing
