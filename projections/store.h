// Store: the projection database — one RocksDB instance, one column family per read model.
//
//   accounts  account_id            -> AccountState       (the fold's state: account_value.h)
//   events    dedupe key            -> v1::EventRecord    (idempotency and "what became of X")
//   meta      "meta"                -> v1::ProjectionMeta (offsets, chain heads, counters)
//             "chain/" partition offset -> chain head at a checkpoint (chain_checkpoints.h)
//   history   (account_id, sequence)              -> v1::HistoryRecord   (paged event history)
//   worklist  (collector_id, account_id)          -> v1::AccountSummary  (worklists, aged lines)
//   aging     (kind, group, currency, due date)   -> v1::AgingIndexValue (aged debt totals)
//   promises  (due date, collector, account, id)  -> v1::PromiseIndexEntry
//   daily     (currency, business date)           -> v1::DailyTotals     (KPI money flows)
// Key layouts are in projections/read_model_keys.h.
//
// Every change arrives as one rocksdb::WriteBatch that carries both the new read-model values
// and the new meta (offsets), so after a crash the store holds exactly the effects of the
// records below the stored offsets — never half a batch. Batches are written without fsync for
// speed; Flush() makes everything written so far durable (clean shutdown calls it). Losing an
// unsynced tail on power loss is safe: the offsets roll back with it and the log is replayed.
// A bulk-loading store (StoreOptions::bulk_load, replays) writes no log at all: see there.
//
// Thread-safety: all methods may be called concurrently (RocksDB is); the projector is the
// only writer. Readers see whole batches only. With bulk tables (StoreOptions::bulk_table_bytes)
// Write and Flush are called by one thread at a time (the projector's write thread, then the
// replay), and the models they buffer are not readable until Flush.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/account_state.h"
#include "core/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace arledger {

class BulkIngest;

// The read models, in digest order.
enum class ReadModel {
  kAccounts = 0,
  kEvents = 1,
  kMeta = 2,
  kHistory = 3,
  kWorklist = 4,
  kAging = 5,
  kPromises = 6,
  kDaily = 7,
};
inline constexpr int kReadModelCount = 8;
std::string_view ReadModelName(ReadModel model);

// Bumped whenever the fold or the stored layout changes what a replay would write.
// 3: chain checkpoints in meta. 4: account states in core/state_codec.h's encoding.
// 5: history records without what their event holds (HistoryRecord).
inline constexpr int32_t kProjectionVersion = 5;
// The oldest layout this build's queries read correctly (2 added the collections read models:
// history, worklists, aging and promise indexes, daily totals). A blue/green rebuild serves the
// previous store only from this version up to kProjectionVersion.
inline constexpr int32_t kProjectionVersionServableMin = 2;

struct StoreOptions {
  size_t block_cache_bytes = 256u << 20;
  size_t write_buffer_bytes = 64u << 20;
  bool create_if_missing = true;
  // Opens a point-in-time view without taking the lock, so that a tool can read a store that a
  // running ledgerd owns. Writes fail.
  bool read_only = false;
  // The projection version this build writes and expects (meta.projection_version). Only
  // tests set another, to stand for an older or newer build (blue/green rebuild tests).
  int32_t projection_version = kProjectionVersion;
  // Bulk load, for a replay into a fresh store that nothing reads while it fills (the
  // projector's bulk passes): batches skip the write-ahead log, and Flush() writes every
  // memtable to table files instead of syncing the log. The memtables are plain vectors, sorted
  // when flushed: appends are cheap, but a read before Flush sorts a copy of them, so nothing
  // should read until then. They flush together (atomic flush); a replay that dies half-way
  // leaves a store to delete and replay again.
  bool bulk_load = false;
  // With bulk_load, and only when nothing reads the store before Flush (a replay's bulk
  // passes): when > 0, the insert-only read models (accounts, event records, history) bypass
  // the memtables. Their puts are buffered, up to this many bytes per model, then sorted and
  // written as table files that the store ingests (BulkIngest). Reading them before Flush is
  // refused (FailedPrecondition).
  size_t bulk_table_bytes = 0;
  // Bound on the memtables of all read models together (RocksDB's write buffer manager): the
  // largest is flushed early when they exceed it, so memory stays bounded with eight models.
  size_t memtables_bytes_max = 256u << 20;
};

// A digest of every read model: SHA-256 over (key length, key, value length, value) in key
// order, per model, and one over all of them. Equal digests mean equal contents.
struct StoreDigest {
  std::string per_model_hex[kReadModelCount];
  std::string combined_hex;
};

class Store {
 public:
  static Status Open(const std::string& directory, const StoreOptions& options,
                     std::unique_ptr<Store>* store);
  // Whether the database at `directory` has every read model's column family. A store is
  // created in two steps (the database, then each missing column family), so a process killed
  // between them leaves a database without some of them; nothing was written to it yet (writes
  // start only after Open returns), and a read-write Open completes it.
  static Status HasEveryReadModel(const std::string& directory, bool* complete);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The version this store was opened to write (StoreOptions::projection_version).
  int32_t projection_version() const { return projection_version_; }

  // Reads the meta; a fresh store answers a meta with no partitions and projection_version().
  Status ReadMeta(v1::ProjectionMeta* meta) const;
  // `found` false (and OK) when the account has no events yet.
  Status GetAccount(std::string_view account_id, AccountState* state, bool* found) const;
  Status GetEventRecord(std::string_view dedupe_key, v1::EventRecord* record, bool* found) const;

  // Batched point reads for the projector: values[i] empty when keys[i] is absent.
  Status MultiGet(ReadModel model, const std::vector<std::string>& keys,
                  std::vector<std::string>* values) const;
  // The same across read models: values[i] is keys[i] of models[i].
  Status MultiGet(const std::vector<ReadModel>& models, const std::vector<std::string>& keys,
                  std::vector<std::string>* values) const;

  // Visits every account state in key order until `visit` returns false.
  template <typename Visit>
  Status ForEachAccount(Visit visit) const;

  // Applies `batch` atomically (no fsync). With bulk tables, its puts to the insert-only
  // models wait in their buffers until Flush.
  Status Write(rocksdb::WriteBatch* batch);
  // Makes everything written so far durable. With bulk tables, first writes and ingests what
  // their buffers hold, and from then on every model is read and written as usual.
  Status Flush();

  Status ComputeDigest(StoreDigest* digest) const;

  rocksdb::ColumnFamilyHandle* handle(ReadModel model) const;
  rocksdb::DB* db() const { return db_.get(); }

 private:
  Store() = default;
  Status ScanAccounts(const std::function<bool(const AccountState&)>& visit) const;
  // FailedPrecondition when `model` is still being filled as table files (bulk tables).
  Status Readable(ReadModel model) const;

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // Indexed by ReadModel; owned by db_.
  int32_t projection_version_ = kProjectionVersion;
  bool bulk_load_ = false;
  std::unique_ptr<BulkIngest> bulk_ingest_;  // Bulk tables, until Flush.
};

template <typename Visit>
Status Store::ForEachAccount(Visit visit) const {
  return ScanAccounts(std::function<bool(const AccountState&)>(visit));
}

inline constexpr char kMetaKey[] = "meta";

}  // namespace arledger
