// Fold, projection apply (vs raw WriteBatch), journal replay, Kafka replay (vs raw librdkafka
// consume) and account-view query latency.
//
// Honesty rules: generating the portfolio and writing it to a log are never inside a timed
// region; the replays read a log written before the clock starts, and stream the portfolio into
// it chunk by chunk (the portfolio is never all in memory); peak RSS is reset once the input is
// ready, so each benchmark reports the peak its own measured work reached.
#include "tests/bench/benchmarks.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

#include "consumers/event_log.h"
#include "projections/account_queries.h"
#include "projections/projector.h"
#include "service/replay.h"
#include "sim/portfolio_generator.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/fold_benchmark.h"
#include "tests/bench/query_benchmarks.h"
#include "tests/bench/raw_kafka.h"
#include "tests/bench/raw_writebatch.h"
#include "tests/support/kafka_mock_cluster.h"

namespace arledger::bench {
namespace {

#define BENCH_CHECK(status_expr)                                                    \
  do {                                                                              \
    Status _s = (status_expr);                                                      \
    if (!_s.ok()) {                                                                 \
      std::fprintf(stderr, "bench: %s: %s\n", #status_expr, _s.ToString().c_str()); \
      std::exit(1);                                                                 \
    }                                                                               \
  } while (0)

// The portfolio as a one-partition log, in order, in memory (for fold and apply).
std::vector<LogRecord> InMemoryLog(const PortfolioOptions& options) {
  std::vector<LogRecord> records;
  BENCH_CHECK(StreamPortfolio(options, 1, [&](std::vector<AppendRecord>& chunk) {
    for (AppendRecord& append : chunk) {
      records.push_back({0, static_cast<int64_t>(records.size()), std::move(append.key),
                         std::move(append.value)});
    }
    return Status::Ok();
  }));
  return records;
}

double InputMb(const std::vector<LogRecord>& records) {
  double bytes = 0;
  for (const LogRecord& record : records) {
    bytes += static_cast<double>(sizeof record + record.key.capacity() + record.value.capacity());
  }
  return bytes / (1024.0 * 1024.0);
}

struct ApplyRun {
  double seconds = 0;
  int shards = 0;
  double raw_seconds = 0;  // The raw baseline's, when run.
  int64_t raw_operations = 0;
  int64_t raw_bytes = 0;
};

// Folds `records` into a fresh store at `directory` batch by batch, as the service's consume loop
// does; `pipelined`: each batch folded while the previous one is written (the service's way).
// The seconds include the final wait for the last write. With `raw`, each batch is also written
// again, right after its commit (untimed), into the raw baseline.
ApplyRun ApplyBatches(const std::vector<LogRecord>& records, const BenchOptions& options,
                      const std::string& directory, bool pipelined, bool raw) {
  ARLEDGER_CHECK(!(pipelined && raw));  // The baseline must not share the machine with a write.
  std::unique_ptr<Store> store;
  BENCH_CHECK(Store::Open(directory, StoreOptions(), &store));
  Projector projector(store.get(), kEventsTopic);
  BENCH_CHECK(projector.Load());
  if (pipelined) projector.PipelineWrites();
  projector.RetainAccounts(options.account_cache_bytes);  // As the service's does.
  std::unique_ptr<RawWriteBatchBaseline> baseline;
  if (raw) baseline = std::make_unique<RawWriteBatchBaseline>(*store, directory + ".raw");
  std::vector<v1::DeadLetter> dead_letters;
  std::vector<LogRecord> batch;
  ApplyRun run;
  run.shards = projector.shards();
  for (size_t start = 0; start < records.size(); start += options.batch_records) {
    batch.assign(records.begin() + static_cast<long>(start),
                 records.begin() +
                     static_cast<long>(std::min(records.size(), start + options.batch_records)));
    Stopwatch watch;
    BENCH_CHECK(projector.Prepare(batch, &dead_letters));
    BENCH_CHECK(projector.Commit());
    run.seconds += watch.Seconds();
    if (baseline) baseline->Write(projector.last_written());
  }
  Stopwatch watch;
  BENCH_CHECK(projector.WaitForWrites());
  run.seconds += watch.Seconds();
  if (baseline) {
    run.raw_seconds = baseline->seconds();
    run.raw_operations = baseline->operations();
    run.raw_bytes = baseline->bytes();
  }
  return run;
}

// The service's apply (pipelined, as its consume loop commits) is timed in a pass of its own. A
// second pass applies the same batches unpipelined and writes each again, right after, into
// the raw baseline (timed apart), so that the baseline never shares the machine with a write
// in flight. The projector is deterministic: both passes build the same batches.
void BenchApply(const std::vector<LogRecord>& records, const BenchOptions& options) {
  ScratchDir dir("apply");
  ResetPeakRss();
  const ApplyRun pipelined = ApplyBatches(records, options, dir.path("pipelined"), true, false);
  const ApplyRun plain = ApplyBatches(records, options, dir.path("store"), false, true);
  const double peak_rss_mb = PeakRssMb();  // Includes the raw baseline's memtables.
  const double events = static_cast<double>(records.size());
  Report("apply", static_cast<int64_t>(records.size()), pipelined.seconds,
         {{"batch_records", static_cast<double>(options.batch_records)},
          {"raw_writebatch_events_per_s", events / plain.raw_seconds},
          {"ratio_vs_raw_writebatch", plain.raw_seconds / pipelined.seconds},
          {"unpipelined_events_per_s", events / plain.seconds},
          {"keys_per_event", static_cast<double>(plain.raw_operations) / events},
          {"batch_bytes_per_event", static_cast<double>(plain.raw_bytes) / events},
          {"shards", static_cast<double>(pipelined.shards)},
          {"account_cache_mb", static_cast<double>(options.account_cache_bytes >> 20)},
          {"input_mb", InputMb(records)}},
         peak_rss_mb);
}

// Streams the portfolio into `log`, chunk by chunk. Returns the number of records.
int64_t WritePortfolio(const PortfolioOptions& options, EventLog* log) {
  std::vector<LogPosition> positions;
  int64_t records = 0;
  BENCH_CHECK(
      StreamPortfolio(options, log->partition_count(), [&](std::vector<AppendRecord>& chunk) {
        records += static_cast<int64_t>(chunk.size());
        return log->Append(chunk, &positions);
      }));
  return records;
}

std::string AccountId(const PortfolioOptions& options, int64_t index) {
  return options.kind == PortfolioKind::kRealistic ? sim::SimAccountId(index)
                                                   : "ACC" + std::to_string(index);
}

void BenchQueries(const Store& store, const BenchOptions& options) {
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(options.queries));
  uint64_t x = options.portfolio.seed;
  const Date as_of = *Date::Parse("2025-12-31");
  v1::AccountView view;
  for (int q = 0; q < options.queries; ++q) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const std::string id = AccountId(
        options.portfolio,
        static_cast<int64_t>((x >> 33) % static_cast<uint64_t>(options.portfolio.accounts)));
    Stopwatch watch;
    const Status status = QueryAccountView(store, id, as_of, AgingConfig(), &view);
    if (!status.ok() && status.code() != StatusCode::kNotFound) BENCH_CHECK(status);
    micros.push_back(watch.Seconds() * 1e6);
  }
  std::sort(micros.begin(), micros.end());
  auto at = [&](double p) {
    return micros[static_cast<size_t>(p * static_cast<double>(micros.size() - 1))];
  };
  Report("query_account_view", options.queries, 0,
         {{"accounts", static_cast<double>(options.portfolio.accounts)},
          {"p50_us", at(0.50)},
          {"p99_us", at(0.99)},
          {"max_us", micros.back()}});
}

void ReportReplay(const std::string& name, const ReplayReport& report,
                  std::vector<std::pair<std::string, double>> extra) {
  extra.emplace_back("digest_seconds", report.digest_seconds);
  Report(name, report.records, report.seconds, extra);
}

// The log again, with a pass bound of a quarter of a partition's records, so that each pass is
// read in ~4 slices of its accounts (what a replay does to a partition larger than the bound,
// ReplayOptions::pass_records_max): its rate against the whole passes' in the same run, and its
// peak RSS. It must reach the digest of the whole passes. Reported as `name`.
void BenchReplaySliced(const std::string& name, EventLog* log, const ScratchDir& dir,
                       const BenchOptions& options, const ReplayReport& whole,
                       double whole_seconds) {
  constexpr int64_t kSlices = 4;
  ReplayOptions replay;
  replay.batch_records_max = options.replay_batch_records;  // As the whole passes'.
  const int64_t partitions = std::max(1, log->partition_count());
  replay.pass_records_max = std::max<int64_t>(1, whole.records / (partitions * kSlices));
  std::filesystem::remove_all(dir.path("store"));
  ReplayReport report;
  ResetPeakRss();
  BENCH_CHECK(ReplayInto(log, dir.path("store"), replay, &report));
  if (report.digest.combined_hex != whole.digest.combined_hex) {
    std::fprintf(stderr, "bench %s: digest %s, the whole passes' %s\n", name.c_str(),
                 report.digest.combined_hex.c_str(), whole.digest.combined_hex.c_str());
    std::exit(1);
  }
  ReportReplay(name, report,
               {{"partitions", static_cast<double>(partitions)},
                {"passes", static_cast<double>(report.passes)},
                {"slices_max", static_cast<double>(report.slices_max)},
                {"ratio_vs_whole_passes", whole_seconds / report.seconds}});
}

// Replays the journal `repetitions` times, each into a fresh store, reported by the median run;
// every run must reach the first one's digest. Then, unless it only makes a store for the
// queries, once in slices (BenchReplaySliced). The queries then read the last run's store.
void BenchReplayJournal(const BenchOptions& options, bool with_queries, bool with_sliced,
                        int repetitions) {
  ScratchDir dir("journal");
  std::unique_ptr<EventLog> log;
  BENCH_CHECK(
      EventLog::Open("journal:" + dir.path("journal"), kEventsTopic, EventLogOptions(), &log));
  WritePortfolio(options.portfolio, log.get());
  ReplayOptions replay;
  replay.batch_records_max = options.replay_batch_records;
  Repetitions runs;
  ReplayReport first;
  std::vector<double> digest_seconds;
  for (int r = 0; r < repetitions; ++r) {
    std::filesystem::remove_all(dir.path("store"));
    ReplayReport report;
    ResetPeakRss();
    BENCH_CHECK(ReplayInto(log.get(), dir.path("store"), replay, &report));
    runs.Add(report.seconds, PeakRssMb());
    digest_seconds.push_back(report.digest_seconds);
    if (r == 0) first = report;
    if (report.digest.combined_hex != first.digest.combined_hex) {
      std::fprintf(stderr, "bench replay_journal: run %d reached digest %s, the first %s\n", r + 1,
                   report.digest.combined_hex.c_str(), first.digest.combined_hex.c_str());
      std::exit(1);
    }
  }
  runs.Report("replay_journal", first.records,
              {{"partitions", log->partition_count()},
               {"batch_records", static_cast<double>(options.replay_batch_records)},
               {"digest_seconds_median", Median(digest_seconds)}});
  if (with_sliced) {
    BenchReplaySliced("replay_journal_sliced", log.get(), dir, options, first,
                      runs.MedianSeconds());
  }
  if (!with_queries) return;
  StoreOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<Store> store;
  BENCH_CHECK(Store::Open(dir.path("store"), read_only, &store));
  BenchQueries(*store, options);
}

void BenchReplayKafka(const BenchOptions& options) {
  testing::KafkaMockCluster::Options cluster_options;
  cluster_options.partitions = options.kafka_partitions;
  testing::KafkaMockCluster cluster(cluster_options);
  std::unique_ptr<EventLog> log;
  BENCH_CHECK(EventLog::Open(cluster.spec(), kEventsTopic, EventLogOptions(), &log));
  const int64_t expected = WritePortfolio(options.portfolio, log.get());
  ResetPeakRss();
  Stopwatch raw_watch;
  const int64_t counted =
      CountTopicRecords(cluster.bootstraps(), kEventsTopic, options.kafka_partitions, expected);
  const double raw_seconds = raw_watch.Seconds();
  if (counted != expected) {
    std::fprintf(stderr, "bench: raw consumer counted %lld of %lld\n",
                 static_cast<long long>(counted), static_cast<long long>(expected));
    std::exit(1);
  }
  ScratchDir dir("kafka");
  ReplayReport report;
  ReplayOptions replay;
  replay.batch_records_max = options.replay_batch_records;
  BENCH_CHECK(ReplayInto(log.get(), dir.path("store"), replay, &report));
  ReportReplay("replay_kafka", report,
               {{"partitions", options.kafka_partitions},
                {"batch_records", static_cast<double>(options.replay_batch_records)},
                {"raw_consume_events_per_s", static_cast<double>(expected) / raw_seconds},
                {"ratio_vs_raw_consume", raw_seconds / report.seconds}});
  // Each slice consumes its partitions from the brokers again, through the scan's one consumer.
  BenchReplaySliced("replay_kafka_sliced", log.get(), dir, options, report, report.seconds);
}

}  // namespace

int RunBenchmarks(const BenchOptions& options, const std::string& only) {
  // query_http generates its portfolio as it projects it (1M accounts do not fit in memory
  // as envelopes), so it runs apart and only when named.
  if (only == "query_http") {
    BenchQueryRoutes(options);
    return 0;
  }
  const bool all = only.empty();
  if (all || only == "fold" || only == "apply") {
    const std::vector<LogRecord> records = InMemoryLog(options.portfolio);
    if (all || only == "fold") {
      const double events_per_s = BenchFold(records, options.fold_shards, options.repetitions);
      PortfolioOptions in_cache = options.portfolio;  // The same history, fewer accounts.
      in_cache.accounts = std::min(in_cache.accounts, kInCacheAccounts);
      BenchFoldInCache(InMemoryLog(in_cache), options.repetitions, events_per_s);
    }
    if (all || only == "apply") BenchApply(records, options);
  }
  if (all || only == "replay_journal" || only == "query") {
    // query needs a store, not more figures for the replay: one run makes it.
    BenchReplayJournal(options, all || only == "query", only != "query",
                       only == "query" ? 1 : options.repetitions);
  }
  if (all || only == "replay_kafka") BenchReplayKafka(options);
  return 0;
}

}  // namespace arledger::bench
