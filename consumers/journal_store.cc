// JournalStore: opening, the per-process registry, metadata and offset recovery.
#include "consumers/journal_store.h"

#include <condition_variable>
#include <filesystem>
#include <map>

#include "consumers/journal_format.h"

namespace arledger::journal {
namespace {

constexpr uint64_t kWalBytesMax = 64u << 20;

// Journals open in this process, by canonical path. An entry is erased by its store's deleter,
// under the registry mutex, after the database is closed; an expired entry that is still
// present means a close is under way, and Open waits for it rather than race RocksDB's lock.
struct Registry {
  std::mutex mutex;
  std::condition_variable closed;
  std::map<std::string, std::weak_ptr<JournalStore>> stores;
};

Registry& TheRegistry() {
  static auto* registry = new Registry();  // Never destroyed: stores may close during exit.
  return *registry;
}

Status FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.ok()) return Status::Ok();
  if (status.IsCorruption()) return Corruption(what + ": " + status.ToString());
  return IoError(what + ": " + status.ToString());
}

}  // namespace

Status JournalStore::Open(const std::string& path, int32_t partitions_if_new,
                          std::shared_ptr<JournalStore>* store) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return IoError("cannot create journal directory " + path + ": " + error.message());
  const std::string canonical = std::filesystem::canonical(path, error).string();
  if (error) return IoError("cannot resolve journal directory " + path + ": " + error.message());

  Registry& registry = TheRegistry();
  std::shared_ptr<JournalStore> shared;
  {
    std::unique_lock<std::mutex> lock(registry.mutex);
    auto it = registry.stores.find(canonical);
    while (it != registry.stores.end() && !(shared = it->second.lock())) {
      registry.closed.wait(lock);  // Bounded by the closing store's RocksDB Close.
      it = registry.stores.find(canonical);
    }
    if (!shared) {
      std::unique_ptr<JournalStore> opened;
      ARLEDGER_RETURN_IF_ERROR(
          OpenUnregistered(canonical, partitions_if_new, /*read_only=*/false, &opened));
      shared.reset(opened.release(), [canonical](JournalStore* closing) {
        Registry& registry = TheRegistry();
        std::lock_guard<std::mutex> registry_lock(registry.mutex);
        delete closing;
        registry.stores.erase(canonical);
        registry.closed.notify_all();
      });
      registry.stores[canonical] = shared;
    }
  }
  *store = std::move(shared);  // Outside the lock: releasing a previous store locks it again.
  return Status::Ok();
}

Status JournalStore::OpenReadOnly(const std::string& path, std::shared_ptr<JournalStore>* store) {
  std::error_code error;
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT", error)) {
    return NotFound("no journal at " + path);
  }
  std::unique_ptr<JournalStore> opened;
  ARLEDGER_RETURN_IF_ERROR(OpenUnregistered(path, 0, /*read_only=*/true, &opened));
  *store = std::move(opened);
  return Status::Ok();
}

Status JournalStore::OpenUnregistered(const std::string& path, int32_t partitions_if_new,
                                      bool read_only, std::unique_ptr<JournalStore>* store) {
  rocksdb::DBOptions options;
  options.create_if_missing = !read_only;
  options.create_missing_column_families = !read_only;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // The meta column family is written once, when the journal is created: unflushed, it would pin
  // every write-ahead log file from then on, so that the journal kept each record twice on disk
  // and every open replayed the whole log into memory. Beyond this much log RocksDB flushes the
  // column family holding the oldest file, and the files before it are deleted.
  options.max_total_wal_size = kWalBytesMax;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kMetaColumnFamily, rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  const rocksdb::Status status =
      read_only ? rocksdb::DB::OpenForReadOnly(options, path, families, &handles, &db)
                : rocksdb::DB::Open(options, path, families, &handles, &db);
  ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "open journal " + path));
  std::unique_ptr<JournalStore> opened(new JournalStore());
  opened->db_.reset(db);
  opened->records_ = handles[0];
  opened->meta_ = handles[1];
  opened->read_only_ = read_only;
  ARLEDGER_RETURN_IF_ERROR(read_only ? opened->LoadMeta()
                                     : opened->LoadOrCreateMeta(partitions_if_new));
  ARLEDGER_RETURN_IF_ERROR(opened->RecoverNextOffsets());
  *store = std::move(opened);
  return Status::Ok();
}

JournalStore::~JournalStore() {
  // Every append was already synced to the write-ahead log; writing the memtables to table files
  // now spares the next open (a replay, a restart) reading the log back into memory. Best
  // effort: if it fails, that open recovers from the log as after a crash.
  if (db_ && !read_only_ && records_ != nullptr && meta_ != nullptr) {
    db_->Flush(rocksdb::FlushOptions(), {records_, meta_}).PermitUncheckedError();
  }
  for (rocksdb::ColumnFamilyHandle* handle : {meta_, records_}) {
    if (db_ && handle != nullptr) db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  if (db_) db_->Close().PermitUncheckedError();  // Every append was already synced.
}

Status JournalStore::LoadOrCreateMeta(int32_t partitions_if_new) {
  std::string stored;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), meta_, kMetaPartitionCountKey, &stored);
  if (!status.IsNotFound()) return LoadMeta();
  if (partitions_if_new < 1 || partitions_if_new > kPartitionsMax) {
    return InvalidArgument("journal partitions must be in [1, " + std::to_string(kPartitionsMax) +
                           "], got " + std::to_string(partitions_if_new));
  }
  rocksdb::WriteBatch batch;
  batch.Put(meta_, kMetaFormatVersionKey, EncodeUint32(kFormatVersion));
  batch.Put(meta_, kMetaPartitionCountKey, EncodeUint32(static_cast<uint32_t>(partitions_if_new)));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  ARLEDGER_RETURN_IF_ERROR(FromRocks(db_->Write(sync, &batch), "write journal metadata"));
  // Written once: to a table file now, so that no write-ahead log file has to be kept for it.
  ARLEDGER_RETURN_IF_ERROR(
      FromRocks(db_->Flush(rocksdb::FlushOptions(), meta_), "flush journal metadata"));
  partition_count_ = partitions_if_new;
  format_version_ = kFormatVersion;
  return Status::Ok();
}

// Reads the partition count and the format version of an existing journal.
Status JournalStore::LoadMeta() {
  std::string stored;
  ARLEDGER_RETURN_IF_ERROR(
      FromRocks(db_->Get(rocksdb::ReadOptions(), meta_, kMetaPartitionCountKey, &stored),
                "read journal partition count"));
  uint32_t count = 0;
  if (!DecodeUint32(stored, &count) || count < 1 || count > static_cast<uint32_t>(kPartitionsMax)) {
    return Corruption("journal partition count is not a valid count");
  }
  ARLEDGER_RETURN_IF_ERROR(
      FromRocks(db_->Get(rocksdb::ReadOptions(), meta_, kMetaFormatVersionKey, &stored),
                "read journal format version"));
  uint32_t version = 0;
  if (!DecodeUint32(stored, &version) ||
      (version != kFormatVersion && version != kFormatVersionUntimed)) {
    return Corruption("journal format version is neither " + std::to_string(kFormatVersion) +
                      " nor " + std::to_string(kFormatVersionUntimed));
  }
  partition_count_ = static_cast<int32_t>(count);
  format_version_ = version;
  return Status::Ok();
}

// The next offset of each partition is one past its last key; an empty partition starts at 0.
Status JournalStore::RecoverNextOffsets() {
  next_offsets_.assign(partition_count_, 0);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), records_));
  for (int32_t p = 0; p < partition_count_; ++p) {
    it->SeekForPrev(EncodeRecordKey(p, INT64_MAX));
    if (!it->Valid()) continue;
    int32_t partition = 0;
    int64_t offset = 0;
    if (!DecodeRecordKey(it->key().ToStringView(), &partition, &offset)) {
      return Corruption("journal holds a key that is not a record key");
    }
    if (partition == p) next_offsets_[p] = offset + 1;
  }
  ARLEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "scan journal partitions"));
  published_end_offsets_ = next_offsets_;
  return Status::Ok();
}

}  // namespace arledger::journal
