// Store: opening the RocksDB instance, point reads, atomic writes and the digest.
#include "projections/store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <thread>
#include <utility>
#include <vector>

#include "core/sha256.h"
#include "projections/account_value.h"
#include "projections/bulk_ingest.h"
#include "projections/key_prefix.h"
#include "projections/rocks_status.h"

namespace arledger {
namespace {

// True when `order` names every read model exactly once.
constexpr bool EachModelOnce(const std::array<ReadModel, kReadModelCount>& order) {
  std::array<int, kReadModelCount> seen{};
  for (ReadModel model : order) {
    const int index = static_cast<int>(model);
    if (index < 0 || index >= kReadModelCount || seen[index]++ > 0) return false;
  }
  return true;
}

constexpr const char* kColumnFamilyNames[kReadModelCount] = {
    "accounts", "events", "meta", "history", "worklist", "aging", "promises", "daily"};

// What a scan of a whole read model (the digest) reads ahead of its iterator.
constexpr size_t kScanReadaheadBytes = 256u << 10;

// The history's data blocks (before compression); the other read models keep RocksDB's 4 KiB.
constexpr size_t kHistoryBlockBytes = 16u << 10;

// Share of a memtable's size given to its whole-key bloom filter.
constexpr double kMemtableBloomRatio = 0.02;

rocksdb::ColumnFamilyOptions ReadModelOptions(ReadModel model, const StoreOptions& options,
                                              const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes;
  if (options.bulk_load) {
    // Nothing reads a bulk-loading store until its final flush (the projector's bulk passes),
    // so its memtables are plain vectors: an insert is an append, sorted once when flushed
    // (by a background thread), where a skip list searches on every insert (callgrind: a
    // quarter of a replay's instructions).
    cf.memtable_factory.reset(new rocksdb::VectorRepFactory());
  } else {
    // The projector's MultiGets mostly ask for keys that are not there (every event id, every
    // new account, new aging and daily entries): a bloom filter over the memtable's keys
    // answers those without a skip-list search.
    cf.memtable_prefix_bloom_size_ratio = kMemtableBloomRatio;
    cf.memtable_whole_key_filtering = true;
  }
  cf.compression = rocksdb::kLZ4Compression;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  // History is only ever scanned (an account's events, the digest), never looked up by key:
  // a whole-key filter would be built for every table and compaction, and never asked.
  if (model != ReadModel::kHistory) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
  } else {
    // And so its blocks are larger than the point-read models' 4 KiB: an account's events are
    // read as a run, and compressed in 16 KiB blocks they take ~8% less disk (the whole store
    // of a 100k-account, 12-month journal: 401 MB against 435 MB, at the same replay time).
    table.block_size = kHistoryBlockBytes;
  }
  table.cache_index_and_filter_blocks = true;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

}  // namespace

std::string_view ReadModelName(ReadModel model) {
  return kColumnFamilyNames[static_cast<int>(model)];
}

Store::~Store() {
  bulk_ingest_.reset();  // Its table in flight is ingested into db_.
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  handles_.clear();
  if (db_) db_->Close().PermitUncheckedError();
}

Status Store::Open(const std::string& directory, const StoreOptions& options,
                   std::unique_ptr<Store>* store) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.db_write_buffer_size = options.memtables_bytes_max;
  // Without a write-ahead log, only flushing every read model at one point keeps the batches
  // whole on disk.
  db_options.atomic_flush = options.bulk_load;
  // Vector memtables (bulk loads) take one writer at a time.
  db_options.allow_concurrent_memtable_write = !options.bulk_load;
  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(options.block_cache_bytes);

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (int model = 0; model < kReadModelCount; ++model) {
    descriptors.emplace_back(kColumnFamilyNames[model],
                             ReadModelOptions(static_cast<ReadModel>(model), options, cache));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, directory, descriptors, &handles, &raw)
          : rocksdb::DB::Open(db_options, directory, descriptors, &handles, &raw);
  if (!status.ok()) return FromRocks(status, "opening projection store " + directory);

  std::unique_ptr<Store> opened(new Store());
  opened->db_.reset(raw);
  opened->projection_version_ = options.projection_version;
  opened->bulk_load_ = options.bulk_load;
  // handles[0] is the default column family, which holds nothing.
  opened->db_->DestroyColumnFamilyHandle(handles[0]).PermitUncheckedError();
  opened->handles_.assign(handles.begin() + 1, handles.end());
  if (options.bulk_load && options.bulk_table_bytes > 0) {
    // Puts only, each key once or a few times, and never read before Flush: accounts (one put
    // per account per pass), event records and history (new keys).
    opened->bulk_ingest_ = std::make_unique<BulkIngest>(
        raw, opened->handles_,
        std::vector<rocksdb::ColumnFamilyHandle*>{opened->handle(ReadModel::kAccounts),
                                                  opened->handle(ReadModel::kEvents),
                                                  opened->handle(ReadModel::kHistory)},
        directory + "/bulk-tables", options.bulk_table_bytes);
  }
  *store = std::move(opened);
  return Status::Ok();
}

Status Store::HasEveryReadModel(const std::string& directory, bool* complete) {
  std::vector<std::string> names;
  ARLEDGER_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), directory, &names),
                "listing the column families of " + directory));
  *complete = true;
  for (const char* wanted : kColumnFamilyNames) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) *complete = false;
  }
  return Status::Ok();
}

rocksdb::ColumnFamilyHandle* Store::handle(ReadModel model) const {
  return handles_[static_cast<int>(model)];
}

Status Store::ReadMeta(v1::ProjectionMeta* meta) const {
  std::string value;
  rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), handle(ReadModel::kMeta), kMetaKey, &value);
  meta->Clear();
  if (status.IsNotFound()) {
    meta->set_projection_version(projection_version_);
    return Status::Ok();
  }
  ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "reading projection meta"));
  if (!meta->ParseFromString(value)) return Corruption("projection meta does not parse");
  return Status::Ok();
}

Status Store::GetAccount(std::string_view account_id, AccountState* state, bool* found) const {
  ARLEDGER_RETURN_IF_ERROR(Readable(ReadModel::kAccounts));
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), handle(ReadModel::kAccounts),
                                    rocksdb::Slice(account_id.data(), account_id.size()), &value);
  *found = false;
  if (status.IsNotFound()) return Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "reading account"));
  ARLEDGER_RETURN_IF_ERROR(DecodeStoredAccount(value, state));
  *found = true;
  return Status::Ok();
}

Status Store::GetEventRecord(std::string_view dedupe_key, v1::EventRecord* record,
                             bool* found) const {
  ARLEDGER_RETURN_IF_ERROR(Readable(ReadModel::kEvents));
  std::string value;
  rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), handle(ReadModel::kEvents),
                                    rocksdb::Slice(dedupe_key.data(), dedupe_key.size()), &value);
  *found = false;
  if (status.IsNotFound()) return Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(FromRocks(status, "reading event record"));
  if (!record->ParseFromString(value)) return Corruption("event record does not parse");
  *found = true;
  return Status::Ok();
}

Status Store::MultiGet(ReadModel model, const std::vector<std::string>& keys,
                       std::vector<std::string>* values) const {
  values->assign(keys.size(), std::string());
  if (keys.empty()) return Status::Ok();
  ARLEDGER_RETURN_IF_ERROR(Readable(model));
  // Sorted here (integer prefixes first, see key_prefix.h) and handed over as sorted: RocksDB's
  // own sort of the keys, through its virtual comparator, was ~6 % of a replay.
  std::vector<std::pair<uint64_t, uint32_t>> order(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    order[i] = {KeyPrefix(keys[i]), static_cast<uint32_t>(i)};
  }
  std::sort(order.begin(), order.end(), [&keys](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return keys[a.second] < keys[b.second];
  });
  std::vector<rocksdb::Slice> slices(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) slices[i] = keys[order[i].second];
  std::vector<rocksdb::PinnableSlice> pinned(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), handle(model), keys.size(), slices.data(), pinned.data(),
                statuses.data(), /*sorted_input=*/true);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    ARLEDGER_RETURN_IF_ERROR(FromRocks(statuses[i], "batched read"));
    (*values)[order[i].second].assign(pinned[i].data(), pinned[i].size());
  }
  return Status::Ok();
}

Status Store::MultiGet(const std::vector<ReadModel>& models, const std::vector<std::string>& keys,
                       std::vector<std::string>* values) const {
  ARLEDGER_CHECK(models.size() == keys.size());
  values->assign(keys.size(), std::string());
  if (keys.empty()) return Status::Ok();
  for (ReadModel model : models) ARLEDGER_RETURN_IF_ERROR(Readable(model));
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  handles.reserve(models.size());
  for (ReadModel model : models) handles.push_back(handle(model));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<std::string> found(keys.size());
  std::vector<rocksdb::Status> statuses =
      db_->MultiGet(rocksdb::ReadOptions(), handles, slices, &found);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    ARLEDGER_RETURN_IF_ERROR(FromRocks(statuses[i], "batched read"));
    (*values)[i] = std::move(found[i]);
  }
  return Status::Ok();
}

Status Store::ScanAccounts(const std::function<bool(const AccountState&)>& visit) const {
  ARLEDGER_RETURN_IF_ERROR(Readable(ReadModel::kAccounts));
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handle(ReadModel::kAccounts)));
  AccountState state;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const Status decoded =
        DecodeStoredAccount(std::string_view(it->value().data(), it->value().size()), &state);
    if (!decoded.ok()) return Corruption(decoded.message() + ": " + it->key().ToString());
    if (!visit(state)) break;
  }
  return FromRocks(it->status(), "scanning accounts");
}

Status Store::Readable(ReadModel model) const {
  if (bulk_ingest_ == nullptr || !bulk_ingest_->Ingests(handle(model))) return Status::Ok();
  return FailedPrecondition(std::string("the ") + std::string(ReadModelName(model)) +
                            " read model is being bulk loaded: it is readable after Flush");
}

Status Store::Write(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions options;
  options.sync = false;
  options.disableWAL = bulk_load_;
  if (bulk_ingest_ != nullptr) {
    rocksdb::WriteBatch scratch;
    rocksdb::WriteBatch* rest = nullptr;
    ARLEDGER_RETURN_IF_ERROR(bulk_ingest_->Split(batch, &scratch, &rest));
    if (rest == nullptr) return Status::Ok();
    return FromRocks(db_->Write(options, rest), "writing projection batch");
  }
  return FromRocks(db_->Write(options, batch), "writing projection batch");
}

Status Store::Flush() {
  if (!bulk_load_) return FromRocks(db_->FlushWAL(/*sync=*/true), "syncing projection WAL");
  if (bulk_ingest_ != nullptr) {
    ARLEDGER_RETURN_IF_ERROR(bulk_ingest_->Finish());
    bulk_ingest_.reset();
  }
  rocksdb::FlushOptions options;
  options.wait = true;
  return FromRocks(db_->Flush(options, handles_), "flushing bulk-loaded projection store");
}

Status Store::ComputeDigest(StoreDigest* digest) const {
  // One consistent view across all read models, each hashed on its own (the models are scanned
  // by one thread per core, largest first); the combined digest hashes theirs in model order.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  read_options.fill_cache = false;  // A scan of everything: keep the cache for queries.
  // Large reads from the first block, not RocksDB's automatic readahead (8 KiB, doubling):
  // `ledgerctl digest` of the 100k-account store 0.78-0.82 s -> 0.58-0.64 s.
  read_options.readahead_size = kScanReadaheadBytes;
  std::array<Sha256::Digest, kReadModelCount> model_digests;
  std::array<Status, kReadModelCount> statuses;
  constexpr std::array<ReadModel, kReadModelCount> kLargestFirst = {
      ReadModel::kAccounts, ReadModel::kHistory,  ReadModel::kEvents, ReadModel::kWorklist,
      ReadModel::kAging,    ReadModel::kPromises, ReadModel::kDaily,  ReadModel::kMeta};
  static_assert(EachModelOnce(kLargestFirst), "every read model is hashed exactly once");
  std::atomic<int> next_model{0};
  auto scan = [&] {
    for (int i; (i = next_model.fetch_add(1)) < kReadModelCount;) {
      const int model = static_cast<int>(kLargestFirst[i]);
      Sha256 hash;
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, handles_[model]));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        hash.UpdateLengthPrefixed(std::string_view(it->key().data(), it->key().size()));
        hash.UpdateLengthPrefixed(std::string_view(it->value().data(), it->value().size()));
      }
      statuses[model] = FromRocks(it->status(), "digest scan");
      model_digests[model] = hash.Finish();
    }
  };
  const unsigned workers =
      std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, kReadModelCount);
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(scan);
  scan();
  for (std::thread& thread : threads) thread.join();
  db_->ReleaseSnapshot(snapshot);

  Sha256 combined;
  for (int model = 0; model < kReadModelCount; ++model) {
    ARLEDGER_RETURN_IF_ERROR(statuses[model]);
    digest->per_model_hex[model] = ToHex(model_digests[model]);
    combined.Update(AsBytes(model_digests[model]));
  }
  digest->combined_hex = ToHex(combined.Finish());
  return Status::Ok();
}

}  // namespace arledger
