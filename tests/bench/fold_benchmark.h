// The fold benchmark: core's ApplyToAccount / ApplyPolicy in memory, no store.
#pragma once

#include <cstddef>
#include <vector>

#include "core/log_record.h"

namespace arledger::bench {

// Reports "fold" (one thread) and, when `shards` > 1, "fold_sharded": the same events shared
// out to `shards` threads by account id, as the projector folds a batch. Each is run
// `repetitions` times and reported by its median run (Repetitions). Exits non-zero if any run
// leaves any account state different from the first one-thread run's.
void BenchFold(const std::vector<LogRecord>& records, size_t shards, int repetitions);

}  // namespace arledger::bench
