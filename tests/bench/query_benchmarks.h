// The query-route benchmark: a seeded portfolio projected once into a store (or a store from
// an earlier run reused), served by ledgerd's HttpApi on 127.0.0.1, and read through a real
// HTTP client: account-view latency, a collector's worklist latency, and the whole aged debt
// report (JSON and CSV over HTTP, and in process). One JSON line per figure.
//
// Owns its scratch directory; not thread-safe (one benchmark at a time).
#pragma once

#include "tests/bench/benchmarks.h"

namespace arledger::bench {

// Collectors are sized so each holds worklist_accounts accounts (the 1,500).
inline constexpr int64_t kWorklistAccounts = 1500;

void BenchQueryRoutes(const BenchOptions& options);

}  // namespace arledger::bench
