// OrderByKey: collect the batch's operations as slices into it, stable-sort, copy out.
#include "projections/key_ordered_batch.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <vector>

#include "projections/key_prefix.h"
#include "projections/rocks_status.h"

namespace arledger {
namespace {

using Operation = BatchOperation;

// (column family, key, batch, position): the byte order of keys, as RocksDB's default
// comparator. Equal prefixes fall back to the whole key, so a key that is a prefix of another
// (zero padding) still sorts first.
bool Before(const Operation& a, const Operation& b) {
  if (a.column_family != b.column_family) return a.column_family < b.column_family;
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  if (const int order = a.key.compare(b.key); order != 0) return order < 0;
  if (a.batch_number != b.batch_number) return a.batch_number < b.batch_number;
  return a.index < b.index;
}

class Collector : public rocksdb::WriteBatch::Handler {
 public:
  Collector(uint32_t batch_number, std::vector<Operation>* operations)
      : batch_number_(batch_number), operations_(operations) {}

  rocksdb::Status PutCF(uint32_t column_family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    Add(column_family, key, value, false);
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t column_family, const rocksdb::Slice& key) override {
    Add(column_family, key, rocksdb::Slice(), true);
    return rocksdb::Status::OK();
  }
  // Everything else the projector never writes: refused, so that nothing is silently dropped.
  rocksdb::Status SingleDeleteCF(uint32_t, const rocksdb::Slice&) override { return Refuse(); }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Refuse();
  }
  rocksdb::Status MergeCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Refuse();
  }
  rocksdb::Status PutEntityCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Refuse();
  }
  rocksdb::Status PutBlobIndexCF(uint32_t, const rocksdb::Slice&, const rocksdb::Slice&) override {
    return Refuse();
  }
  void LogData(const rocksdb::Slice&) override { refused_ = true; }
  bool refused() const { return refused_; }

 private:
  void Add(uint32_t column_family, const rocksdb::Slice& key, const rocksdb::Slice& value,
           bool is_delete) {
    const auto index = static_cast<uint32_t>(operations_->size());
    operations_->push_back({column_family, batch_number_, index,
                            KeyPrefix(std::string_view(key.data(), key.size())), key, value,
                            is_delete});
  }
  rocksdb::Status Refuse() {
    refused_ = true;
    return rocksdb::Status::NotSupported("only Put and Delete can be ordered by key");
  }
  const uint32_t batch_number_;
  std::vector<Operation>* operations_;
  bool refused_ = false;
};

}  // namespace

Status SortBatch(const rocksdb::WriteBatch& batch, uint32_t batch_number,
                 std::vector<BatchOperation>* sorted) {
  sorted->clear();
  sorted->reserve(batch.Count());
  Collector collector(batch_number, sorted);
  ARLEDGER_RETURN_IF_ERROR(FromRocks(batch.Iterate(&collector), "reading a projection batch"));
  if (collector.refused()) return Internal("a projection batch holds more than Put and Delete");
  std::sort(sorted->begin(), sorted->end(), Before);
  return Status::Ok();
}

Status WriteOrdered(const Store& store,
                    const std::vector<const std::vector<BatchOperation>*>& lists,
                    rocksdb::WriteBatch* ordered) {
  std::vector<rocksdb::ColumnFamilyHandle*> by_id;
  for (int model = 0; model < kReadModelCount; ++model) {
    rocksdb::ColumnFamilyHandle* handle = store.handle(static_cast<ReadModel>(model));
    if (by_id.size() <= handle->GetID()) by_id.resize(handle->GetID() + 1, nullptr);
    by_id[handle->GetID()] = handle;
  }
  ordered->Clear();
  size_t count = 0;
  std::vector<size_t> next(lists.size(), 0);  // Each list's first operation not yet written.
  for (;;) {
    // A handful of lists: the smallest head by a linear scan.
    const Operation* smallest = nullptr;
    size_t from = 0;
    for (size_t list = 0; list < lists.size(); ++list) {
      if (next[list] == lists[list]->size()) continue;
      const Operation& head = (*lists[list])[next[list]];
      if (smallest == nullptr || Before(head, *smallest)) {
        smallest = &head;
        from = list;
      }
    }
    if (smallest == nullptr) break;
    ++next[from];
    ++count;
    const Operation& operation = *smallest;
    if (operation.column_family >= by_id.size() || by_id[operation.column_family] == nullptr) {
      return Internal("a projection batch writes column family " +
                      std::to_string(operation.column_family) + ", not a read model");
    }
    rocksdb::ColumnFamilyHandle* handle = by_id[operation.column_family];
    const rocksdb::Status status = operation.is_delete
                                       ? ordered->Delete(handle, operation.key)
                                       : ordered->Put(handle, operation.key, operation.value);
    ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "ordering a projection batch"));
  }
  ARLEDGER_CHECK(ordered->Count() == count);
  return Status::Ok();
}

Status OrderByKey(const Store& store, const std::vector<const rocksdb::WriteBatch*>& batches,
                  rocksdb::WriteBatch* ordered) {
  std::vector<std::vector<BatchOperation>> sorted(batches.size());
  std::vector<const std::vector<BatchOperation>*> lists;
  uint32_t count = 0;
  for (size_t i = 0; i < batches.size(); ++i) {
    ARLEDGER_RETURN_IF_ERROR(SortBatch(*batches[i], static_cast<uint32_t>(i), &sorted[i]));
    lists.push_back(&sorted[i]);
    count += batches[i]->Count();
  }
  ARLEDGER_RETURN_IF_ERROR(WriteOrdered(store, lists, ordered));
  ARLEDGER_CHECK(ordered->Count() == count);
  return Status::Ok();
}

}  // namespace arledger
