// AuditChain: recompute every partition's hash chain from the log, h(n) = SHA-256(h(n-1) ||
// record value bytes), and compare it with what a projection store says it folded.
//
// With a store, each partition is chained up to the store's own offset (never beyond) and
// compared at every chain checkpoint the store holds (projections/chain_checkpoints.h) and at
// the head in its meta; a log rewritten under the store is then narrowed down to the window of
// records between the last matching checkpoint and the first differing one. Without a store,
// the heads of the whole log as it is now are reported (to compare with another copy, e.g. an
// archive). A log shorter than the store (records the store folded are gone) fails the
// partition, with the window from the last matching checkpoint to the store's offset. The store
// is only read; a journal may be a read-only view beside a running ledgerd.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "core/status.h"
#include "projections/store.h"
#include "service/progress.h"

namespace arledger {

struct PartitionChainAudit {
  int32_t partition = 0;
  int64_t records = 0;        // Offsets [0, records) were chained.
  std::string log_head_hex;   // Recomputed from the log; empty when records == 0.
  bool compared = false;      // Whether a store was there to compare with.
  int64_t store_records = 0;  // The store's offset: what it folded of this partition.
  std::string store_head_hex;
  int64_t checkpoints_compared = 0;
  bool equal = true;
  // When not equal: the first window of offsets [from, to] in which the log departs from what
  // the store folded — the first rewritten (or, when log_short, missing) record is in there.
  bool log_short = false;  // The log ends before store_records.
  int64_t differs_from = -1;
  int64_t differs_to = -1;
};

struct ChainAuditReport {
  bool passed = true;
  int64_t records = 0;  // Chained, over all partitions.
  std::vector<PartitionChainAudit> partitions;
};

// `store` may be null: then there is nothing to compare and the audit reports the heads.
Status AuditChain(EventLog* events, const Store* store, Progress* progress,
                  ChainAuditReport* report);

}  // namespace arledger
