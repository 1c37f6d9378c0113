// Proves that ledgerd can be SIGKILLed at any moment without an event being lost, applied twice
// or skipped, and without losing an append it acknowledged.
//
// How: `ledgerctl simulate` writes a seeded portfolio (>= 100k events) into a journal. ledgerd
// consumes it as a child process and is SIGKILLed at seeded random moments (>= 30), restarted
// each time; the moments are spread over the catch-up by measuring how far the store got after
// each kill, and a few kills land during startup. Throughout, an appender posts new invoices
// over HTTP; then more kills land while ledgerd, caught up, is taking those appends. Finally
// ledgerd catches up and stops cleanly, and:
//   - the store's digest (every read model, meta included) equals a clean replay's;
//   - every projection counter equals the clean replay's, and the counters (applied + rejected
//     + skipped + duplicate + dead letters) sum to the number of records in the log: each
//     record was folded exactly once. A record folded twice (state committed without its
//     offsets) would count as a duplicate; one skipped (offsets without state) would leave the
//     sum short and the digest different;
//   - every append ledgerd acknowledged before a kill is in the store at the position it
//     answered.
// Replays the same random draws with ARLEDGER_SEED; sizes from ARLEDGER_CRASH_ACCOUNTS (of the
// portfolio), ARLEDGER_CRASH_KILLS (during catch-up) and ARLEDGER_CRASH_APPEND_KILLS.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <thread>

#include "arledger/v1/events.pb.h"
#include "consumers/event_log.h"
#include "projections/projector.h"
#include "projections/store.h"
#include "service/replay.h"
#include "tests/integration/crash_appender_testing.h"
#include "tests/support/logged_child.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {
namespace {

using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
// CI's ASan+UBSan Debug pass runs ~10x slower: it kills over ~43k events to stay within its time;
// the normal pass covers the issue's >= 100k.
constexpr int kDefaultAccounts = 1500;
constexpr int64_t kDefaultRecordsMin = 40000;
#else
constexpr int kDefaultAccounts = 4000;  // About 115k events over kMonths.
constexpr int64_t kDefaultRecordsMin = 100000;
#endif
// ledgerd's batch bound in the harness: a commit every 1000 records gives the kills many batch
// boundaries to land between (the default, 5000, gives ~23 in a whole catch-up).
constexpr char kLedgerdConfig[] = "[log]\nbatch_records_max = 1000\n";
constexpr int kMonths = 12;
constexpr int kDefaultCatchUpKills = 30;
constexpr int kDefaultAppendKills = 10;
constexpr int kSimulateTimeoutMs = 120000;
constexpr int kStartupTimeoutMs = 30000;
constexpr int kCatchUpTimeoutMs = 150000;
constexpr int kStopTimeoutMs = 30000;
constexpr int kFirstWindowMs = 300;      // Kill window before the consumption rate is known.
constexpr int kWindowMsMax = 5000;       // Bound on one kill window.
constexpr int kStartupKillOneIn = 8;     // About one kill in this many lands during startup.
constexpr int kAppendWindowMsMin = 50;   // Kills while appending: this long after ready
constexpr int kAppendWindowMsMax = 400;  // up to this.
constexpr int kReadyPollMs = 20;
constexpr int kEndOffsetsSettleMs = 600;  // Beyond ledgerd's end-offset refresh (200 ms).

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

uint64_t Seed() {
  if (const char* fixed = std::getenv("ARLEDGER_SEED"); fixed != nullptr && *fixed != '\0') {
    return std::strtoull(fixed, nullptr, 10);
  }
  return std::random_device()();
}

int64_t Sum(const std::vector<int64_t>& values) {
  int64_t sum = 0;
  for (int64_t value : values) sum += value;
  return sum;
}

int64_t FoldedRecords(const v1::ProjectionMeta& meta) {
  int64_t sum = 0;
  for (const v1::PartitionMeta& partition : meta.partitions()) sum += partition.next_offset();
  return sum;
}

int64_t CounterSum(const v1::ProjectionMeta& meta) {
  return meta.events_applied() + meta.events_rejected() + meta.events_skipped_unknown() +
         meta.events_duplicate() + meta.dead_letters();
}

class CrashHarnessTest : public ::testing::Test {
 protected:
  std::string journal() const { return "journal:" + dir_.path() + "/journal"; }
  std::string store() const { return dir_.path() + "/store"; }

  std::unique_ptr<LoggedChild> StartLedgerd() {
    const std::string config = dir_.path() + "/ledgerd.toml";
    if (runs_ == 0) std::ofstream(config) << kLedgerdConfig;
    const std::string output = dir_.path() + "/ledgerd-" + std::to_string(runs_++) + ".log";
    return std::make_unique<LoggedChild>(
        std::vector<std::string>{LEDGERD_PATH, "--config", config, "--log", journal(), "--store",
                                 store(), "--listen", "127.0.0.1:0", "--log-format", "text"},
        output);
  }

  // Records folded into the store so far, read from a point-in-time view (no lock taken).
  int64_t Folded() {
    std::unique_ptr<Store> view;
    StoreOptions options;
    options.read_only = true;
    if (!Store::Open(store(), options, &view).ok()) return 0;  // Not created yet.
    v1::ProjectionMeta meta;
    EXPECT_TRUE(view->ReadMeta(&meta).ok());
    return FoldedRecords(meta);
  }

  // Polls /readyz until ledgerd has caught up with the log; false if it does not in time.
  bool WaitReady(int port, int timeout_ms) {
    httplib::Client client("127.0.0.1", port);
    for (int waited_ms = 0; waited_ms < timeout_ms; waited_ms += kReadyPollMs) {
      httplib::Result result = client.Get("/readyz");
      if (result && result->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(kReadyPollMs));
    }
    return false;
  }

  // Starts ledgerd, lets the appender post to it once it listens, and SIGKILLs it `delay_ms`
  // after the start — or, with `after_ready`, `delay_ms` after it has caught up. Fails the test
  // if ledgerd ended by itself before the kill.
  void RunAndKill(int delay_ms, bool after_ready, HttpAppender* appender) {
    Clock::time_point started = Clock::now();
    std::unique_ptr<LoggedChild> ledgerd = StartLedgerd();
    ASSERT_TRUE(ledgerd->started());
    const std::string port =
        ledgerd->WaitForOutput(listening_, after_ready ? kStartupTimeoutMs : delay_ms);
    if (!port.empty()) {
      startup_ms_ = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count());
      appender->SetPort(std::stoi(port));
    }
    if (after_ready) {
      ASSERT_FALSE(port.empty()) << ledgerd->Output();
      ASSERT_TRUE(WaitReady(std::stoi(port), kCatchUpTimeoutMs)) << ledgerd->Output();
      started = Clock::now();
    }
    std::this_thread::sleep_until(started + std::chrono::milliseconds(delay_ms));
    ledgerd->Signal(SIGKILL);
    appender->SetPort(0);
    ASSERT_EQ(ledgerd->Wait(kStopTimeoutMs), 128 + SIGKILL) << ledgerd->Output();
    ++kills_;
  }

  TempDir dir_;
  const std::regex listening_{"listening on 127\\.0\\.0\\.1:(\\d+)"};
  int runs_ = 0;
  int kills_ = 0;
  int startup_ms_ = 200;  // The last startup measured (spawn to listening).
};

TEST_F(CrashHarnessTest, SigkillAtSeededMomentsLosesNothingAndAppliesEachRecordOnce) {
  const uint64_t seed = Seed();
  const int accounts = EnvInt("ARLEDGER_CRASH_ACCOUNTS", kDefaultAccounts);
  const int catch_up_kills = EnvInt("ARLEDGER_CRASH_KILLS", kDefaultCatchUpKills);
  const int append_kills = EnvInt("ARLEDGER_CRASH_APPEND_KILLS", kDefaultAppendKills);
  std::printf("crash harness: seed %llu (replay with ARLEDGER_SEED=%llu), %d accounts\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
              accounts);
  std::mt19937_64 random(seed);
  const Clock::time_point test_started = Clock::now();

  const ChildRun simulated = RunChild(
      {LEDGERCTL_PATH, "simulate", "--accounts", std::to_string(accounts), "--months",
       std::to_string(kMonths), "--seed", std::to_string(seed % 1000000), "--out", journal()},
      dir_.path() + "/simulate.log", kSimulateTimeoutMs);
  ASSERT_EQ(simulated.exit_code, 0) << simulated.output;
  std::printf("%s", simulated.output.substr(0, simulated.output.find('\n') + 1).c_str());
  int64_t simulated_records = 0;
  {
    std::unique_ptr<EventLog> log;
    ASSERT_TRUE(EventLog::Open(journal(), kEventsTopic, {}, &log).ok());
    std::vector<int64_t> end;
    ASSERT_TRUE(log->EndOffsets(&end).ok());
    simulated_records = Sum(end);
  }
  if (accounts == kDefaultAccounts) {
    ASSERT_GE(simulated_records, kDefaultRecordsMin);
  }

  HttpAppender appender;
  // Kills during catch-up: each window is the time the rest would take at the rate seen so far,
  // shared among the kills left, so that the kills spread over the whole catch-up.
  int64_t folded = 0;
  double consuming_ms = 0;
  int window_ms = kFirstWindowMs;
  int kills_mid_catch_up = 0;
  for (int kill = 0; kill < catch_up_kills; ++kill) {
    const bool during_startup = random() % kStartupKillOneIn == 0;
    const int delay_ms = during_startup
                             ? static_cast<int>(random() % (startup_ms_ + 1))
                             : startup_ms_ + static_cast<int>(random() % (window_ms + 1));
    ASSERT_NO_FATAL_FAILURE(RunAndKill(delay_ms, /*after_ready=*/false, &appender));
    const int64_t now_folded = Folded();
    if (now_folded < simulated_records) ++kills_mid_catch_up;
    consuming_ms += std::max(0, delay_ms - startup_ms_);
    if (now_folded > 0 && consuming_ms > 0) {
      const double rate_per_ms = static_cast<double>(now_folded) / consuming_ms;
      const double rest_ms = static_cast<double>(simulated_records - now_folded) / rate_per_ms;
      window_ms = std::clamp(static_cast<int>(rest_ms / (catch_up_kills - kill)), 1, kWindowMsMax);
    } else if (now_folded == folded && !during_startup) {
      window_ms = std::min(window_ms * 2, kWindowMsMax);
    }
    folded = now_folded;
  }
  std::printf(
      "crash harness: %d kills during catch-up (%d before it finished), %lld of %lld "
      "simulated records folded by then\n",
      catch_up_kills, kills_mid_catch_up, static_cast<long long>(folded),
      static_cast<long long>(simulated_records));
  // Kills while ledgerd, caught up, takes appends.
  for (int kill = 0; kill < append_kills; ++kill) {
    const int delay_ms = kAppendWindowMsMin +
                         static_cast<int>(random() % (kAppendWindowMsMax - kAppendWindowMsMin + 1));
    ASSERT_NO_FATAL_FAILURE(RunAndKill(delay_ms, /*after_ready=*/true, &appender));
  }
  const size_t acked_before_last_kill = appender.acked().size();

  // The last run: catch up, stop appending, stop cleanly.
  {
    std::unique_ptr<LoggedChild> ledgerd = StartLedgerd();
    const std::string port = ledgerd->WaitForOutput(listening_, kStartupTimeoutMs);
    ASSERT_FALSE(port.empty()) << ledgerd->Output();
    appender.SetPort(std::stoi(port));
    ASSERT_TRUE(WaitReady(std::stoi(port), kCatchUpTimeoutMs)) << ledgerd->Output();
    appender.Stop();
    // The last appends may not be applied yet, and readiness compares with end offsets that are
    // refreshed every 200 ms: let them refresh, then wait until ready again.
    std::this_thread::sleep_for(std::chrono::milliseconds(kEndOffsetsSettleMs));
    ASSERT_TRUE(WaitReady(std::stoi(port), kCatchUpTimeoutMs)) << ledgerd->Output();
    ledgerd->Signal(SIGTERM);
    ASSERT_EQ(ledgerd->Wait(kStopTimeoutMs), 0) << ledgerd->Output();
  }
  const std::vector<AckedEvent> acked = appender.acked();
  std::printf(
      "crash harness: %d kills in all, %d appends posted, %zu acknowledged (%zu before "
      "the last kill), %.1f s so far\n",
      kills_, appender.attempted(), acked.size(), acked_before_last_kill,
      std::chrono::duration<double>(Clock::now() - test_started).count());
  EXPECT_GE(kills_, catch_up_kills + append_kills);
  EXPECT_GE(kills_mid_catch_up, catch_up_kills / 2) << "the kills should interrupt the catch-up";
  EXPECT_GT(acked_before_last_kill, 0u) << "some appends should be acknowledged before a kill";

  // The clean replay of the same log.
  std::unique_ptr<EventLog> log;
  EventLogOptions read_only;
  read_only.read_only = true;
  ASSERT_TRUE(EventLog::Open(journal(), kEventsTopic, read_only, &log).ok());
  std::vector<int64_t> end;
  ASSERT_TRUE(log->EndOffsets(&end).ok());
  ReplayReport clean;
  ASSERT_TRUE(ReplayInto(log.get(), dir_.path() + "/clean", ReplayOptions(), &clean).ok());
  std::unique_ptr<Store> clean_store;
  ASSERT_TRUE(Store::Open(dir_.path() + "/clean", StoreOptions(), &clean_store).ok());
  v1::ProjectionMeta clean_meta;
  ASSERT_TRUE(clean_store->ReadMeta(&clean_meta).ok());

  std::unique_ptr<Store> live;
  ASSERT_TRUE(Store::Open(store(), StoreOptions(), &live).ok());
  v1::ProjectionMeta meta;
  ASSERT_TRUE(live->ReadMeta(&meta).ok());
  StoreDigest digest;
  ASSERT_TRUE(live->ComputeDigest(&digest).ok());

  EXPECT_EQ(FoldedRecords(meta), Sum(end));
  EXPECT_EQ(CounterSum(meta), Sum(end)) << "every record folded exactly once";
  EXPECT_EQ(meta.events_applied(), clean_meta.events_applied());
  EXPECT_EQ(meta.events_rejected(), clean_meta.events_rejected());
  EXPECT_EQ(meta.events_skipped_unknown(), clean_meta.events_skipped_unknown());
  EXPECT_EQ(meta.events_duplicate(), clean_meta.events_duplicate());
  EXPECT_EQ(meta.dead_letters(), clean_meta.dead_letters());
  for (int model = 0; model < kReadModelCount; ++model) {
    EXPECT_EQ(digest.per_model_hex[model], clean.digest.per_model_hex[model])
        << ReadModelName(static_cast<ReadModel>(model));
  }
  EXPECT_EQ(digest.combined_hex, clean.digest.combined_hex);

  for (const AckedEvent& ack : acked) {
    v1::EventEnvelope event;
    event.set_event_id(ack.event_id);
    event.set_account_id(ack.account_id);
    event.mutable_invoice_issued();
    v1::EventRecord record;
    bool found = false;
    ASSERT_TRUE(live->GetEventRecord(EventDedupeKey(event, 0), &record, &found).ok());
    ASSERT_TRUE(found) << ack.event_id << " was acknowledged but is not in the store";
    EXPECT_EQ(record.partition(), ack.position.partition) << ack.event_id;
    EXPECT_EQ(record.offset(), ack.position.offset) << ack.event_id;
  }
  std::printf("crash harness: %lld records in the log, digest %s, %.1f s in all\n",
              static_cast<long long>(Sum(end)), digest.combined_hex.c_str(),
              std::chrono::duration<double>(Clock::now() - test_started).count());
}

}  // namespace
}  // namespace arledger::testing
