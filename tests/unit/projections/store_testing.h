// Helpers for projection tests: scratch stores, folding records in batches, and seeded
// multi-account logs from core's event generator (every event valid; many refused by the fold).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "core/log_record.h"
#include "projections/store.h"
#include "tests/support/temp_dir.h"

namespace arledger::testing {

// Scratch stores under one temporary directory, removed with it.
class ScratchStores {
 public:
  std::unique_ptr<Store> Open(const StoreOptions& options = StoreOptions());

 private:
  TempDir directory_;
  int stores_ = 0;
};

// Folds `records` with a fresh Projector over `store`, `batch_size` records per commit.
void FoldRecords(Store* store, const std::vector<LogRecord>& records, size_t batch_size);

// Every key and value of one read model, in key order.
std::map<std::string, std::string> ReadModelContents(const Store& store, ReadModel model);

struct LogOptions {
  uint64_t seed = 1;
  int accounts = 24;
  int events_per_account = 60;
  int partitions = 3;
  std::vector<std::string> collectors = {"alice", "bob", "carol"};
};

// Each partition opens with the standard authority policy; each account opens with a collector
// and portfolio, then takes generated events, and now and then moves to another collector.
// Accounts interleave one event at a time, as a feed would deliver them.
std::vector<LogRecord> GenerateLog(const LogOptions& options);

// `event` for `account_id`, with a fresh event id derived from both.
v1::EventEnvelope For(const std::string& account_id, v1::EventEnvelope event);

// The generated log with, on every partition, a stricter policy a third of the way through and
// the standard one again at two thirds; plus, at seeded places, exact repeats of earlier
// records, records reusing an earlier event id with other bytes, and undecodable values.
// Offsets are numbered per partition.
std::vector<LogRecord> MixedLog(uint64_t seed, int partitions);

// Records for `events` on partition 0 from offset 0, after the standard policy.
std::vector<LogRecord> OnePartition(const std::vector<v1::EventEnvelope>& events);

}  // namespace arledger::testing
