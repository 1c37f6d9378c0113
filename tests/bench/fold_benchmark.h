// The fold benchmark: core's ApplyToAccount / ApplyPolicy in memory, no store.
#pragma once

#include <cstddef>
#include <vector>

#include "core/log_record.h"

namespace arledger::bench {

// Reports "fold" (one thread) and, when `shards` > 1, "fold_sharded": the same events shared
// out to `shards` threads by account id, as the projector folds a batch. Each is run
// `repetitions` times and reported by its median run (Repetitions). Exits non-zero if any run
// leaves any account state different from the first one-thread run's. Returns the one-thread
// median's events/s.
double BenchFold(const std::vector<LogRecord>& records, size_t shards, int repetitions);

// Accounts in fold_in_cache's portfolio: few enough that their states (~5 KB each) and the
// events being folded stay in this machine's caches (1 MB L2 a core, 32 MB L3 shared). The
// one-thread fold keeps its full-size rate up to ~4,000 of them and halves by 8,000.
inline constexpr int64_t kInCacheAccounts = 2000;

// Reports "fold_in_cache": the one-thread fold of `records`, a portfolio of at most
// kInCacheAccounts accounts, run at least 25 times (one run is ~10 ms). It is the same code as
// "fold" on the same kind of history; the ratio to `full_size_events_per_s` is what the cache
// misses of a full-size portfolio cost, and its rate the most that fewer misses alone could
// give.
void BenchFoldInCache(const std::vector<LogRecord>& records, int repetitions,
                      double full_size_events_per_s);

}  // namespace arledger::bench
