// Proves `archive` (service/archive.h) copies a Kafka topic (mock cluster) into a journal that
// is the same log: same records at the same offsets with the same keys, bytes and timestamps,
// so its replay digest equals the replay digest from Kafka and its chain heads equal the
// topic's. An archive stopped part-way (records_max: a run that ended between two synced
// appends, as an interrupted one does) and continued — also after the topic grew — reaches
// exactly the result of one uninterrupted run. Continuing an archive from another log of the
// same name (different records, fewer records, other partition count) is refused and leaves the
// archive as it was.
#include "service/archive.h"

#include <gtest/gtest.h>

#include <tuple>

#include "service/audit_chain.h"
#include "service/log_scan.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/service/audit_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

constexpr int kPartitions = 2;
constexpr int kAccounts = 30;
constexpr int kEvents = 1500;

// Every record of `log` up to its end now, in (partition, offset) order.
std::vector<LogRecord> AllRecords(EventLog* log) {
  std::vector<int64_t> end;
  EXPECT_TRUE(LogEndOffsets(log, &end).ok());
  std::vector<LogRecord> all;
  EXPECT_TRUE(ScanLog(log, std::vector<int64_t>(end.size(), 0), end, ScanOptions(),
                      [&](std::vector<LogRecord>& records) {
                        all.insert(all.end(), records.begin(), records.end());
                        return Status::Ok();
                      })
                  .ok());
  std::sort(all.begin(), all.end(), [](const LogRecord& a, const LogRecord& b) {
    return std::tie(a.partition, a.offset) < std::tie(b.partition, b.offset);
  });
  return all;
}

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    topic_ = t::FreshAuditTopic(kPartitions);
    ASSERT_TRUE(EventLog::Open(source_spec(), topic_, EventLogOptions(), &source_).ok());
    t::AppendEvents(source_.get(), t::Portfolio(kAccounts, kEvents));
  }

  std::string source_spec() const { return t::SharedAuditCluster().spec(); }
  std::string archive_spec(const std::string& name = "archive") const {
    return "journal:" + dir_.path() + "/" + name;
  }

  Status Archive(const std::string& from, const std::string& to, int64_t records_max,
                 ArchiveReport* report) {
    ArchiveOptions options;
    options.topic = topic_;
    options.batch_records_max = 256;  // Several synced appends a run.
    options.records_max = records_max;
    return ArchiveTopic(from, to, options, report);
  }
  ArchiveReport ArchiveOk(int64_t records_max, const std::string& to) {
    ArchiveReport report;
    const Status status = Archive(source_spec(), to, records_max, &report);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return report;
  }

  std::unique_ptr<EventLog> OpenArchive(const std::string& spec) {
    EventLogOptions read_only;
    read_only.read_only = true;
    std::unique_ptr<EventLog> log;
    EXPECT_TRUE(EventLog::Open(spec, topic_, read_only, &log).ok());
    return log;
  }
  std::string Digest(EventLog* log) {
    return t::ReplayDigest(log, dir_.path() + "/replay-" + std::to_string(++replays_));
  }

  t::TempDir dir_;
  std::string topic_;
  std::unique_ptr<EventLog> source_;
  int replays_ = 0;
};

TEST_F(ArchiveTest, CopiesTheTopicIntoAJournalThatReplaysToTheSameDigest) {
  const ArchiveReport report = ArchiveOk(0, archive_spec());
  EXPECT_EQ(report.records_before, 0);
  EXPECT_EQ(report.records_copied, kEvents);
  EXPECT_EQ(report.records_left, 0);

  std::unique_ptr<EventLog> archive = OpenArchive(archive_spec());
  ASSERT_EQ(archive->partition_count(), kPartitions);
  const std::vector<LogRecord> copied = AllRecords(archive.get());
  const std::vector<LogRecord> original = AllRecords(source_.get());
  ASSERT_EQ(copied.size(), original.size());
  for (size_t i = 0; i < copied.size(); ++i) {
    ASSERT_EQ(copied[i].partition, original[i].partition) << i;
    ASSERT_EQ(copied[i].offset, original[i].offset) << i;
    ASSERT_EQ(copied[i].key, original[i].key) << i;
    ASSERT_EQ(copied[i].value, original[i].value) << i;
    ASSERT_EQ(copied[i].timestamp_ms, original[i].timestamp_ms) << i;
    ASSERT_GT(copied[i].timestamp_ms, 0) << i;
  }
  EXPECT_EQ(Digest(archive.get()), Digest(source_.get()));

  ChainAuditReport heads;
  ASSERT_TRUE(AuditChain(source_.get(), nullptr, nullptr, &heads).ok());
  ASSERT_EQ(report.chain_heads_hex.size(), static_cast<size_t>(kPartitions));
  for (int p = 0; p < kPartitions; ++p) {
    EXPECT_EQ(report.chain_heads_hex[p], heads.partitions[p].log_head_hex) << "partition " << p;
  }
}

TEST_F(ArchiveTest, AnArchiveStoppedPartWayAndContinuedEqualsOneUninterruptedRun) {
  const ArchiveReport first = ArchiveOk(500, archive_spec());
  EXPECT_EQ(first.records_copied, 500);
  EXPECT_EQ(first.records_left, kEvents - 500);
  const ArchiveReport second = ArchiveOk(600, archive_spec());
  EXPECT_EQ(second.records_before, 500);
  EXPECT_EQ(second.records_copied, 600);
  const ArchiveReport third = ArchiveOk(0, archive_spec());
  EXPECT_EQ(third.records_before, 1100);
  EXPECT_EQ(third.records_copied, kEvents - 1100);
  EXPECT_EQ(third.records_left, 0);

  constexpr int kMoreEvents = 250;  // The topic grows; the archive continues from its end.
  std::vector<v1::EventEnvelope> more = t::Portfolio(kAccounts, kEvents + kMoreEvents);
  more.erase(more.begin(), more.begin() + kEvents);
  t::AppendEvents(source_.get(), more);
  const ArchiveReport fourth = ArchiveOk(0, archive_spec());
  EXPECT_EQ(fourth.records_before, kEvents);
  EXPECT_EQ(fourth.records_copied, kMoreEvents);

  const ArchiveReport whole = ArchiveOk(0, archive_spec("uninterrupted"));
  EXPECT_EQ(whole.records_copied, kEvents + kMoreEvents);
  EXPECT_EQ(fourth.chain_heads_hex, whole.chain_heads_hex);
  std::unique_ptr<EventLog> resumed = OpenArchive(archive_spec());
  std::unique_ptr<EventLog> uninterrupted = OpenArchive(archive_spec("uninterrupted"));
  const std::string digest = Digest(source_.get());
  EXPECT_EQ(Digest(resumed.get()), digest);
  EXPECT_EQ(Digest(uninterrupted.get()), digest);

  const ArchiveReport nothing_new = ArchiveOk(0, archive_spec());
  EXPECT_EQ(nothing_new.records_copied, 0);
  EXPECT_EQ(nothing_new.chain_heads_hex, whole.chain_heads_hex);
}

TEST_F(ArchiveTest, ContinuingFromAnotherLogOfTheSameNameIsRefused) {
  ArchiveOk(0, archive_spec());
  // Other logs named like the topic: different records, fewer records, other partitions.
  struct Other {
    std::string name;
    int partitions;
    int events;
    std::string why;  // In the refusal.
  };
  for (const Other& other :
       {Other{"different", kPartitions, 2 * kEvents, "differs between the source and the archive"},
        Other{"shorter", kPartitions, kEvents / 2, "but the source only"},
        Other{"repartitioned", kPartitions + 1, kEvents, "partitions"}}) {
    SCOPED_TRACE(other.name);
    const std::string spec = "journal:" + dir_.path() + "/" + other.name;
    {
      EventLogOptions options;
      options.journal_partitions = other.partitions;
      std::unique_ptr<EventLog> log;
      ASSERT_TRUE(EventLog::Open(spec, topic_, options, &log).ok());
      t::AppendEvents(log.get(), t::Portfolio(kAccounts + 7, other.events));
    }
    ArchiveReport report;
    const Status refused = Archive(spec, archive_spec(), 0, &report);
    EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << refused.ToString();
    EXPECT_NE(refused.message().find(other.why), std::string::npos) << refused.ToString();
    EXPECT_EQ(report.records_copied, 0);
  }
  std::unique_ptr<EventLog> archive = OpenArchive(archive_spec());
  std::vector<int64_t> end;
  ASSERT_TRUE(archive->EndOffsets(&end).ok());
  EXPECT_EQ(end[0] + end[1], kEvents) << "a refused run appends nothing";
  EXPECT_EQ(Digest(archive.get()), Digest(source_.get()));
}

}  // namespace
}  // namespace arledger
