// ReadStoreStats: RocksDB properties per column family, summed.
#include "projections/store_stats.h"

#include <rocksdb/db.h>

#include <charconv>
#include <map>
#include <string>

namespace arledger {
namespace {

// A counter from the "rocksdb.cfstats" map (text values).
uint64_t MapCounter(const std::map<std::string, std::string>& values, const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end()) return 0;
  double value = 0;  // RocksDB prints these as decimals.
  std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  return value > 0 ? static_cast<uint64_t>(value) : 0;
}

}  // namespace

Status ReadStoreStats(const Store& store, StoreStats* stats) {
  *stats = StoreStats();
  rocksdb::DB* db = store.db();
  for (int model = 0; model < kReadModelCount; ++model) {
    rocksdb::ColumnFamilyHandle* handle = store.handle(static_cast<ReadModel>(model));
    uint64_t value = 0;
    if (!db->GetIntProperty(handle, rocksdb::DB::Properties::kTotalSstFilesSize, &value)) {
      return Internal("RocksDB has no property total-sst-files-size");
    }
    stats->sst_bytes += value;
    if (!db->GetIntProperty(handle, rocksdb::DB::Properties::kCurSizeAllMemTables, &value)) {
      return Internal("RocksDB has no property cur-size-all-mem-tables");
    }
    stats->memtable_bytes += value;
    std::map<std::string, std::string> cfstats;
    if (!db->GetMapProperty(handle, rocksdb::DB::Properties::kCFStats, &cfstats) ||
        !cfstats.count("io_stalls.total_slowdown") || !cfstats.count("io_stalls.total_stop")) {
      return Internal("RocksDB's cfstats map has no io_stalls totals");
    }
    stats->stalls_slowdown += MapCounter(cfstats, "io_stalls.total_slowdown");
    stats->stalls_stop += MapCounter(cfstats, "io_stalls.total_stop");
  }
  // Database-wide properties.
  if (!db->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stats->write_stopped) ||
      !db->GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate,
                          &stats->delayed_write_rate_bytes)) {
    return Internal("RocksDB has no write-stall properties");
  }
  return Status::Ok();
}

}  // namespace arledger
