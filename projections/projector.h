// Projector: folds batches of log records into the Store, exactly once.
//
// Prepare() decodes, validates, de-duplicates and folds a batch of records into pending
// state held in memory (a write-back cache of the accounts the batch touches, read with one
// MultiGet per batch — never a read per event). Commit() writes every changed account, every
// event record, the collections read models derived from them (history, summaries, aging and
// promise indexes, daily totals: see read_model_batch.h) and the new meta (offsets, hash-chain
// heads, counters, ledger totals) in one WriteBatch. Records below a partition's stored offset are
// skipped (redelivery after a restart), so a batch can be re-consumed safely — but first their
// bytes are checked against the hash chain as folded (chain_check.h): a rewritten log is
// Corruption, never silently skipped.
//
// Idempotency is scoped to the account: the key is (account_id, event_id). A repeat with the
// same bytes is a no-op ("exists"); with different bytes it is a conflict and dead-lettered.
// Scoping by account keeps every decision inside one partition, so replicas and replays decide
// identically however partitions interleave. Policy events are published to every partition
// and dedupe per partition.
//
// The trial balance (global ledger totals summed per currency) is checked to be zero after
// every commit, with an assertion that stays on in release.
//
// Thread-safety: one thread drives a Projector; the Store may be read concurrently.
#pragma once

#include <google/protobuf/arena.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "arledger/v1/state.pb.h"
#include "core/log_record.h"
#include "core/status.h"
#include "projections/chain_check.h"
#include "projections/read_model_batch.h"
#include "projections/store.h"

namespace arledger {

// The events-model key for an event: (account_id, event_id), or (partition, event_id) for a
// policy event.
std::string EventDedupeKey(const v1::EventEnvelope& event, int32_t partition);

class Projector {
 public:
  // `topic` is recorded in dead letters as the records' origin.
  Projector(Store* store, std::string topic);
  ~Projector();

  // Reads the committed meta. Call once before anything else.
  Status Load();

  // The next offset to consume per partition (0 for partitions never seen).
  Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets);

  // Folds `records` into the pending batch; what cannot be applied is appended to
  // `dead_letters`. May be called several times before one Commit.
  Status Prepare(const std::vector<LogRecord>& records, std::vector<v1::DeadLetter>* dead_letters);

  // Writes the pending batch and its offsets atomically. A no-op when nothing is pending.
  Status Commit();

  // The meta as of the last commit.
  const v1::ProjectionMeta& committed_meta() const { return committed_meta_; }

  // The batch the last Commit wrote, in the order it was written (benchmarks replay it into a
  // bare RocksDB as their baseline). Valid until the next Commit.
  const rocksdb::WriteBatch& last_written() const { return ordered_batch_; }

  // How many redelivered records were checked against the chain, or could not be.
  const ChainCheck& chain_check() const { return chain_; }

 private:
  struct Decoded;
  Status Prefetch(const std::vector<Decoded>& decoded);
  void FoldOne(const LogRecord& record, Decoded& decoded,
               std::vector<v1::DeadLetter>* dead_letters);
  v1::AccountState* PendingAccount(const std::string& account_id);
  v1::PartitionMeta* PendingPartition(int32_t partition);
  void AddPostings(const Postings& postings);
  void DeadLetter(const LogRecord& record, v1::DeadLetterReason reason, std::string detail,
                  std::vector<v1::DeadLetter>* dead_letters);

  Store* const store_;
  const std::string topic_;
  v1::ProjectionMeta committed_meta_;

  // The pending batch. Its messages (decoded events, account states, event records) are
  // allocated in one arena, released at once by Commit: no malloc/free per field.
  std::unique_ptr<google::protobuf::Arena> arena_;
  v1::ProjectionMeta pending_meta_;
  std::unordered_map<std::string, v1::AccountState*> pending_accounts_;  // In arena_.
  std::unordered_map<std::string, v1::EventRecord*> pending_events_;     // In arena_.
  std::unordered_map<std::string, std::string> prefetched_accounts_;     // Serialised; "" = new.
  std::unordered_map<std::string, std::string> prefetched_events_;
  ReadModelBatch read_models_;
  ChainCheck chain_;
  bool pending_ = false;
  // The commit's batch as built, then in key order. Kept between commits, so their buffers
  // keep the size the largest batch needed: no regrowth (copy) nor fresh pages per commit.
  rocksdb::WriteBatch unordered_batch_;
  rocksdb::WriteBatch ordered_batch_;
};

}  // namespace arledger
