// /metrics for operators: proves every family the runbook names appears with a sane value on
// a running service that has applied events — build info (this build's version and projection
// version), store size (SST bytes > 0 once a backup has flushed the memtables, memtable bytes),
// RocksDB write stalls (counters, stopped flag 0, delayed rate), consumer lag (0 once caught
// up) and rebuild progress (state none, nothing replayed). Values are parsed, not just found.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "tests/integration/service_fixture.h"
#include "tests/support/event_builders.h"

namespace arledger::testing {
namespace {

// The value of the one sample `name{labels}` (labels exactly as rendered); NaN if absent.
double Sample(const std::string& text, const std::string& series) {
  const std::string prefix = series + " ";
  size_t at = text.find("\n" + prefix);
  if (at == std::string::npos) return std::nan("");
  return std::stod(text.substr(at + 1 + prefix.size()));
}

TEST(OperatorMetricsTest, BuildStoreStallLagAndRebuildFamiliesAppearWithSaneValues) {
  ServiceFixture fixture(Backend::kJournal);
  const std::string store_directory = fixture.NewStoreDirectory();
  std::unique_ptr<LedgerService> service = fixture.StartService(store_directory);
  v1::PublishResponse response;
  ASSERT_TRUE(
      service
          ->Publish({AccountOpened("m:open", "M1", "2026-01-01"),
                     InvoiceIssued("m:i1", "M1", "M1-I1", 5000, "GBP", "2026-01-02", "2026-02-01")},
                    &response)
          .ok());
  fixture.WaitCaughtUp(*service);
  v1::BackupResponse backup;  // Flushes the memtables, so the SST size is above zero.
  ASSERT_TRUE(service->Backup(store_directory + "-backup", &backup).ok());

  RunningApi api(service.get());
  auto answer = api.client().Get("/metrics");
  ASSERT_TRUE(answer);
  const std::string text = "\n" + answer->body;
  const std::string build = "arledger_build_info{version=\"" + std::string(ARLEDGER_VERSION) +
                            "\",projection_version=\"" + std::to_string(kProjectionVersion) + "\"}";
  EXPECT_EQ(Sample(text, build), 1) << answer->body;
  EXPECT_GT(Sample(text, "arledger_store_bytes{kind=\"sst\"}"), 0);
  EXPECT_GE(Sample(text, "arledger_store_bytes{kind=\"memtable\"}"), 0);
  EXPECT_GE(Sample(text, "arledger_store_write_stalls_total{kind=\"slowdown\"}"), 0);
  EXPECT_GE(Sample(text, "arledger_store_write_stalls_total{kind=\"stop\"}"), 0);
  EXPECT_EQ(Sample(text, "arledger_store_write_stopped"), 0);
  EXPECT_GE(Sample(text, "arledger_store_delayed_write_rate_bytes"), 0);
  const std::regex lag("\narledger_consumer_lag_records\\{partition=\"\\d+\"\\} (\\d+)");
  int partitions = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), lag), end; it != end; ++it) {
    EXPECT_EQ((*it)[1].str(), "0");
    ++partitions;
  }
  EXPECT_GT(partitions, 0) << "consumer lag per partition";
  EXPECT_EQ(Sample(text, "arledger_rebuild_state{state=\"none\"}"), 1);
  EXPECT_EQ(Sample(text, "arledger_rebuild_state{state=\"rebuilding\"}"), 0);
  EXPECT_EQ(Sample(text, "arledger_rebuild_records{kind=\"replayed\"}"), 0);
  for (const char* family : {"arledger_build_info", "arledger_store_bytes",
                             "arledger_store_write_stalls_total", "arledger_rebuild_state"}) {
    EXPECT_NE(text.find(std::string("# TYPE ") + family + " "), std::string::npos) << family;
  }
}

}  // namespace
}  // namespace arledger::testing
