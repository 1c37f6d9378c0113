// Proves the shipped binaries work as a newcomer would use them: ledgerd started on an
// ephemeral 127.0.0.1 port accepts an invoice and a payment over HTTP and shows the right
// balance; SIGTERM shuts it down cleanly with everything durable (a restart shows the same
// account); `ledgerctl publish` appends a JSON-lines file to the journal; `ledgerctl replay`
// rebuilds a store whose digest equals `ledgerctl digest` of the live one; `ledgerctl backup`
// of a running ledgerd restores into another.
#include <gtest/gtest.h>
#include <httplib.h>
#include <rocksdb/db.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "core/sha256.h"
#include "core/state_codec.h"
#include "projections/store.h"
#include "tests/support/child_process.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {
namespace {

using Child = ChildProcess;

class BinariesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Child> StartLedgerd(const std::vector<std::string>& extra_args = {}) {
    std::vector<std::string> args{LEDGERD_PATH,           "--log",    journal(),    "--store",
                                  dir_.path() + "/store", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto child = std::make_unique<Child>(std::move(args));
    const std::string port = child->WaitForLine(std::regex("listening on 127\\.0\\.0\\.1:(\\d+)"));
    EXPECT_FALSE(port.empty()) << child->output();
    port_ = port.empty() ? 0 : std::stoi(port);
    return child;
  }
  std::string journal() const { return "journal:" + dir_.path() + "/journal"; }
  int Ctl(std::vector<std::string> args, std::string* output) {
    args.insert(args.begin(), LEDGERCTL_PATH);
    Child child(args);
    *output = child.ReadAll();
    return child.Wait();
  }

  TempDir dir_;
  int port_ = 0;
};

constexpr char kEvents[] =
    R"({"event_id":"e1","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z","account_opened":{"name":"Acme"}})"
    "\n"
    R"({"event_id":"e2","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z","invoice_issued":{"invoice_id":"INV-1","issue_date":"2026-01-05","due_date":"2026-02-04","amount":{"amount_minor":120000,"currency":"GBP"}}})"
    "\n"
    R"({"event_id":"e3","account_id":"ACME","occurred_at":"2026-02-10T12:00:00Z","payment_received":{"payment_id":"P-1","amount":{"amount_minor":50000,"currency":"GBP"}}})"
    "\n";

TEST_F(BinariesTest, LedgerdServesPostsSurvivesSigtermAndReplayMatches) {
  {
    std::unique_ptr<Child> ledgerd = StartLedgerd();
    httplib::Client client("127.0.0.1", port_);
    httplib::Result posted = client.Post("/v1/events", kEvents, "application/x-ndjson");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    httplib::Result account = client.Get("/v1/accounts/ACME?as_of=2026-03-01");
    ASSERT_EQ(account->status, 200);
    EXPECT_NE(account->body.find("\"balance_minor\":\"70000\""), std::string::npos)
        << account->body;
    ledgerd->Signal(SIGTERM);
    EXPECT_EQ(ledgerd->Wait(), 0) << ledgerd->ReadAll();
  }
  {
    std::unique_ptr<Child> ledgerd = StartLedgerd();
    httplib::Client client("127.0.0.1", port_);
    httplib::Result account = client.Get("/v1/accounts/ACME?as_of=2026-03-01");
    ASSERT_TRUE(account);
    EXPECT_NE(account->body.find("\"balance_minor\":\"70000\""), std::string::npos)
        << account->body;
    ledgerd->Signal(SIGINT);
    EXPECT_EQ(ledgerd->Wait(), 0);
  }
  std::string live, live_flag_last, replayed;
  ASSERT_EQ(Ctl({"--json", "digest", "--store", dir_.path() + "/store"}, &live), 0) << live;
  // --json is taken after the subcommand too.
  ASSERT_EQ(Ctl({"digest", "--store", dir_.path() + "/store", "--json"}, &live_flag_last), 0)
      << live_flag_last;
  EXPECT_EQ(live_flag_last, live);
  ASSERT_EQ(
      Ctl({"--json", "replay", "--log", journal(), "--into", dir_.path() + "/replayed"}, &replayed),
      0)
      << replayed;
  std::smatch a, b;
  const std::regex digest("\"digest\": \"([0-9a-f]{64})\"");
  ASSERT_TRUE(std::regex_search(live, a, digest)) << live;
  ASSERT_TRUE(std::regex_search(replayed, b, digest)) << replayed;
  EXPECT_EQ(a[1].str(), b[1].str());
}

// Proves access control and commands in the shipped daemon: started with a config whose [auth]
// tokens file holds only SHA-256 hashes, ledgerd refuses requests without a known token (401),
// lets billing ingest an account and an invoice, and answers a collector's payment command
// once applied, with the balance lowered; no token appears in its output. Started without
// [auth], it warns that the API is open.
TEST_F(BinariesTest, LedgerdChecksBearerTokensAndServesCommands) {
  const std::string tokens_file = dir_.path() + "/tokens";
  std::ofstream(tokens_file) << "# ledgerd test principals\n"
                             << ToHex(Sha256::Of("billing-secret")) << " bill billing\n"
                             << ToHex(Sha256::Of("alice-secret")) << " alice collector\n";
  const std::string config_file = dir_.path() + "/ledgerd.toml";
  std::ofstream(config_file) << "[auth]\ntokens_file = \"" << tokens_file << "\"\n";
  {
    std::unique_ptr<Child> ledgerd = StartLedgerd({"--config", config_file});
    httplib::Client client("127.0.0.1", port_);
    httplib::Result refused = client.Post("/v1/events", kEvents, "application/x-ndjson");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401) << refused->body;
    EXPECT_EQ(client.Get("/healthz")->status, 200);
    const httplib::Headers billing = {{"Authorization", "Bearer billing-secret"}};
    httplib::Result posted = client.Post("/v1/events", billing, kEvents, "application/x-ndjson");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    const httplib::Headers alice = {{"Authorization", "Bearer alice-secret"},
                                    {"Idempotency-Key", "visit-2026-02-20"}};
    // The account is alice's only once assigned; the test events open it unassigned, so a
    // collector's command is refused until then.
    const std::string payment =
        R"({"amount":{"amount_minor":20000,"currency":"GBP"},"occurred_at":"2026-02-20T10:00:00Z"})";
    httplib::Result forbidden =
        client.Post("/v1/accounts/ACME/payments", alice, payment, "application/json");
    ASSERT_TRUE(forbidden);
    EXPECT_EQ(forbidden->status, 403) << forbidden->body;
    const std::string assign =
        R"({"event_id":"e4","account_id":"ACME","occurred_at":"2026-02-01T09:00:00Z",)"
        R"("account_updated":{"collector_id":"alice"}})";
    ASSERT_EQ(client.Post("/v1/events", billing, assign, "application/json")->status, 200);
    httplib::Result paid =
        client.Post("/v1/accounts/ACME/payments", alice, payment, "application/json");
    ASSERT_TRUE(paid);
    EXPECT_EQ(paid->status, 200) << paid->body;
    EXPECT_NE(paid->body.find("\"applied\""), std::string::npos) << paid->body;
    httplib::Result account = client.Get("/v1/accounts/ACME?as_of=2026-03-01", alice);
    ASSERT_TRUE(account);
    EXPECT_NE(account->body.find("\"balance_minor\":\"50000\""), std::string::npos)
        << account->body;
    // ledgerctl presents the token from ARLEDGER_TOKEN (never a flag); without it, 401.
    const std::string server = "http://127.0.0.1:" + std::to_string(port_);
    std::string ctl_output;
    EXPECT_EQ(Ctl({"--json", "account", "ACME", "--server", server, "--as-of", "2026-03-01"},
                  &ctl_output),
              1)
        << ctl_output;
    EXPECT_NE(ctl_output.find("401"), std::string::npos) << ctl_output;
    ::setenv("ARLEDGER_TOKEN", "alice-secret", 1);
    const int with_token = Ctl(
        {"--json", "account", "ACME", "--server", server, "--as-of", "2026-03-01"}, &ctl_output);
    ::unsetenv("ARLEDGER_TOKEN");
    EXPECT_EQ(with_token, 0) << ctl_output;
    EXPECT_NE(ctl_output.find("50000"), std::string::npos) << ctl_output;
    EXPECT_EQ(ctl_output.find("alice-secret"), std::string::npos) << ctl_output;
    ledgerd->Signal(SIGTERM);
    EXPECT_EQ(ledgerd->Wait(), 0);
    const std::string output = ledgerd->ReadAll();
    EXPECT_EQ(output.find("secret"), std::string::npos) << output;
    EXPECT_NE(output.find("access control on"), std::string::npos) << output;
  }
  std::unique_ptr<Child> open = StartLedgerd();
  EXPECT_NE(open->output().find("no [auth] tokens_file configured"), std::string::npos)
      << open->output();
}

// A flag given twice takes its last value, so a wrapper's defaults can be overridden after them
// (README: `ops/run --listen 127.0.0.1:9090`): here the second --store is the one served.
TEST_F(BinariesTest, LedgerdTakesTheLastValueOfAFlagGivenTwice) {
  const std::string second = dir_.path() + "/second-store";
  {
    std::unique_ptr<Child> ledgerd = StartLedgerd({"--store", second});
    httplib::Client client("127.0.0.1", port_);
    httplib::Result posted = client.Post("/v1/events", kEvents, "application/x-ndjson");
    ASSERT_TRUE(posted);
    ASSERT_EQ(posted->status, 200) << posted->body;
    ledgerd->Signal(SIGTERM);
    EXPECT_EQ(ledgerd->Wait(), 0) << ledgerd->ReadAll();
  }
  EXPECT_TRUE(std::filesystem::exists(second + "/CURRENT"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/store"));
}

TEST_F(BinariesTest, LedgerctlPublishesAFileAndRefusesAnInvalidOneWhole) {
  const std::string file = dir_.path() + "/events.jsonl";
  std::ofstream(file) << kEvents;
  std::string output;
  ASSERT_EQ(Ctl({"publish", file, "--to", journal()}, &output), 0) << output;
  EXPECT_NE(output.find("appended 3 event(s)"), std::string::npos) << output;

  const std::string bad = dir_.path() + "/bad.jsonl";
  std::ofstream(bad) << kEvents << "{\"event_id\": \"e9\", \"account_id\": \"X\"}\n";
  EXPECT_NE(Ctl({"publish", bad, "--to", journal()}, &output), 0);
  EXPECT_NE(output.find("line 4"), std::string::npos) << output;

  std::unique_ptr<Child> ledgerd = StartLedgerd();
  httplib::Client client("127.0.0.1", port_);
  // The journal held 3 records before ledgerd started; wait until it reports ready.
  for (int i = 0; i < 100 && client.Get("/readyz")->status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(Ctl({"--json", "account", "ACME", "--server",
                 "http://127.0.0.1:" + std::to_string(port_), "--as-of", "2026-03-01"},
                &output),
            0)
      << output;
  EXPECT_NE(output.find("\"balance_minor\":\"70000\""), std::string::npos) << output;
}

// Proves `ledgerctl verify` passes on an honest store and, after one account state is altered
// behind the projector's back, fails (exit 1) and names that account.
TEST_F(BinariesTest, VerifyPassesOnAnHonestStoreAndNamesATamperedAccount) {
  {
    std::unique_ptr<Child> ledgerd = StartLedgerd();
    httplib::Client client("127.0.0.1", port_);
    ASSERT_EQ(client.Post("/v1/events", kEvents, "application/x-ndjson")->status, 200);
    ledgerd->Signal(SIGTERM);
    ASSERT_EQ(ledgerd->Wait(), 0);
  }
  const std::string store_directory = dir_.path() + "/store";
  std::string output;
  EXPECT_EQ(Ctl({"verify", "--log", journal(), "--store", store_directory}, &output), 0) << output;
  EXPECT_NE(output.find("PASS"), std::string::npos) << output;
  {
    std::unique_ptr<Store> store;
    ASSERT_TRUE(Store::Open(store_directory, StoreOptions(), &store).ok());
    AccountState state;
    bool found = false;
    ASSERT_TRUE(store->GetAccount("ACME", &state, &found).ok());
    ASSERT_TRUE(found);
    state.items[0].open_minor = 1;  // A forged balance.
    std::string forged;
    EncodeAccountState(state, &forged);
    ASSERT_TRUE(
        store->db()
            ->Put(rocksdb::WriteOptions(), store->handle(ReadModel::kAccounts), "ACME", forged)
            .ok());
  }
  EXPECT_EQ(Ctl({"verify", "--log", journal(), "--store", store_directory}, &output), 1) << output;
  EXPECT_NE(output.find("FAIL"), std::string::npos) << output;
  EXPECT_NE(output.find("key 'ACME'"), std::string::npos) << output;
  EXPECT_NE(output.find("open_minor"), std::string::npos) << output;
}

// Proves the operator's backup path with the shipped binaries: `ledgerctl backup --server`
// makes the running ledgerd checkpoint its store and prints the offsets and digest;
// `ledgerctl digest` of the backup shows that digest; `ledgerctl backup --store` refuses the
// live store (ledgerd holds it) and names --server; a second ledgerd started with `--store` on
// the backup resumes from its offsets and catches up with an event published after it.
TEST_F(BinariesTest, LedgerctlBackupOfARunningLedgerdRestoresIntoAnotherLedgerd) {
  std::unique_ptr<Child> ledgerd = StartLedgerd();
  const int live_port = port_;
  httplib::Client client("127.0.0.1", live_port);
  ASSERT_EQ(client.Post("/v1/events", kEvents, "application/x-ndjson")->status, 200);
  const std::string backup = dir_.path() + "/backup";
  std::string output;
  ASSERT_EQ(Ctl({"--json", "backup", "--server", "http://127.0.0.1:" + std::to_string(live_port),
                 "--to", backup},
                &output),
            0)
      << output;
  std::smatch reported, copied;
  ASSERT_TRUE(std::regex_search(output, reported, std::regex("\"digest\":\"([0-9a-f]{64})\"")))
      << output;
  EXPECT_NE(output.find("\"records\":\"3\""), std::string::npos) << output;
  const std::string reported_digest = reported[1].str();  // Before `output` is reused.
  ASSERT_EQ(Ctl({"--json", "digest", "--store", backup}, &output), 0) << output;
  ASSERT_TRUE(std::regex_search(output, copied, std::regex("\"digest\": \"([0-9a-f]{64})\"")));
  EXPECT_EQ(copied[1].str(), reported_digest);
  EXPECT_NE(
      Ctl({"backup", "--store", dir_.path() + "/store", "--to", dir_.path() + "/b2"}, &output), 0);
  EXPECT_NE(output.find("--server"), std::string::npos) << output;
  // An event after the backup, then the live ledgerd stops (the journal admits one process).
  ASSERT_EQ(
      client
          .Post("/v1/events",
                R"({"event_id":"e4","account_id":"ACME","occurred_at":"2026-02-11T12:00:00Z",)"
                R"("payment_received":{"payment_id":"P-2","amount":{"amount_minor":100,)"
                R"("currency":"GBP"}}})",
                "application/json")
          ->status,
      200);
  ledgerd->Signal(SIGTERM);
  ASSERT_EQ(ledgerd->Wait(), 0);

  Child restored({LEDGERD_PATH, "--log", journal(), "--store", backup, "--listen", "127.0.0.1:0"});
  const std::string port = restored.WaitForLine(std::regex("listening on 127\\.0\\.0\\.1:(\\d+)"));
  ASSERT_FALSE(port.empty()) << restored.output();
  httplib::Client restored_client("127.0.0.1", std::stoi(port));
  for (int i = 0; i < 100 && restored_client.Get("/readyz")->status != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  httplib::Result account = restored_client.Get("/v1/accounts/ACME?as_of=2026-03-01");
  ASSERT_TRUE(account);
  EXPECT_NE(account->body.find("\"balance_minor\":\"69900\""), std::string::npos)
      << account->body;  // Caught up past the backup's offsets.
}

}  // namespace
}  // namespace arledger::testing
