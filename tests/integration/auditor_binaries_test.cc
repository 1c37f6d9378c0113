// Proves the auditors' commands work through the shipped ledgerctl binary, as an auditor would
// run them: `audit-chain` passes on a journal and its replayed store and fails (exit 1) naming
// the partition and offset window when the log under the store holds other bytes; `history`
// shows a hand-worked balance as of a business date, and --known-at (RFC 3339 or epoch ms)
// leaves out a payment appended after that moment; `archive` copies a Kafka topic (mock
// cluster, reached over loopback) into a journal in two runs, or after being killed part-way,
// and the journal replays to the digest of the topic; every long-running command (replay, verify,
// audit-chain, archive) draws its progress line when stderr is a terminal (a pseudo-terminal here)
// and nothing on a pipe.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <regex>
#include <thread>

#include "consumers/event_log.h"
#include "tests/support/child_process.h"
#include "tests/support/event_builders.h"
#include "tests/support/kafka_mock_cluster.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {
namespace {

constexpr char kOpenedAndInvoiced[] =
    R"({"event_id":"e1","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z","account_opened":{"name":"Acme"}})"
    "\n"
    R"({"event_id":"e2","account_id":"ACME","occurred_at":"2026-01-05T09:00:00Z","invoice_issued":{"invoice_id":"INV-1","issue_date":"2026-01-05","due_date":"2026-02-04","amount":{"amount_minor":120000,"currency":"GBP"}}})"
    "\n"
    R"({"event_id":"e3","account_id":"ACME","occurred_at":"2026-02-10T12:00:00Z","payment_received":{"payment_id":"P-1","amount":{"amount_minor":50000,"currency":"GBP"}}})"
    "\n";
constexpr char kSecondPayment[] =
    R"({"event_id":"e4","account_id":"ACME","occurred_at":"2026-03-15T12:00:00Z","payment_received":{"payment_id":"P-2","amount":{"amount_minor":30000,"currency":"GBP"}}})"
    "\n";

class AuditorBinariesTest : public ::testing::Test {
 protected:
  // Runs ledgerctl; returns its exit status, with stdout and stderr in `output`.
  int Ctl(std::vector<std::string> args, std::string* output) {
    args.insert(args.begin(), LEDGERCTL_PATH);
    ChildProcess child(args);
    *output = child.ReadAll();
    return child.Wait();
  }
  // Runs ledgerctl with stderr on a pseudo-terminal; `terminal` gets what it drew there.
  int CtlOnTerminal(std::vector<std::string> args, std::string* output, std::string* terminal) {
    args.insert(args.begin(), LEDGERCTL_PATH);
    ChildProcess child(args, ChildProcess::StderrTo::kTerminal);
    *output = child.ReadAll();
    const int status = child.Wait();
    *terminal = child.TerminalOutput();
    return status;
  }
  void Publish(const std::string& events, const std::string& log_spec) {
    const std::string file = dir_.path() + "/events-" + std::to_string(++files_) + ".jsonl";
    std::ofstream(file) << events;
    std::string output;
    ASSERT_EQ(Ctl({"publish", file, "--to", log_spec}, &output), 0) << output;
  }
  std::string Digest(const std::string& log_spec, std::vector<std::string> extra = {}) {
    std::string output;
    const std::string into = dir_.path() + "/replay-" + std::to_string(++files_);
    std::vector<std::string> args = {"--json", "replay", "--log", log_spec, "--into", into};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_EQ(Ctl(args, &output), 0) << output;
    std::smatch match;
    EXPECT_TRUE(std::regex_search(output, match, std::regex("\"digest\": \"([0-9a-f]{64})\"")))
        << output;
    return match.size() > 1 ? match[1].str() : "";
  }
  // Records in the archive journal now, through a point-in-time view (0 before it exists).
  int64_t ArchivedRecords() {
    EventLogOptions read_only;
    read_only.read_only = true;
    std::unique_ptr<EventLog> log;
    std::vector<int64_t> end;
    if (!EventLog::Open(journal("archive"), kEventsTopic, read_only, &log).ok() ||
        !log->EndOffsets(&end).ok()) {
      return 0;
    }
    int64_t records = 0;
    for (int64_t offset : end) records += offset;
    return records;
  }
  std::string journal(const std::string& name = "journal") const {
    return "journal:" + dir_.path() + "/" + name;
  }

  TempDir dir_;
  int files_ = 0;
};

// An auditor's replay gives the same digest whatever number of threads folds it: a simulated
// portfolio (batches large enough to fold in parallel) replayed with 1, 2 and 5 shards.
TEST_F(AuditorBinariesTest, ReplayDigestDoesNotDependOnTheNumberOfShards) {
  std::string output;
  ASSERT_EQ(
      Ctl({"simulate", "--accounts", "120", "--months", "3", "--seed", "5", "--out", journal()},
          &output),
      0)
      << output;
  const std::string one = Digest(journal(), {"--shards", "1"});
  ASSERT_EQ(one.size(), 64u);
  EXPECT_EQ(Digest(journal(), {"--shards", "2"}), one);
  EXPECT_EQ(Digest(journal(), {"--shards", "5"}), one);
  EXPECT_NE(Ctl({"replay", "--log", journal(), "--into", dir_.path() + "/nine", "--shards", "9"},
                &output),
            0);
  EXPECT_NE(output.find("shards: must be within 1..8"), std::string::npos) << output;
}

TEST_F(AuditorBinariesTest, AuditChainPassesOnAnHonestLogAndNamesThePartitionWhenBytesDiffer) {
  Publish(std::string(kOpenedAndInvoiced) + kSecondPayment, journal());
  const std::string store = dir_.path() + "/store";
  std::string output;
  ASSERT_EQ(Ctl({"replay", "--log", journal(), "--into", store}, &output), 0) << output;
  ASSERT_EQ(Ctl({"audit-chain", "--log", journal(), "--store", store}, &output), 0) << output;
  EXPECT_NE(output.find("PASS: chained 4 record(s)"), std::string::npos) << output;

  // The same events but the first payment's amount changed: another log under the same store.
  std::string rewritten = std::string(kOpenedAndInvoiced) + kSecondPayment;
  rewritten.replace(rewritten.find("50000"), 5, "5000");
  Publish(rewritten, journal("rewritten"));
  EXPECT_EQ(Ctl({"audit-chain", "--log", journal("rewritten"), "--store", store}, &output), 1)
      << output;
  const std::string partition =
      std::to_string(PartitionForKey("ACME", EventLogOptions().journal_partitions));
  EXPECT_NE(output.find("FAIL"), std::string::npos) << output;
  EXPECT_NE(output.find("partition " + partition +
                        ": the log departs from what the store folded between offsets 0 and 3"),
            std::string::npos)
      << output;
  ASSERT_EQ(
      Ctl({"--json", "audit-chain", "--log", journal("rewritten"), "--store", store}, &output), 1);
  EXPECT_NE(output.find("\"equal\": false, \"log_short\": false, \"differs_from\": 0, "
                        "\"differs_to\": 3"),
            std::string::npos)
      << output;
}

TEST_F(AuditorBinariesTest, HistoryAsOfADateAndAsKnownAtAMoment) {
  Publish(kOpenedAndInvoiced, journal());
  const int64_t between_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // The next append is later.
  Publish(kSecondPayment, journal());
  const std::string between_rfc3339 = google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(between_ms));

  std::string output;
  ASSERT_EQ(Ctl({"history", "ACME", "--log", journal(), "--as-of", "2026-03-01"}, &output), 0)
      << output;
  EXPECT_NE(output.find("GBP balance 70000"), std::string::npos) << output;
  EXPECT_NE(output.find("payment_received"), std::string::npos) << output;
  EXPECT_EQ(output.find("e4"), std::string::npos) << "dated after 1 March: not listed\n" << output;

  ASSERT_EQ(Ctl({"history", "ACME", "--log", journal(), "--as-of", "2026-03-31"}, &output), 0)
      << output;
  EXPECT_NE(output.find("GBP balance 40000"), std::string::npos) << output;
  EXPECT_NE(output.find("e4"), std::string::npos) << output;

  for (const std::string& known_at : {between_rfc3339, std::to_string(between_ms)}) {
    ASSERT_EQ(Ctl({"--json", "history", "ACME", "--log", journal(), "--as-of", "2026-03-31",
                   "--known-at", known_at},
                  &output),
              0)
        << output;
    EXPECT_NE(output.find("\"balance_minor\":\"70000\""), std::string::npos) << output;
    EXPECT_NE(output.find("\"records_after_known_at\": 1"), std::string::npos) << output;
    EXPECT_EQ(output.find("\"e4\""), std::string::npos) << output;
  }
  EXPECT_EQ(Ctl({"history", "ACME", "--log", journal(), "--known-at", "last tuesday"}, &output), 2)
      << output;
  EXPECT_EQ(Ctl({"history", "NOBODY", "--log", journal()}, &output), 1) << output;
}

TEST_F(AuditorBinariesTest, ArchiveCopiesAKafkaTopicInTwoRunsToAJournalWithTheSameDigest) {
  KafkaMockCluster cluster;
  {
    std::unique_ptr<EventLog> kafka;
    ASSERT_TRUE(EventLog::Open(cluster.spec(), kEventsTopic, EventLogOptions(), &kafka).ok());
    std::vector<AppendRecord> records;
    for (int i = 0; i < 40; ++i) {
      const std::string account = "ACC-" + std::to_string(i % 7);
      records.push_back(
          {account,
           Serialize(InvoiceIssued("e" + std::to_string(i), account, "INV-" + std::to_string(i),
                                   100 + i, "GBP", "2026-01-05", "2026-02-04")),
           -1, 0});
    }
    std::vector<LogPosition> positions;
    ASSERT_TRUE(kafka->Append(records, &positions).ok());
  }
  std::string output;
  ASSERT_EQ(
      Ctl({"archive", "--from", cluster.spec(), "--to", journal("archive"), "--max-records", "15"},
          &output),
      0)
      << output;
  EXPECT_NE(output.find("archived 15 record(s)"), std::string::npos) << output;
  EXPECT_NE(output.find("25 left to copy"), std::string::npos) << output;
  ASSERT_EQ(
      Ctl({"--json", "archive", "--from", cluster.spec(), "--to", journal("archive")}, &output), 0)
      << output;
  EXPECT_NE(output.find("\"records_before\": 15, \"records_copied\": 25, \"records_left\": 0"),
            std::string::npos)
      << output;
  EXPECT_EQ(Digest(journal("archive")), Digest(cluster.spec()));
}

// An archive killed (SIGKILL) part-way — as soon as the journal holds more records, read
// through a point-in-time view beside the running archive — and run again ends with the whole
// topic: every append was synced before the next, so nothing is lost or copied twice, and the
// journal replays to the topic's digest. How far each killed run got is printed.
TEST_F(AuditorBinariesTest, ArchiveKilledPartWayAndRunAgainHoldsTheWholeTopic) {
  constexpr int kRecords = 5000;
  constexpr int kAppendRecords = 100;  // --batch: many synced appends, so a kill lands between.
  constexpr int kPollsMax = 5000;      // 2 ms apart: the wait for more records is bounded.
  KafkaMockCluster cluster;
  {
    std::unique_ptr<EventLog> kafka;
    ASSERT_TRUE(EventLog::Open(cluster.spec(), kEventsTopic, EventLogOptions(), &kafka).ok());
    std::vector<AppendRecord> records;
    for (int i = 0; i < kRecords; ++i) {
      const std::string account = "ACC-" + std::to_string(i % 200);
      records.push_back(
          {account,
           Serialize(InvoiceIssued("e" + std::to_string(i), account, "INV-" + std::to_string(i),
                                   100 + i, "GBP", "2026-01-05", "2026-02-04")),
           -1, 0});
    }
    std::vector<LogPosition> positions;
    ASSERT_TRUE(kafka->Append(records, &positions).ok());
  }
  const std::vector<std::string> archive = {
      LEDGERCTL_PATH, "archive",          "--from",  cluster.spec(),
      "--to",         journal("archive"), "--batch", std::to_string(kAppendRecords)};
  int64_t archived = 0;
  for (int kill = 1; kill <= 2; ++kill) {
    ChildProcess child(archive);
    for (int poll = 0; poll < kPollsMax && ArchivedRecords() <= archived; ++poll) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    child.Signal(SIGKILL);
    const int status = child.Wait();
    archived = ArchivedRecords();
    std::cout << "kill " << kill << ": exit " << status << ", " << archived << " of " << kRecords
              << " records archived\n";
  }
  std::string output;
  ASSERT_EQ(
      Ctl({"--json", "archive", "--from", cluster.spec(), "--to", journal("archive")}, &output), 0)
      << output;
  std::smatch counts;
  ASSERT_TRUE(std::regex_search(
      output, counts,
      std::regex("\"records_before\": (\\d+), \"records_copied\": (\\d+), \"records_left\": 0")))
      << output;
  EXPECT_EQ(std::stoll(counts[1].str()), archived);
  EXPECT_EQ(std::stoll(counts[1].str()) + std::stoll(counts[2].str()), kRecords);
  EXPECT_EQ(Digest(journal("archive")), Digest(cluster.spec()));
}

TEST_F(AuditorBinariesTest, ProgressIsDrawnOnATerminalAndNeverOnAPipe) {
  Publish(std::string(kOpenedAndInvoiced) + kSecondPayment, journal());
  const std::string store = dir_.path() + "/store";
  std::string output, terminal;
  ASSERT_EQ(Ctl({"replay", "--log", journal(), "--into", store}, &output), 0) << output;
  struct Command {
    std::string name;
    std::vector<std::string> args;
  };
  const std::vector<Command> commands = {
      {"replay", {"replay", "--log", journal(), "--into", dir_.path() + "/again"}},
      {"verify", {"verify", "--log", journal(), "--store", store}},
      {"audit-chain", {"audit-chain", "--log", journal(), "--store", store}},
      {"archive", {"archive", "--from", journal(), "--to", journal("copy")}},
  };
  for (const Command& command : commands) {
    SCOPED_TRACE(command.name);
    ASSERT_EQ(CtlOnTerminal(command.args, &output, &terminal), 0) << output << terminal;
    EXPECT_NE(terminal.find("\r" + command.name + ": 4 records"), std::string::npos) << terminal;
    EXPECT_EQ(output.find(command.name + ": 4 records"), std::string::npos) << output;
  }
  for (const Command& command : commands) {
    SCOPED_TRACE(command.name + " on a pipe");
    std::vector<std::string> args = command.args;
    if (command.name == "replay") args.back() += "-piped";
    if (command.name == "archive") args.back() += "-piped";
    ASSERT_EQ(Ctl(args, &output), 0) << output;
    EXPECT_EQ(output.find(command.name + ": "), std::string::npos) << output;
    EXPECT_EQ(output.find('\r'), std::string::npos) << output;
  }
}

}  // namespace
}  // namespace arledger::testing
