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

struct Operation {
  uint32_t column_family = 0;
  uint32_t index = 0;   // Position in the batch: equal keys keep their order (last write wins).
  uint64_t prefix = 0;  // The key's first 8 bytes, big-endian, zero-padded: most comparisons
                        // end here, without a memcmp.
  rocksdb::Slice key;
  rocksdb::Slice value;
  bool is_delete = false;
};

// (column family, key, position): the byte order of keys, as RocksDB's default comparator.
// Equal prefixes fall back to the whole key, so a key that is a prefix of another (zero
// padding) still sorts first.
bool Before(const Operation& a, const Operation& b) {
  if (a.column_family != b.column_family) return a.column_family < b.column_family;
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  if (const int order = a.key.compare(b.key); order != 0) return order < 0;
  return a.index < b.index;
}

class Collector : public rocksdb::WriteBatch::Handler {
 public:
  explicit Collector(std::vector<Operation>* operations) : operations_(operations) {}

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
    operations_->push_back({column_family, index,
                            KeyPrefix(std::string_view(key.data(), key.size())), key, value,
                            is_delete});
  }
  rocksdb::Status Refuse() {
    refused_ = true;
    return rocksdb::Status::NotSupported("only Put and Delete can be ordered by key");
  }
  std::vector<Operation>* operations_;
  bool refused_ = false;
};

}  // namespace

Status OrderByKey(const Store& store, const std::vector<const rocksdb::WriteBatch*>& batches,
                  rocksdb::WriteBatch* ordered) {
  uint32_t count = 0;
  for (const rocksdb::WriteBatch* batch : batches) count += batch->Count();
  std::vector<Operation> operations;
  operations.reserve(count);
  Collector collector(&operations);
  for (const rocksdb::WriteBatch* batch : batches) {
    ARLEDGER_RETURN_IF_ERROR(FromRocks(batch->Iterate(&collector), "reading a projection batch"));
    if (collector.refused()) return Internal("a projection batch holds more than Put and Delete");
  }
  std::sort(operations.begin(), operations.end(), Before);
  std::vector<rocksdb::ColumnFamilyHandle*> by_id;
  for (int model = 0; model < kReadModelCount; ++model) {
    rocksdb::ColumnFamilyHandle* handle = store.handle(static_cast<ReadModel>(model));
    if (by_id.size() <= handle->GetID()) by_id.resize(handle->GetID() + 1, nullptr);
    by_id[handle->GetID()] = handle;
  }
  ordered->Clear();
  for (const Operation& operation : operations) {
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

}  // namespace arledger
