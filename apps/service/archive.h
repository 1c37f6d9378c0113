// Archive: copy a topic, partition by partition, into a journal that replay, verify, history
// and audit-chain can read offline — same partitions, same offsets, same bytes, same record
// timestamps.
//
// Resumable: each partition continues from the journal's end. Before copying on, the last
// archived record of each partition is read again from the source and must be byte-equal (so an
// archive is never continued from a different topic); the chain over the archived prefix is
// recomputed from the journal. While copying, every source record is chained and its journal
// position checked against its source position. At the end the journal is read back and its
// chain must equal the chain of the source bytes (a paired check of what was written). Each
// append is durable (synced) before the next batch is read, so an interrupted archive loses
// nothing and resumes where it stopped. The resume check compares only the last archived record
// of each partition (re-reading the whole source would defeat resuming); `audit-chain` over the
// source and over the archive compares the whole chains. Runs on the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "core/status.h"
#include "service/progress.h"

namespace arledger {

struct ArchiveOptions {
  std::string topic = kEventsTopic;
  size_t batch_records_max = 10000;  // Records per journal append.
  // Copy at most this many records in this run (0: everything up to the source's end now),
  // filling partitions in order; a later run continues. Archives a large topic in slices.
  int64_t records_max = 0;
  Progress* progress = nullptr;
};

struct ArchiveReport {
  int64_t records_before = 0;                // Already in the archive when this run started.
  int64_t records_copied = 0;                // By this run.
  int64_t records_left = 0;                  // In the source after this run (records_max).
  std::vector<std::string> chain_heads_hex;  // Per partition, over the whole archive.
  double seconds = 0;
};

// `from_spec` is any log spec (in practice kafka:BROKERS); `to_spec` must be journal:DIR.
Status ArchiveTopic(const std::string& from_spec, const std::string& to_spec,
                    const ArchiveOptions& options, ArchiveReport* report);

}  // namespace arledger
