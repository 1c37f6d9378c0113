// BulkIngest: split batches, build table files in the background, ingest them in order.
#include "projections/bulk_ingest.h"

#include <filesystem>

#include "core/status.h"
#include "projections/rocks_status.h"

namespace arledger {

// Walks a batch: with `rest` null it only counts the puts to ingested models (and refuses any
// other operation on them); with `rest` it also buffers those puts and copies everything else
// there.
class BulkIngest::Splitter : public rocksdb::WriteBatch::Handler {
 public:
  Splitter(BulkIngest* owner, rocksdb::WriteBatch* rest) : owner_(owner), rest_(rest) {}

  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    Model* model = owner_->Find(id);
    if (model == nullptr) return rest_ ? rest_->Put(owner_->HandleOf(id), key, value) : kOk;
    ++taken_;
    if (rest_ == nullptr) return kOk;
    model->filling->Put(std::string_view(key.data(), key.size()),
                        std::string_view(value.data(), value.size()));
    if (model->filling->bytes() < owner_->table_bytes_) return kOk;
    return Stop(owner_->StartTable(model));
  }
  rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
    if (owner_->Find(id) != nullptr) return Refuse(id, "delete");
    return rest_ ? rest_->Delete(owner_->HandleOf(id), key) : kOk;
  }
  rocksdb::Status SingleDeleteCF(uint32_t id, const rocksdb::Slice& key) override {
    if (owner_->Find(id) != nullptr) return Refuse(id, "single delete");
    return rest_ ? rest_->SingleDelete(owner_->HandleOf(id), key) : kOk;
  }
  rocksdb::Status DeleteRangeCF(uint32_t id, const rocksdb::Slice& begin,
                                const rocksdb::Slice& end) override {
    if (owner_->Find(id) != nullptr) return Refuse(id, "range delete");
    return rest_ ? rest_->DeleteRange(owner_->HandleOf(id), begin, end) : kOk;
  }
  rocksdb::Status MergeCF(uint32_t id, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    if (owner_->Find(id) != nullptr) return Refuse(id, "merge");
    return rest_ ? rest_->Merge(owner_->HandleOf(id), key, value) : kOk;
  }

  size_t taken() const { return taken_; }
  // Why the walk stopped, when it did for a reason of ours.
  const Status& failure() const { return failure_; }

 private:
  inline static const rocksdb::Status kOk = rocksdb::Status::OK();

  rocksdb::Status Stop(Status status) {
    if (status.ok()) return kOk;
    failure_ = std::move(status);
    return rocksdb::Status::Aborted();
  }
  rocksdb::Status Refuse(uint32_t id, const char* operation) {
    return Stop(FailedPrecondition(std::string("a bulk load's ") + owner_->HandleOf(id)->GetName() +
                                   " read model takes only puts, not a " + operation));
  }

  BulkIngest* owner_;
  rocksdb::WriteBatch* rest_;
  size_t taken_ = 0;
  Status failure_ = Status::Ok();
};

BulkIngest::BulkIngest(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                       const std::vector<rocksdb::ColumnFamilyHandle*>& ingested,
                       std::string directory, size_t table_bytes)
    : db_(db), handles_(handles), directory_(std::move(directory)), table_bytes_(table_bytes) {
  ARLEDGER_CHECK(table_bytes_ > 0);
  for (rocksdb::ColumnFamilyHandle* handle : ingested) {
    Model& model = models_.emplace_back();
    model.handle = handle;
    model.options = db_->GetOptions(handle);
    model.filling = std::make_unique<SortedTableBuffer>(table_bytes_);
  }
}

BulkIngest::~BulkIngest() {
  if (building_.valid()) building_.wait();
}

bool BulkIngest::Ingests(const rocksdb::ColumnFamilyHandle* handle) const {
  for (const Model& model : models_) {
    if (model.handle == handle) return true;
  }
  return false;
}

BulkIngest::Model* BulkIngest::Find(uint32_t column_family_id) {
  for (Model& model : models_) {
    if (model.handle->GetID() == column_family_id) return &model;
  }
  return nullptr;
}

rocksdb::ColumnFamilyHandle* BulkIngest::HandleOf(uint32_t column_family_id) const {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    if (handle->GetID() == column_family_id) return handle;
  }
  ARLEDGER_CHECK(false && "a batch named a column family the store does not have");
  return nullptr;
}

Status BulkIngest::Split(rocksdb::WriteBatch* batch, rocksdb::WriteBatch* scratch,
                         rocksdb::WriteBatch** rest) {
  // A batch of puts alone (a bulk pass's event and history batches) holds nothing to refuse,
  // so one walk splits it. Any other batch is first walked to count what it has for the
  // ingested models and to refuse what they cannot take, before anything is taken.
  const bool puts_only = !batch->HasDelete() && !batch->HasSingleDelete() &&
                         !batch->HasDeleteRange() && !batch->HasMerge() && !batch->HasPutEntity();
  if (!puts_only) {
    Splitter count(this, nullptr);
    rocksdb::Status walked = batch->Iterate(&count);
    ARLEDGER_RETURN_IF_ERROR(count.failure());
    ARLEDGER_RETURN_IF_ERROR(FromRocks(walked, "reading a bulk batch"));
    if (count.taken() == 0) {
      *rest = batch;
      return Status::Ok();
    }
  }
  scratch->Clear();
  Splitter split(this, scratch);
  const rocksdb::Status walked = batch->Iterate(&split);
  ARLEDGER_RETURN_IF_ERROR(split.failure());
  ARLEDGER_RETURN_IF_ERROR(FromRocks(walked, "splitting a bulk batch"));
  if (split.taken() == 0) {
    *rest = batch;  // Nothing was the ingested models': the batch goes as it came.
  } else {
    *rest = scratch->Count() > 0 ? scratch : nullptr;
  }
  return Status::Ok();
}

Status BulkIngest::WaitForTable() {
  if (!building_.valid()) return Status::Ok();
  return building_.get();
}

Status BulkIngest::StartTable(Model* model) {
  ARLEDGER_RETURN_IF_ERROR(WaitForTable());
  if (model->filling->empty()) return Status::Ok();
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) return IoError("creating " + directory_ + ": " + error.message());
  std::string path = directory_ + "/" + std::to_string(tables_started_++) + ".sst";
  building_ = std::async(
      std::launch::async,
      [this, model, buffer = std::move(model->filling), path = std::move(path)]() -> Status {
        ARLEDGER_RETURN_IF_ERROR(buffer->WriteTable(model->options, path));
        rocksdb::IngestExternalFileOptions ingest;
        ingest.move_files = true;           // A hard link: the file is not copied.
        ingest.write_global_seqno = false;  // Only this build's RocksDB reads the store.
        return FromRocks(db_->IngestExternalFile(model->handle, {path}, ingest),
                         "ingesting table file " + path);
      });
  model->filling = std::make_unique<SortedTableBuffer>(table_bytes_);
  return Status::Ok();
}

Status BulkIngest::Finish() {
  for (Model& model : models_) ARLEDGER_RETURN_IF_ERROR(StartTable(&model));
  ARLEDGER_RETURN_IF_ERROR(WaitForTable());
  std::error_code error;
  std::filesystem::remove_all(directory_, error);
  if (error) return IoError("removing " + directory_ + ": " + error.message());
  return Status::Ok();
}

}  // namespace arledger
