// The projection-apply baseline: a bare RocksDB database given, batch by batch, exactly the
// WriteBatch each projector Commit wrote (the same keys and values, column families and order),
// timing only its Write calls — what RocksDB alone costs for the projector's output, so
// apply / raw is the share of the projector's time that RocksDB writing is.
//
// Default RocksDB options but the store's write buffer size; one column family per read model
// (so one memtable each, as in the store); the WAL on, as the store has it outside a bulk load.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "projections/store.h"

namespace arledger::bench {

class RawWriteBatchBaseline {
 public:
  // Creates the database in `directory` (which must not exist) with `store`'s read models.
  RawWriteBatchBaseline(const Store& store, const std::string& directory);
  ~RawWriteBatchBaseline();

  // Copies `batch` (written to `store`) onto this database's column families, untimed, then
  // writes it, timed.
  void Write(const rocksdb::WriteBatch& batch);

  double seconds() const { return seconds_; }
  int64_t operations() const { return operations_; }
  int64_t bytes() const { return bytes_; }  // Of the batches as written, keys and values.

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // By the store's column family id.
  rocksdb::WriteBatch copy_;
  double seconds_ = 0;
  int64_t operations_ = 0;
  int64_t bytes_ = 0;
};

}  // namespace arledger::bench
