// BenchQueryRoutes: load (or reuse) the store, serve it, time the routes over loopback HTTP.
#include "tests/bench/query_benchmarks.h"

#include <google/protobuf/arena.h>
#include <httplib.h>
#include <rocksdb/db.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "arledger/v1/api.pb.h"
#include "projections/account_queries.h"
#include "projections/aged_debt_query.h"
#include "projections/projector.h"
#include "projections/worklist_query.h"
#include "service/http_api.h"
#include "service/json.h"
#include "service/ledger_service.h"
#include "tests/bench/bench_util.h"

namespace arledger::bench {
namespace {

constexpr size_t kLoadBatchRecords = 10000;  // Records per projector batch while loading.
constexpr int kAgedDebtRuns = 3;             // Whole reports timed per form (JSON, CSV...).
constexpr char kAsOf[] = "2025-12-31";       // After every date of up to 12 months: index basis.

void Check(const Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "bench query_http: %s: %s\n", what, status.ToString().c_str());
  std::exit(1);
}

// CPU seconds this thread has used: the query's own cost, which load from other processes on
// the machine does not inflate as it does wall time.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Projects the seeded portfolio into `directory` batch by batch as it is generated, as the
// consume loop would from one partition. Returns the events applied.
int64_t LoadStore(const PortfolioOptions& portfolio, const std::string& directory) {
  std::unique_ptr<Store> store;
  Check(Store::Open(directory, StoreOptions(), &store), "open store");
  Projector projector(store.get(), kEventsTopic);
  Check(projector.Load(), "load projector");
  std::vector<LogRecord> batch;
  std::vector<v1::DeadLetter> dead_letters;
  int64_t offset = 0;
  auto flush = [&] {
    Check(projector.Prepare(batch, &dead_letters), "prepare");
    Check(projector.Commit(), "commit");
    batch.clear();
  };
  Stopwatch watch;
  // The simple portfolio: its account ids (ACC<n>) and collector assignment (n % collectors)
  // are what the query picks below draw from.
  PortfolioOptions simple = portfolio;
  simple.kind = PortfolioKind::kSimple;
  Check(StreamPortfolio(
            simple, /*partition_count=*/1,
            [&](std::vector<AppendRecord>& chunk) {
              for (AppendRecord& record : chunk) {
                batch.push_back({0, offset++, std::move(record.key), std::move(record.value), 0});
                if (batch.size() == kLoadBatchRecords) flush();
              }
              return Status::Ok();
            }),
        "generate portfolio");
  if (!batch.empty()) flush();
  if (!dead_letters.empty()) {
    std::fprintf(stderr, "bench query_http: %zu dead letters while loading\n", dead_letters.size());
    std::exit(1);
  }
  Check(store->Flush(), "flush store");
  Report("query_http_load", offset, watch.Seconds(),
         {{"accounts", static_cast<double>(portfolio.accounts)}});
  return offset;
}

// Waits, within a bound, until no read model has a flush or compaction pending or running, so
// that the queries are timed on the settled store a serving ledgerd has and never share the two
// cores with the compactions that can follow a load. Reports the wait and whether it settled.
void WaitForCompactions(const Store& store) {
  constexpr double kWaitSecondsMax = 300;
  Stopwatch watch;
  bool settled = false;
  while (!settled && watch.Seconds() < kWaitSecondsMax) {
    uint64_t busy = 0;
    uint64_t value = 0;
    for (const char* property :
         {"rocksdb.num-running-compactions", "rocksdb.num-running-flushes"}) {
      if (store.db()->GetIntProperty(property, &value)) busy += value;
    }
    for (int model = 0; model < kReadModelCount; ++model) {
      rocksdb::ColumnFamilyHandle* handle = store.handle(static_cast<ReadModel>(model));
      for (const char* property :
           {"rocksdb.compaction-pending", "rocksdb.mem-table-flush-pending"}) {
        if (store.db()->GetIntProperty(handle, property, &value)) busy += value;
      }
    }
    settled = busy == 0;
    if (!settled) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Report("query_http_settle", 0, watch.Seconds(), {{"settled", settled ? 1.0 : 0.0}});
}

// Reports, per read model, its SST bytes and how many files each level holds: the shape a
// scan merges over (one sorted run per non-empty level, one per L0 file).
void ReportStoreShape(const Store& store) {
  for (int model = 0; model < kReadModelCount; ++model) {
    rocksdb::ColumnFamilyHandle* handle = store.handle(static_cast<ReadModel>(model));
    uint64_t sst_bytes = 0;
    store.db()->GetIntProperty(handle, "rocksdb.total-sst-files-size", &sst_bytes);
    std::vector<std::pair<std::string, double>> extra = {
        {"sst_mb", static_cast<double>(sst_bytes) / 1e6}};
    for (int level = 0; level < store.db()->NumberLevels(handle); ++level) {
      std::string files;
      store.db()->GetProperty(handle, "rocksdb.num-files-at-level" + std::to_string(level), &files);
      if (files != "0") extra.emplace_back("files_l" + std::to_string(level), std::stod(files));
    }
    Report("query_http_store_" + std::string(ReadModelName(static_cast<ReadModel>(model))), 0, 0,
           extra);
  }
}

bool StoreHasEvents(const std::string& directory) {
  if (!std::filesystem::exists(directory)) return false;
  StoreOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<Store> store;
  if (!Store::Open(directory, read_only, &store).ok()) return false;
  v1::ProjectionMeta meta;
  return store->ReadMeta(&meta).ok() && meta.events_applied() > 0;
}

class Latencies {
 public:
  void Add(double seconds) { micros_.push_back(seconds * 1e6); }
  void Report(const std::string& name, std::vector<std::pair<std::string, double>> extra) {
    std::sort(micros_.begin(), micros_.end());
    auto at = [&](double p) {
      return micros_[static_cast<size_t>(p * static_cast<double>(micros_.size() - 1))];
    };
    extra.insert(extra.end(),
                 {{"p50_us", at(0.50)}, {"p99_us", at(0.99)}, {"max_us", micros_.back()}});
    bench::Report(name, static_cast<int64_t>(micros_.size()), 0, extra);
  }

 private:
  std::vector<double> micros_;
};

// GETs `target`; exits unless the answer is a 200. Returns the seconds it took.
double TimedGet(httplib::Client& client, const std::string& target, std::string* body,
                const httplib::Headers& headers = {}) {
  Stopwatch watch;
  httplib::Result result = client.Get(target, headers);
  const double seconds = watch.Seconds();
  if (!result || result->status != 200) {
    std::fprintf(stderr, "bench query_http: GET %s: %s\n", target.c_str(),
                 result ? result->body.c_str() : httplib::to_string(result.error()).c_str());
    std::exit(1);
  }
  if (body != nullptr) *body = std::move(result->body);
  return seconds;
}

// A seeded sequence of indices below `bound`.
class Picks {
 public:
  explicit Picks(uint64_t seed) : x_(seed) {}
  int64_t Next(int64_t bound) {
    x_ = x_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int64_t>((x_ >> 33) % static_cast<uint64_t>(bound));
  }

 private:
  uint64_t x_;
};

void BenchAccountViews(httplib::Client& client, const BenchOptions& options) {
  Picks picks(options.portfolio.seed);
  Latencies latencies;
  for (int q = 0; q < options.queries; ++q) {
    const std::string id = "ACC" + std::to_string(picks.Next(options.portfolio.accounts));
    latencies.Add(TimedGet(client, "/v1/accounts/" + id + "?as_of=" + kAsOf, nullptr));
  }
  latencies.Report("query_http_account_view",
                   {{"accounts", static_cast<double>(options.portfolio.accounts)}});
}

void BenchWorklists(httplib::Client& client, const BenchOptions& options) {
  Picks picks(options.portfolio.seed + 1);
  Latencies latencies;
  int64_t accounts = 0, listed = 0;
  const int worklists = std::max(1, options.queries / 20);
  for (int q = 0; q < worklists; ++q) {
    const std::string collector =
        "collector" + std::to_string(picks.Next(options.portfolio.collectors));
    std::string body;
    latencies.Add(TimedGet(client, "/v1/worklists/" + collector + "?as_of=" + kAsOf, &body));
    v1::Worklist worklist;
    Check(ParseJson(body, &worklist), "parse worklist");
    accounts += worklist.accounts();
    listed += worklist.entries_total();
  }
  latencies.Report("query_http_worklist",
                   {{"accounts_per_worklist", static_cast<double>(accounts) / worklists},
                    {"entries_per_worklist", static_cast<double>(listed) / worklists}});
}

// The same queries in process, with wall and CPU time per query: what the query path costs
// without HTTP, and how much of the wall time is the machine's load.
void BenchInProcess(const LedgerService& service, const BenchOptions& options) {
  const Date as_of = *Date::Parse(kAsOf);
  Picks picks(options.portfolio.seed);
  Latencies wall, cpu;
  for (int q = 0; q < options.queries; ++q) {
    const std::string id = "ACC" + std::to_string(picks.Next(options.portfolio.accounts));
    v1::AccountView view;
    Stopwatch watch;
    const double cpu_start = ThreadCpuSeconds();
    Check(service.GetAccountView(id, as_of, &view), "account view");
    cpu.Add(ThreadCpuSeconds() - cpu_start);
    wall.Add(watch.Seconds());
  }
  wall.Report("account_view_in_process_wall", {});
  cpu.Report("account_view_in_process_cpu", {});
  Picks collectors(options.portfolio.seed + 1);
  Latencies worklist_wall, worklist_cpu;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  uint64_t block_reads = 0, cache_hits = 0;
  for (int q = 0; q < std::max(1, options.queries / 20); ++q) {
    WorklistRequest request;
    request.collector_id =
        "collector" + std::to_string(collectors.Next(options.portfolio.collectors));
    request.as_of = as_of;
    v1::Worklist worklist;
    Stopwatch watch;
    const double cpu_start = ThreadCpuSeconds();
    rocksdb::get_perf_context()->Reset();
    Check(QueryWorklist(StoreView(service.store()), request, service.options().worklist, &worklist),
          "worklist");
    block_reads += rocksdb::get_perf_context()->block_read_count;
    cache_hits += rocksdb::get_perf_context()->block_cache_hit_count;
    worklist_cpu.Add(ThreadCpuSeconds() - cpu_start);
    worklist_wall.Add(watch.Seconds());
  }
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  const double worklists = std::max(1, options.queries / 20);
  worklist_wall.Report("worklist_in_process_wall",
                       {{"block_reads_per_query", static_cast<double>(block_reads) / worklists},
                        {"cache_hits_per_query", static_cast<double>(cache_hits) / worklists}});
  worklist_cpu.Report("worklist_in_process_cpu", {});
}

void BenchAgedDebt(httplib::Client& client, const LedgerService& service, int64_t events) {
  const std::string target = std::string("/v1/reports/aged-debt?as_of=") + kAsOf;
  for (int run = 0; run < kAgedDebtRuns; ++run) {
    Stopwatch watch;
    const double cpu_start = ThreadCpuSeconds();
    google::protobuf::Arena arena;  // As the route does.
    v1::AgedDebtReport& report =
        *google::protobuf::Arena::CreateMessage<v1::AgedDebtReport>(&arena);
    AgedDebtOptions options;
    Check(QueryAgedDebt(StoreView(service.store()), *Date::Parse(kAsOf), options, &report),
          "aged debt");
    const double query_seconds = watch.Seconds();
    const double query_cpu_seconds = ThreadCpuSeconds() - cpu_start;
    Stopwatch direct;
    const size_t direct_bytes = AgedDebtJson(report).size();
    const double direct_seconds = direct.Seconds();
    Stopwatch generic;
    const size_t generic_bytes = ToJson(report).size();
    const double generic_seconds = generic.Seconds();
    if (direct_bytes != generic_bytes) {
      std::fprintf(stderr, "bench query_http: aged debt JSON differs from the protobuf printer\n");
      std::exit(1);
    }
    Report("aged_debt_in_process", events, query_seconds,
           {{"lines", static_cast<double>(report.lines_size())},
            {"query_cpu_seconds", query_cpu_seconds},
            {"json_direct_seconds", direct_seconds},
            {"json_protobuf_seconds", generic_seconds}});
  }
  for (int run = 0; run < kAgedDebtRuns; ++run) {
    std::string body;
    const double json_seconds = TimedGet(client, target, &body);
    Report("aged_debt_http_json", events, json_seconds,
           {{"body_mb", static_cast<double>(body.size()) / 1e6}});
    const double csv_seconds = TimedGet(client, target, &body, {{"Accept", "text/csv"}});
    Report("aged_debt_http_csv", events, csv_seconds,
           {{"body_mb", static_cast<double>(body.size()) / 1e6}});
    const double totals_seconds = TimedGet(client, target + "&lines=false", &body);
    Report("aged_debt_http_totals", events, totals_seconds,
           {{"body_mb", static_cast<double>(body.size()) / 1e6}});
  }
}

}  // namespace

void BenchQueryRoutes(const BenchOptions& options) {
  BenchOptions sized = options;
  sized.portfolio.collectors = std::max<int64_t>(1, options.portfolio.accounts / kWorklistAccounts);
  ScratchDir scratch("query_http");
  const std::string store_directory =
      options.store_directory.empty() ? scratch.path("store") : options.store_directory;
  int64_t events = 0;
  if (StoreHasEvents(store_directory)) {
    std::fprintf(stderr, "bench query_http: reusing the store in %s\n", store_directory.c_str());
  } else {
    events = LoadStore(sized.portfolio, store_directory);
  }

  ServiceOptions service_options;
  service_options.log_spec = "journal:" + scratch.path("journal");  // Never read: not started.
  service_options.store_directory = store_directory;
  std::unique_ptr<LedgerService> service;
  Check(LedgerService::Open(service_options, &service), "open service");
  if (events == 0) {
    v1::ProjectionMeta meta;
    Check(service->store().ReadMeta(&meta), "read meta");
    events = meta.events_applied();
  }
  WaitForCompactions(service->store());
  ReportStoreShape(service->store());
  HttpOptions http;
  http.port = 0;
  HttpApi api(service.get(), http);
  Check(api.Bind(), "bind");
  std::thread server([&api] { api.Serve().PermitUnchecked(); });
  {
    httplib::Client client("127.0.0.1", api.port());
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_read_timeout(120, 0);
    BenchInProcess(*service, sized);
    BenchAccountViews(client, sized);
    BenchWorklists(client, sized);
    BenchAgedDebt(client, *service, events);
  }
  api.Stop();
  server.join();
}

}  // namespace arledger::bench
