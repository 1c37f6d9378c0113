// JournalStore: one open journal topic — a RocksDB database under DIR/<topic> (internal).
//
// Shared by every JournalLog and JournalReader opened on the same directory in this process
// (Open returns the same instance while one is alive), so that an Append wakes readers polling
// through another handle, and RocksDB's single-opener lock is never hit twice in one process.
// Another process cannot open the journal while this one holds it, except read-only: a
// read-only store is a point-in-time view taken without the lock (never shared, never
// appended to), for auditors' tools reading a journal a running ledgerd holds.
//
// Durability: Append returns OK only after its whole WriteBatch is in the synced WAL.
// Offsets are assigned densely per partition under `append_mutex_`, which is held across the
// write, so a partition's records become visible strictly in offset order, without gaps.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "consumers/journal_format.h"
#include "core/log_record.h"
#include "core/status.h"

namespace arledger::journal {

class JournalStore {
 public:
  // Opens (creating if missing, with `partitions_if_new` partitions) the journal at `path`.
  static Status Open(const std::string& path, int32_t partitions_if_new,
                     std::shared_ptr<JournalStore>* store);
  // Opens a point-in-time view of the existing journal at `path`; NotFound when there is none.
  static Status OpenReadOnly(const std::string& path, std::shared_ptr<JournalStore>* store);
  ~JournalStore();
  JournalStore(const JournalStore&) = delete;
  JournalStore& operator=(const JournalStore&) = delete;

  int32_t partition_count() const { return partition_count_; }

  // Each record is stamped with its timestamp_ms, or the wall clock when that is 0.
  Status Append(const std::vector<AppendRecord>& records, std::vector<LogPosition>* positions);
  std::vector<int64_t> EndOffsets() const;

  // Appends to `out` up to `max_records` records of `partition` from `*next_offset` on, and
  // advances `*next_offset` past them. Returns Corruption on an offset gap or a bad record.
  Status ReadPartition(int32_t partition, size_t max_records, int64_t* next_offset,
                       std::vector<LogRecord>* out) const;

  // Counts successful appends; a reader notes it before reading, then waits for it to move.
  uint64_t append_generation() const;
  // Waits until append_generation() != `seen_generation`, at most `timeout_ms`.
  void WaitForAppend(uint64_t seen_generation, int timeout_ms) const;

 private:
  JournalStore() = default;
  static Status OpenUnregistered(const std::string& path, int32_t partitions_if_new, bool read_only,
                                 std::unique_ptr<JournalStore>* store);
  Status LoadOrCreateMeta(int32_t partitions_if_new);
  Status LoadMeta();
  Status RecoverNextOffsets();
  Status ChoosePartition(const AppendRecord& record, int32_t* partition) const;

  std::unique_ptr<rocksdb::DB> db_;
  // Column family handles, owned by this and destroyed before db_ closes.
  rocksdb::ColumnFamilyHandle* records_ = nullptr;  // The default family: the records.
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;     // Partition count and format version.
  int32_t partition_count_ = 0;
  uint32_t format_version_ = kFormatVersion;  // Fixed when the journal was created.
  bool read_only_ = false;

  std::mutex append_mutex_;            // Serialises appends.
  std::vector<int64_t> next_offsets_;  // Guarded by append_mutex_.

  mutable std::mutex published_mutex_;          // Guards what readers observe.
  mutable std::condition_variable appended_;    // Signalled after each successful append.
  std::vector<int64_t> published_end_offsets_;  // Guarded by published_mutex_.
  uint64_t generation_ = 0;                     // Guarded by published_mutex_.
};

}  // namespace arledger::journal
