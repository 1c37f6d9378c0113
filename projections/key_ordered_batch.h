// OrderByKey: a copy of a rocksdb::WriteBatch with its operations sorted by (column family, key).
//
// Why: RocksDB's memtable is a skip list that remembers where the last insert went; a batch
// whose keys arrive in order is inserted with a short search from there, while keys in hash-map
// order each need a full search from the top (profiled: ~23% of a projector batch). A batch
// holds each key of a column family once, so the order changes nothing in what it writes; where
// a key does repeat, its operations keep their order, so the last write still wins.
//
// Only Put and Delete are supported (all the projector writes); anything else is kInternal.
// Pure functions of their input; thread-compatible (the projector sorts each shard's batch on
// the shard's thread, then merges them on its own).
#pragma once

#include <rocksdb/slice.h>

#include <cstdint>
#include <vector>

#include "core/status.h"
#include "projections/store.h"

namespace rocksdb {
class WriteBatch;
}

namespace arledger {

// One Put or Delete of a batch, as slices into it (valid while the batch is unchanged).
struct BatchOperation {
  uint32_t column_family = 0;
  uint32_t batch_number = 0;  // Which of the batches ordered together: ties keep this order,
  uint32_t index = 0;         // then their order within it (the last write still wins).
  uint64_t prefix = 0;        // The key's first 8 bytes, big-endian, zero-padded: most
                              // comparisons end here, without a memcmp.
  rocksdb::Slice key;
  rocksdb::Slice value;
  bool is_delete = false;
};

// The operations of `batch` sorted by (column family, key, batch number, position). Batches
// sorted apart (on several threads) are then merged by WriteOrdered.
Status SortBatch(const rocksdb::WriteBatch& batch, uint32_t batch_number,
                 std::vector<BatchOperation>* sorted);

// Merges sorted operation lists (SortBatch) into `ordered`, cleared first, as `store`'s column
// families (any other is kInternal).
Status WriteOrdered(const Store& store,
                    const std::vector<const std::vector<BatchOperation>*>& lists,
                    rocksdb::WriteBatch* ordered);

// The operations of `batches`, taken as one batch (the first's, then the second's...), in key
// order. They write only `store`'s read-model column families; `ordered` is cleared first.
Status OrderByKey(const Store& store, const std::vector<const rocksdb::WriteBatch*>& batches,
                  rocksdb::WriteBatch* ordered);

inline Status OrderByKey(const Store& store, const rocksdb::WriteBatch& batch,
                         rocksdb::WriteBatch* ordered) {
  return OrderByKey(store, std::vector<const rocksdb::WriteBatch*>{&batch}, ordered);
}

}  // namespace arledger
