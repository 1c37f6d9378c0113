// arledger_bench: the benchmark suite. Each benchmark prints one JSON object per line; ratios
// are taken against a baseline measured in the same run, on the same data.
//
//   arledger_bench [--only fold|apply|replay_journal|replay_kafka|query|query_http]
//                  [--accounts N] [--months M] [--seed S] [--portfolio realistic|simple]
//                  [--batch RECORDS] [--replay-batch RECORDS] [--partitions N]
//                  [--account-cache-mb MB] [--fold-shards N]
//                  [--repetitions N] [--queries Q] [--store DIR] [--smoke]
//
// Peak RSS is reset once a benchmark's input is ready (bench_util.h); fold and apply keep
// their input log in memory, so theirs includes it (apply reports its size as input_mb).
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/bench/benchmarks.h"

int main(int argc, char** argv) {
  arledger::bench::BenchOptions options;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--only")
      only = next();
    else if (arg == "--accounts")
      options.portfolio.accounts = std::atoll(next());
    else if (arg == "--months")
      options.portfolio.months = std::atoi(next());
    else if (arg == "--seed")
      options.portfolio.seed = std::strtoull(next(), nullptr, 10);
    else if (arg == "--repetitions")
      options.repetitions = std::max(1, std::atoi(next()));
    else if (arg == "--queries")
      options.queries = std::max(1, std::atoi(next()));
    else if (arg == "--store")
      options.store_directory = next();
    else if (arg == "--portfolio") {
      if (!arledger::bench::ParsePortfolioKind(next(), &options.portfolio.kind)) {
        std::fprintf(stderr, "--portfolio is realistic or simple\n");
        return 2;
      }
    } else if (arg == "--batch")
      options.batch_records = std::strtoull(next(), nullptr, 10);
    else if (arg == "--replay-batch")
      options.replay_batch_records = std::strtoull(next(), nullptr, 10);
    else if (arg == "--partitions")
      options.kafka_partitions = std::atoi(next());
    else if (arg == "--account-cache-mb")
      options.account_cache_bytes = std::strtoull(next(), nullptr, 10) << 20;
    else if (arg == "--fold-shards")
      options.fold_shards = std::max(1ul, std::strtoul(next(), nullptr, 10));
    else if (arg == "--smoke") {
      options.portfolio.accounts = 500;
      options.portfolio.months = 3;
      options.portfolio.seed = 7;
      options.queries = 2000;
    } else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  return arledger::bench::RunBenchmarks(options, only);
}
