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
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include "projections/store.h"
#include "tests/support/temp_dir.h"

extern char** environ;

namespace arledger::testing {
namespace {

// A child process whose stdout+stderr we read line by line.
class Child {
 public:
  explicit Child(std::vector<std::string> argv) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_) fclose(out_);
  }
  // Reads output until a line matches `pattern` (bounded by lines); returns the match's group 1.
  std::string WaitForLine(const std::regex& pattern, int lines_max = 200) {
    std::array<char, 4096> line{};
    for (int i = 0; i < lines_max && fgets(line.data(), line.size(), out_); ++i) {
      output_ += line.data();
      std::cmatch match;
      if (std::regex_search(line.data(), match, pattern)) return match[1].str();
    }
    return "";
  }
  std::string ReadAll() {
    std::array<char, 4096> buffer{};
    size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), out_)) > 0) output_.append(buffer.data(), n);
    return output_;
  }
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  void Signal(int signal) { kill(pid_, signal); }
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string output_;
};

class BinariesTest : public ::testing::Test {
 protected:
  std::unique_ptr<Child> StartLedgerd() {
    auto child = std::make_unique<Child>(std::vector<std::string>{LEDGERD_PATH, "--log", journal(),
                                                                  "--store", dir_.path() + "/store",
                                                                  "--listen", "127.0.0.1:0"});
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
  std::string live, replayed;
  ASSERT_EQ(Ctl({"--json", "digest", "--store", dir_.path() + "/store"}, &live), 0) << live;
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
    v1::AccountState state;
    bool found = false;
    ASSERT_TRUE(store->GetAccount("ACME", &state, &found).ok());
    ASSERT_TRUE(found);
    state.mutable_items(0)->set_open_minor(1);  // A forged balance.
    ASSERT_TRUE(store->db()
                    ->Put(rocksdb::WriteOptions(), store->handle(ReadModel::kAccounts), "ACME",
                          state.SerializeAsString())
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
