// StoreStats: what RocksDB reports about the projection store, for /metrics — its size on
// disk and in memory, and whether writes are being slowed or stopped (write stalls).
//
// Read from RocksDB's properties, summed over the read models' column families. Cheap (no
// I/O); thread-safe: may be called while the projector writes.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "projections/store.h"

namespace arledger {

struct StoreStats {
  uint64_t sst_bytes = 0;                 // rocksdb.total-sst-files-size.
  uint64_t memtable_bytes = 0;            // rocksdb.cur-size-all-mem-tables.
  uint64_t write_stopped = 0;             // rocksdb.is-write-stopped: 1 while writes wait.
  uint64_t delayed_write_rate_bytes = 0;  // rocksdb.actual-delayed-write-rate, bytes/s; 0: none.
  uint64_t stalls_slowdown = 0;           // Write slowdowns since open (cfstats io_stalls).
  uint64_t stalls_stop = 0;               // Write stops since open (cfstats io_stalls).
};

Status ReadStoreStats(const Store& store, StoreStats* stats);

}  // namespace arledger
