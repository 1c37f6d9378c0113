// Internal to the projector: running a batch's shards on threads, and the first error of theirs.
// Included by projections/projector*.cc only.
#pragma once

#include <thread>
#include <vector>

#include "core/status.h"

namespace arledger::projector_internal {

// Below this many records a batch's shards run one after another on the calling thread:
// starting a thread costs more than folding a few events (the service folds one at a time).
inline constexpr size_t kParallelRecordsMin = 256;

// Calls fn(k) for every k in [0, count) with has_work(k): the first on the calling thread, the
// others on threads of their own when `parallel`, else on the calling thread too; returns once
// all are done.
template <typename HasWork, typename Fn>
void RunShards(size_t count, bool parallel, const HasWork& has_work, const Fn& fn) {
  std::vector<std::thread> threads;
  size_t inline_shard = count;
  for (size_t k = 0; k < count; ++k) {
    if (!has_work(k)) continue;
    if (!parallel) {
      fn(k);
    } else if (inline_shard == count) {
      inline_shard = k;
    } else {
      threads.emplace_back([&fn, k] { fn(k); });
    }
  }
  if (inline_shard != count) fn(inline_shard);
  for (std::thread& thread : threads) thread.join();
}

inline Status FirstError(const std::vector<Status>& statuses) {
  for (const Status& status : statuses) {
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace arledger::projector_internal
