// CreateCheckpoint: a consistent, openable copy of a live projection store (rocksdb::Checkpoint).
//
// The checkpoint holds every read model and the meta (offsets, chain heads) as of one batch
// boundary: RocksDB flushes the memtables, hard-links the immutable table files (copies them
// when the target is on another filesystem) and copies the live WAL, so opening the copy
// replays whole batches only — never half a batch. A store opened on the copy resumes from the
// copy's offsets and catches up from the log.
//
// Thread-safety: may be called while the projector writes and queries read; writes are not
// paused. Durability: when it returns OK the checkpoint's files are synced.
#pragma once

#include <string>

#include "core/status.h"
#include "projections/store.h"

namespace arledger {

// Writes the checkpoint into `directory`, which must not exist (its parent must). AlreadyExists
// when it does.
Status CreateCheckpoint(const Store& store, const std::string& directory);

}  // namespace arledger
