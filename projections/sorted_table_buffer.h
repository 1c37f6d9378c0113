// SortedTableBuffer: one column family's puts, taken in any order, written as one sorted table
// file (RocksDB's SstFileWriter) for the store to ingest.
//
// A bulk load's insert-only read models go this way instead of through memtables (BulkIngest).
// A put is a copy into one buffer. The sort compares the keys' first 24 bytes, held inline in
// the index, and touches the buffer only when those are equal, where a vector memtable's sort at
// flush follows two pointers per comparison into a 64 MiB arena (perf, full-size replay: ~12% of
// the CPU time).
#pragma once

#include <rocksdb/options.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace arledger {

class SortedTableBuffer {
 public:
  // Reserves room for `bytes_expected` of keys and values, and a sixteenth more for the put
  // that crosses it (untouched memory costs nothing), so that a buffer filled up to its bound
  // is not copied while it grows.
  explicit SortedTableBuffer(size_t bytes_expected = 0) {
    data_.reserve(bytes_expected + bytes_expected / 16);
  }

  // Puts `key` -> `value`. A key put more than once keeps its last value.
  void Put(std::string_view key, std::string_view value);

  bool empty() const { return entries_.empty(); }
  // Keys and values held, which is what the buffer's memory grows with.
  size_t bytes() const { return data_.size(); }

  // Writes the entries to a new table file at `path` in key order, with `options` (those of the
  // column family it is for: comparator, compression, filters), and empties the buffer. Keys
  // must order bytewise. An empty buffer writes nothing (and is OK).
  Status WriteTable(const rocksdb::Options& options, const std::string& path);

 private:
  static constexpr size_t kInlineKeyBytes = 24;
  static constexpr size_t kPrefetchEntriesAhead = 8;
  struct Entry {
    uint64_t head[kInlineKeyBytes / 8];  // The key's first bytes, big-endian, zero-padded.
    uint32_t offset;                     // Of the key in data_; the value follows it.
    uint32_t key_size;
    uint32_t value_size;
    uint32_t order;  // Put order: for one key the last put wins.
  };
  static bool KeyLess(const Entry& a, const Entry& b, const char* data);
  // The same key: on the inline heads and sizes, reading the buffer only past 24 equal bytes.
  static bool SameKey(const Entry& a, const Entry& b, const char* data);
  void SortEntries();

  std::string data_;
  std::vector<Entry> entries_;
};

}  // namespace arledger
