// Internal to the projector: when a batch's shards run on their threads (shard_threads.h), and
// the first error of theirs. Included by projections/projector*.cc only.
#pragma once

#include <vector>

#include "core/status.h"

namespace arledger::projector_internal {

// Below this many records a batch's shards run one after another on the calling thread:
// handing work to the shard threads costs more than folding a few events (the service folds
// one at a time).
inline constexpr size_t kParallelRecordsMin = 256;

inline Status FirstError(const std::vector<Status>& statuses) {
  for (const Status& status : statuses) {
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace arledger::projector_internal
