// BulkIngest: a bulk load's insert-only read models written as table files and ingested,
// instead of going through memtables (StoreOptions::bulk_table_bytes).
//
// The store hands it every batch (Split): puts to those models are buffered, one
// SortedTableBuffer per model, and the batch's other operations are written as usual. When a
// model's buffer reaches its bound it is sorted, written as a table file and ingested on a
// background thread while a fresh buffer fills; one table is built at a time, so a model has at
// most two buffers. Finish writes what is left and waits. (Keeping written buffers for reuse
// spared the write thread its page faults but held ~125 MB more at the peak: not worth it.)
//
// Ingesting the tables in the order they were filled keeps RocksDB's rule for a key put twice:
// the later put wins, across tables as within one. Only puts are taken: a delete or merge on
// one of these models is refused. Nothing can read them before Finish (the store refuses).
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "projections/sorted_table_buffer.h"

namespace arledger {

class BulkIngest {
 public:
  // `handles` are every column family a batch may name; `ingested` (a subset) are buffered.
  // Table files are written to `directory` (created; removed by Finish) until ingested.
  BulkIngest(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
             const std::vector<rocksdb::ColumnFamilyHandle*>& ingested, std::string directory,
             size_t table_bytes);
  ~BulkIngest();  // Waits for the table in flight.
  BulkIngest(const BulkIngest&) = delete;
  BulkIngest& operator=(const BulkIngest&) = delete;

  bool Ingests(const rocksdb::ColumnFamilyHandle* handle) const;

  // Takes `batch`'s puts to the ingested models. `*rest` is set to null when nothing else is
  // left to write, to `batch` itself when none was taken, and otherwise to `*scratch`, filled
  // with the other operations in their order.
  Status Split(rocksdb::WriteBatch* batch, rocksdb::WriteBatch* scratch,
               rocksdb::WriteBatch** rest);

  // Writes and ingests every buffer's remainder, waits, and removes the directory.
  Status Finish();

 private:
  struct Model {
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    rocksdb::Options options;  // The column family's, for its table files.
    std::unique_ptr<SortedTableBuffer> filling;
  };
  class Splitter;

  Model* Find(uint32_t column_family_id);
  rocksdb::ColumnFamilyHandle* HandleOf(uint32_t column_family_id) const;
  // Hands `model`'s buffer to the background thread (after the table in flight) and starts a
  // fresh one.
  Status StartTable(Model* model);
  Status WaitForTable();

  rocksdb::DB* db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<Model> models_;
  std::string directory_;
  size_t table_bytes_;
  int tables_started_ = 0;
  std::future<Status> building_;
};

}  // namespace arledger
