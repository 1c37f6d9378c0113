// Replay: rebuild a projection store from offset 0 of the log, as an auditor does.
//
// Reads every partition from 0 up to the end offsets observed when the replay starts, a group of
// partitions at a time (a pass; a group too large for one is read again for each slice of its
// accounts), folds in batches with the same Projector the daemon uses, and reports the digest. Dead
// letters are counted (they are in the store's meta) but not written to the dead-letter log again:
// the live consumer already wrote them. The target store must be new or empty; it is filled in bulk
// (StoreOptions::bulk_load: no write-ahead log; the projector's bulk passes: nothing read back,
// each account written once at the end of its pass) and flushed before the digest is taken. A
// replay that dies half-way leaves a store to delete and replay again (a replay refuses a target
// that is not empty).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "core/status.h"
#include "projections/projector.h"
#include "projections/store.h"
#include "service/progress.h"

namespace arledger {

// Records per projector batch during a replay. Larger than the live consume loop's batches: an
// account's events within one batch are folded into its state in memory, read and written once
// (callgrind, 57k-event sim log: 50k-record batches cost 36% fewer instructions than 10k), at
// ~1.5 KiB of memory per record of the batch.
inline constexpr size_t kReplayBatchRecordsDefault = 50000;

// A bulk pass holds its accounts' states and its events' identities in memory until it ends,
// so a replay's peak memory grows with the records of its largest pass (at 1M accounts ~450
// bytes a record, on ~750 MB that do not depend on it). 1M accounts over 6 months (13.8M
// records): 8 passes of 1.7M records peaked at 1.43 GiB, 32 of 430k at 892 MiB, 64 of 215k at
// 800 MiB; in 8 partitions, 8 groups of 5 slices (~345k records each), 824 MiB.
inline constexpr int64_t kReplayPassRecordsMax = 400000;

// Partitions a pass reads together when ReplayOptions::partitions_per_pass is 0: at least 8
// passes (an eighth of the partitions, rounded up), and as many more as it takes for a pass to
// hold about `pass_records_max` records at most, at one partition a pass at least.
size_t PassPartitions(size_t partitions, int64_t records, int64_t pass_records_max);

// How many slices of its accounts a pass of `pass_records` records is folded in, one read of its
// partitions each (Projector::BeginSlice), so that a slice holds about `pass_records_max` records
// at most (accounts are sliced by id hash: evenly, on average) whatever the log's partitions: a
// pass of one large partition is read several times. Slice 0 parses every record, the later
// ones only their own (PeekEnvelope tells the others apart from their bytes).
size_t PassSlices(int64_t pass_records, int64_t pass_records_max);

struct ReplayOptions {
  size_t batch_records_max = kReplayBatchRecordsDefault;
  int poll_timeout_ms = 500;
  int idle_polls_max = 120;  // Bound on consecutive empty polls before giving up (a stalled log).
  // Where to stop, per partition (exclusive). Empty: the end offsets observed at start.
  std::vector<int64_t> stop_offsets;
  Progress* progress = nullptr;  // Told the total and each batch, when given.
  // Threads folding each batch (1..kProjectorShardsMax); the digest does not depend on it.
  int shards = DefaultProjectorShards();
  // Partitions read together (ScanOptions::partitions_per_pass); 0: PassPartitions' choice.
  // Every account lives in one partition, so a pass over few partitions gives each batch
  // several events per account (a Kafka reader over all partitions interleaves them, ~0.5 per
  // account per 50k batch at 100k accounts). The digest does not depend on it.
  size_t partitions_per_pass = 0;
  // About the most records one pass folds: it sizes the passes (PassPartitions, when
  // partitions_per_pass is 0) and slices those larger than this (PassSlices).
  int64_t pass_records_max = kReplayPassRecordsMax;
};

struct ReplayReport {
  int64_t records = 0;
  size_t passes = 0;          // Folds of a group of partitions (or of a slice of one) in turn.
  size_t slices_max = 0;      // The most slices a group of partitions was folded in.
  double seconds = 0;         // The whole replay, digest included.
  double digest_seconds = 0;  // Of which computing the digest.
  StoreDigest digest;
};

Status ReplayInto(EventLog* events, const std::string& store_directory,
                  const ReplayOptions& options, ReplayReport* report);

}  // namespace arledger
