// Fold, projection apply (vs raw WriteBatch), journal replay, Kafka replay (vs raw librdkafka
// consume) and account-view query latency.
#include "tests/bench/benchmarks.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "consumers/event_log.h"
#include "core/fold.h"
#include "projections/account_queries.h"
#include "projections/projector.h"
#include "service/replay.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/query_benchmarks.h"
#include "tests/bench/raw_kafka.h"
#include "tests/support/kafka_mock_cluster.h"

namespace arledger::bench {
namespace {

struct Data {
  std::vector<v1::EventEnvelope> events;
  std::vector<AppendRecord> appends;
};

Data Generate(const PortfolioOptions& options) {
  Data data;
  GeneratePortfolio(options, [&](const v1::EventEnvelope& event) {
    data.events.push_back(event);
    data.appends.push_back({event.account_id(), event.SerializeAsString(), -1});
  });
  return data;
}

#define BENCH_CHECK(status_expr)                                                    \
  do {                                                                              \
    Status _s = (status_expr);                                                      \
    if (!_s.ok()) {                                                                 \
      std::fprintf(stderr, "bench: %s: %s\n", #status_expr, _s.ToString().c_str()); \
      std::exit(1);                                                                 \
    }                                                                               \
  } while (0)

void BenchFold(const Data& data) {
  std::unordered_map<std::string, v1::AccountState> states;
  const v1::AuthorityPolicySet policy;
  Stopwatch watch;
  for (const v1::EventEnvelope& event : data.events) {
    v1::AccountState& state = states[event.account_id()];
    ApplyToAccount(event, policy, &state);
  }
  Report("fold", static_cast<int64_t>(data.events.size()), watch.Seconds(),
         {{"accounts", static_cast<double>(states.size())}});
}

// Positions records as a one-partition log, in order.
std::vector<LogRecord> AsLog(const Data& data) {
  std::vector<LogRecord> records;
  records.reserve(data.appends.size());
  for (size_t i = 0; i < data.appends.size(); ++i) {
    records.push_back({0, static_cast<int64_t>(i), data.appends[i].key, data.appends[i].value});
  }
  return records;
}

// Writes, batch by batch, the same keys with the same value sizes the projector wrote: for each
// batch, every distinct account's final state and every record's event entry, plus the meta.
double RawWriteBatchSeconds(const std::vector<LogRecord>& records, size_t batch_records,
                            const Store& projected, const std::string& directory) {
  std::unordered_map<std::string, std::string> state_bytes;
  BENCH_CHECK(projected.ForEachAccount([&](const v1::AccountState& state) {
    state_bytes[state.account_id()] = state.SerializeAsString();
    return true;
  }));
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = StoreOptions().write_buffer_bytes;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, directory, &raw).ok()) std::exit(1);
  std::unique_ptr<rocksdb::DB> db(raw);
  const std::string event_value(48, 'e');  // ~ a serialised EventRecord.
  const std::string meta_value(256, 'm');
  Stopwatch watch;
  for (size_t start = 0; start < records.size(); start += batch_records) {
    rocksdb::WriteBatch batch;
    std::unordered_set<std::string> accounts;
    for (size_t i = start; i < std::min(records.size(), start + batch_records); ++i) {
      accounts.insert(records[i].key);
      batch.Put("e/" + records[i].key + '\0' + std::to_string(i), event_value);
    }
    for (const std::string& account : accounts) batch.Put("a/" + account, state_bytes[account]);
    batch.Put("meta", meta_value);
    if (!db->Write(rocksdb::WriteOptions(), &batch).ok()) std::exit(1);
  }
  return watch.Seconds();
}

void BenchApply(const Data& data, const BenchOptions& options) {
  ScratchDir dir("apply");
  const std::vector<LogRecord> records = AsLog(data);
  std::unique_ptr<Store> store;
  BENCH_CHECK(Store::Open(dir.path("store"), StoreOptions(), &store));
  Projector projector(store.get(), kEventsTopic);
  BENCH_CHECK(projector.Load());
  std::vector<v1::DeadLetter> dead_letters;
  Stopwatch watch;
  for (size_t start = 0; start < records.size(); start += options.batch_records) {
    std::vector<LogRecord> batch(
        records.begin() + static_cast<long>(start),
        records.begin() +
            static_cast<long>(std::min(records.size(), start + options.batch_records)));
    BENCH_CHECK(projector.Prepare(batch, &dead_letters));
    BENCH_CHECK(projector.Commit());
  }
  const double apply_seconds = watch.Seconds();
  const double raw_seconds =
      RawWriteBatchSeconds(records, options.batch_records, *store, dir.path("raw"));
  const double events = static_cast<double>(records.size());
  Report("apply", static_cast<int64_t>(records.size()), apply_seconds,
         {{"raw_writebatch_events_per_s", events / raw_seconds},
          {"ratio_vs_raw_writebatch", raw_seconds / apply_seconds}});
}

void AppendAll(EventLog* log, const Data& data) {
  std::vector<LogPosition> positions;
  for (size_t start = 0; start < data.appends.size(); start += 10000) {
    std::vector<AppendRecord> batch(
        data.appends.begin() + static_cast<long>(start),
        data.appends.begin() + static_cast<long>(std::min(data.appends.size(), start + 10000)));
    BENCH_CHECK(log->Append(batch, &positions));
  }
}

void BenchQueries(const Store& store, const BenchOptions& options) {
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(options.queries));
  uint64_t x = options.portfolio.seed;
  const Date as_of = *Date::Parse("2025-12-31");
  v1::AccountView view;
  for (int q = 0; q < options.queries; ++q) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const std::string id =
        "ACC" + std::to_string((x >> 33) % static_cast<uint64_t>(options.portfolio.accounts));
    Stopwatch watch;
    BENCH_CHECK(QueryAccountView(store, id, as_of, AgingConfig(), &view));
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

void BenchReplayJournal(const Data& data, const BenchOptions& options, bool with_queries) {
  ScratchDir dir("journal");
  std::unique_ptr<EventLog> log;
  BENCH_CHECK(
      EventLog::Open("journal:" + dir.path("journal"), kEventsTopic, EventLogOptions(), &log));
  AppendAll(log.get(), data);
  ReplayReport report;
  ReplayOptions replay;
  replay.batch_records_max = options.batch_records;
  BENCH_CHECK(ReplayInto(log.get(), dir.path("store"), replay, &report));
  Report("replay_journal", report.records, report.seconds);
  if (!with_queries) return;
  StoreOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<Store> store;
  BENCH_CHECK(Store::Open(dir.path("store"), read_only, &store));
  BenchQueries(*store, options);
}

void BenchReplayKafka(const Data& data, const BenchOptions& options) {
  testing::KafkaMockCluster::Options cluster_options;
  cluster_options.partitions = options.kafka_partitions;
  testing::KafkaMockCluster cluster(cluster_options);
  {
    std::unique_ptr<EventLog> log;
    BENCH_CHECK(EventLog::Open(cluster.spec(), kEventsTopic, EventLogOptions(), &log));
    AppendAll(log.get(), data);
    const int64_t expected = static_cast<int64_t>(data.appends.size());
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
    replay.batch_records_max = options.batch_records;
    BENCH_CHECK(ReplayInto(log.get(), dir.path("store"), replay, &report));
    Report("replay_kafka", report.records, report.seconds,
           {{"partitions", options.kafka_partitions},
            {"raw_consume_events_per_s", static_cast<double>(expected) / raw_seconds},
            {"ratio_vs_raw_consume", raw_seconds / report.seconds}});
  }
}

}  // namespace

int RunBenchmarks(const BenchOptions& options, const std::string& only) {
  // query_http generates its portfolio as it projects it (1M accounts do not fit in memory
  // as envelopes), so it runs apart and only when named.
  if (only == "query_http") {
    BenchQueryRoutes(options);
    return 0;
  }
  const Data data = Generate(options.portfolio);
  const bool all = only.empty();
  if (all || only == "fold") BenchFold(data);
  if (all || only == "apply") BenchApply(data, options);
  if (all || only == "replay_journal" || only == "query")
    BenchReplayJournal(data, options, all || only == "query");
  if (all || only == "replay_kafka") BenchReplayKafka(data, options);
  return 0;
}

}  // namespace arledger::bench
