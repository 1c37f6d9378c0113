// The benchmarks, one function each; bench_main.cc parses flags.
#pragma once

#include <string>

#include "projections/projector.h"
#include "service/ledger_service.h"
#include "service/replay.h"
#include "tests/bench/portfolio.h"

namespace arledger::bench {

struct BenchOptions {
  PortfolioOptions portfolio;
  size_t batch_records = 10000;  // Records per projector batch, as the consume loop uses.
  size_t replay_batch_records = kReplayBatchRecordsDefault;  // As ledgerctl replay uses.
  int kafka_partitions = 96;  // Keeps each mock partition under its ~5 MiB retention.
  // apply: account states kept between batches, as ledgerd's [service] account_cache_mb.
  size_t account_cache_bytes = kAccountCacheBytesDefault;
  // fold: the threads of the sharded fold, as the projector's (one per core).
  size_t fold_shards = static_cast<size_t>(DefaultProjectorShards());
  // fold and replay_journal: runs of each, reported by the median run (bench_util.h).
  int repetitions = 3;
  int queries = 20000;
  // query_http: the projected store to reuse, or to build once and keep (empty: a scratch
  // directory, removed afterwards). A store built for other options gives other figures.
  std::string store_directory;
};

// Runs the named benchmark, or all of them when `only` is empty. Returns a process exit code.
int RunBenchmarks(const BenchOptions& options, const std::string& only);

}  // namespace arledger::bench
