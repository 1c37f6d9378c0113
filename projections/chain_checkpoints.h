// Chain checkpoints: the hash-chain head of each partition at fixed offsets, kept in the store.
//
// The projector extends each partition's chain h(n) = SHA-256(h(n-1) || record bytes) and the
// meta holds the head at the store's offset. A head alone says only "the whole prefix matches or
// it does not". Checkpoints add the head after every kChainCheckpointInterval-th record
// (offsets k*interval - 1), so that
//   - `ledgerctl audit-chain` can name the window of kChainCheckpointInterval records where a
//     rewritten log first departs from what was folded, not just "somewhere before offset N";
//   - the projector can check records delivered again below its offset (a consumer resuming
//     from the last checkpoint re-reads the tail it already folded): replaying their bytes from
//     the checkpoint before them must reach the checkpoint (or head) after them.
// The offsets are fixed, not batch boundaries, so a replay writes exactly the same checkpoints
// and the digest stays a pure function of the log.
//
// Layout: in the meta column family, key "chain/" + big-endian u32 partition + big-endian u64
// offset -> the 32-byte head after the record at that offset. Pure helpers and reads; the
// projector writes checkpoints in its batch. Thread-safe as the Store is.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "projections/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace arledger {

// Records between two checkpoints: the window audit-chain narrows a rewrite down to, and at
// most how many records a resuming consumer re-reads to check its tail.
inline constexpr int64_t kChainCheckpointInterval = 1024;

// True when the head after the record at `offset` is checkpointed.
inline bool IsChainCheckpoint(int64_t offset) {
  return (offset + 1) % kChainCheckpointInterval == 0;
}

// The offset from which a consumer at `next_offset` re-reads to check its tail: the first
// record after the last checkpoint below `next_offset` (0 when there is none).
inline int64_t ChainTailStart(int64_t next_offset) {
  return next_offset <= 0
             ? 0
             : ((next_offset - 1) / kChainCheckpointInterval) * kChainCheckpointInterval;
}

inline constexpr std::string_view kChainCheckpointPrefix = "chain/";
std::string ChainCheckpointKey(int32_t partition, int64_t offset);
// False when `key` is not a checkpoint key.
bool ParseChainCheckpointKey(std::string_view key, int32_t* partition, int64_t* offset);

// Adds the checkpoint to `batch` (the meta column family of `store`).
void PutChainCheckpoint(const Store& store, int32_t partition, int64_t offset,
                        std::string_view head, rocksdb::WriteBatch* batch);

// The head after `offset` in `partition`; `found` false (and OK) when none is stored.
Status GetChainCheckpoint(const Store& store, int32_t partition, int64_t offset, std::string* head,
                          bool* found);

// Every checkpoint of `partition`, offset -> head.
Status ReadChainCheckpoints(const Store& store, int32_t partition,
                            std::map<int64_t, std::string>* heads);

}  // namespace arledger
