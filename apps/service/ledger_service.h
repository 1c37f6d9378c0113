// LedgerService: one running ledger — the event log, the dead-letter log, the projection
// store, and the consume loop that folds the first into the last on a background thread.
//
// Publish appends events durably and waits (bounded) until the consume loop has applied
// them, then reports each event's outcome as the fold decided it (read-your-writes).
// Queries read the store directly and see whole batches only.
//
// Blue/green rebuild (store_generation.h): when the store was written by another projection
// version, Open moves it aside and the consume loop rebuilds a new store from offset 0 while
// the previous one answers queries (frozen at its offsets; Publish appends and answers
// "pending" until the rebuild reaches the new events) — if its layout is one this build reads
// (kProjectionVersionServableMin); if not, queries read the new store as it fills and Ready()
// is false until it has caught up, as for a new replica. Once the rebuild has caught up with
// the log, a watcher thread switches queries to the new store, closes the previous one after
// its last query, and deletes it unless keep_previous_store. Progress is in RenderMetrics.
// Dead letters the dead-letter log already holds (read at Open) are not written again.
//
// Thread-safety: every public method may be called from any thread after Start(). Stop()
// joins the consume thread and makes everything applied so far durable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "arledger/v1/admin.pb.h"
#include "arledger/v1/api.pb.h"
#include "arledger/v1/events.pb.h"
#include "consumers/consume_loop.h"
#include "consumers/event_log.h"
#include "core/account_view.h"
#include "core/date.h"
#include "core/status.h"
#include "core/worklist_score.h"
#include "projections/projector.h"
#include "projections/store.h"
#include "service/publish_claims.h"
#include "service/store_generation.h"

namespace arledger {

inline constexpr size_t kAccountCacheBytesDefault = 256u << 20;

struct ServiceOptions {
  std::string log_spec = "journal:./var/journal";
  std::string store_directory = "./var/store";
  EventLogOptions log_options;
  ConsumeLoopOptions loop_options;
  int apply_wait_ms_max = 5000;       // Bound on read-your-writes waits.
  size_t publish_events_max = 10000;  // Bound on events in one Publish call.
  // Threads folding each batch (1..kProjectorShardsMax); the store does not depend on it.
  int projector_shards = DefaultProjectorShards();
  // Fold each batch while the previous one is written (Projector::PipelineWrites); the store
  // does not depend on it.
  bool pipeline_commits = true;
  // Account states the projector keeps in memory between batches (Projector::RetainAccounts);
  // 0 keeps none. The store does not depend on it.
  size_t account_cache_bytes = kAccountCacheBytesDefault;
  AgingConfig aging;
  // Worklist scoring; its promise grace also judges promises in account views and reports.
  WorklistConfig worklist;
  // The projection version this build writes (StoreOptions::projection_version); tests set
  // another to stand for an older or newer build. A store of another version is rebuilt.
  int32_t projection_version = kProjectionVersion;
  // After a blue/green switch, keep the previous store at DIR.v<old version> (else deleted).
  bool keep_previous_store = false;
};

// The serving store, held for the length of one expression or query: a blue/green switch
// never closes a store that a query is still reading. Converts to const Store&, so
// StoreView(service.store()) holds it for the query's whole full-expression; do not keep the
// converted reference beyond that. ReadMeta and ComputeDigest are forwarded for direct calls.
class StoreRef {
 public:
  explicit StoreRef(std::shared_ptr<const Store> store) : store_(std::move(store)) {}
  operator const Store&() const { return *store_; }
  const Store* operator->() const { return store_.get(); }
  Status ReadMeta(v1::ProjectionMeta* meta) const { return store_->ReadMeta(meta); }
  Status ComputeDigest(StoreDigest* digest) const { return store_->ComputeDigest(digest); }

 private:
  std::shared_ptr<const Store> store_;
};

// Where a blue/green rebuild stands, for metrics.
struct RebuildStatus {
  enum class State { kNone = 0, kRebuilding = 1, kSwitched = 2 };
  State state = State::kNone;
  int32_t previous_version = 0;  // The version being replaced (kRebuilding, kSwitched).
  int64_t records_replayed = 0;  // Records the new store has folded.
  int64_t records_total = 0;     // Records in the log as last observed.
};
std::string_view RebuildStateName(RebuildStatus::State state);
// The status an applied event's record answers with: "applied", "rejected",
// "pending_approval" (a write-off awaiting an approver) or "skipped_unknown".
std::string OutcomeStatus(const v1::EventRecord& record);

class LedgerService {
 public:
  static Status Open(const ServiceOptions& options, std::unique_ptr<LedgerService>* service);
  ~LedgerService();

  // Checks that the tail the store already folded is still in the log (chain_tail_check.h),
  // then starts the consume loop on its own thread.
  Status Start();
  // Stops the loop, joins it and syncs the store. Idempotent.
  Status Stop();

  // Validates every event first (nothing is appended if one is invalid: the Status names it),
  // appends, and waits until applied. Events already applied with the same content answer
  // "exists" and are not appended again; same event_id with other content answers "conflict".
  //
  // An event that another request of this process is appending (publish_claims.h) is not
  // appended again: with the same bytes it waits for that copy and answers as it does ("exists"
  // once applied, "pending" if not in time); with other bytes it is a "conflict" — unless
  // `occurred_at_from_first`, when an event that differs from the first only in occurred_at
  // takes the first's (an Idempotency-Key retry that left occurred_at to the server).
  Status Publish(const std::vector<v1::EventEnvelope>& events, v1::PublishResponse* response,
                 bool occurred_at_from_first = false);

  Status GetAccountView(std::string_view account_id, Date as_of, v1::AccountView* view) const;

  // Waits (bounded) until the record at `position` has been applied; false on timeout.
  bool WaitForApplied(const LogPosition& position, int timeout_ms) const {
    return loop_->WaitForApplied(position, timeout_ms);
  }

  // True once the projection has applied everything the log held when last checked.
  bool Ready() const;
  // Appends the ledger's families (events, dead letters, lag, ledger totals, build, store size
  // and write stalls, rebuild progress) in Prometheus text.
  void RenderMetrics(std::string* out) const;

  // A consistent checkpoint of the store the consume loop writes, into `directory` on this
  // machine (service/backup.h); answers its offsets and digest.
  Status Backup(const std::string& directory, v1::BackupResponse* report) const;

  RebuildStatus rebuild_status() const;

  // The events this process is appending and has not yet seen applied (publish_claims.h).
  const PublishClaims& publish_claims() const { return claims_; }

  // The store queries read: the previous one during a rebuild, else the live one.
  StoreRef store() const;
  const ServiceOptions& options() const { return options_; }
  EventLog& events_log() { return *events_; }
  EventLog& dead_letter_log() { return *dead_letters_; }
  // The consume loop's last error, if it stopped on one.
  Status loop_status() const;

 private:
  class ProjectorSink;
  LedgerService() = default;
  // ledger_service_store.cc: the store's generations and their metrics.
  Status OpenStores();
  void WatchRebuild();
  Status SwitchOver();
  void RetirePreviousIfUnused();
  void RenderStoreMetrics(std::string* out) const;
  Status ReadWrittenDeadLetters(std::set<std::pair<int32_t, int64_t>>* positions);
  Status CheckExisting(const v1::EventEnvelope& event, std::string* serialized,
                       v1::EventResult* result, bool* append) const;
  void DescribeOutcome(const v1::EventEnvelope& event, int32_t partition, int64_t offset,
                       const std::string& serialized, v1::EventResult* result) const;

  ServiceOptions options_;
  std::unique_ptr<EventLog> events_;
  std::unique_ptr<EventLog> dead_letters_;
  std::shared_ptr<Store> store_;  // The one the consume loop writes.
  mutable std::mutex serving_mutex_;
  std::shared_ptr<const Store> serving_;   // Guarded by serving_mutex_.
  StoreGenerationPlan generation_;         // Set by Open.
  std::shared_ptr<const Store> previous_;  // During a rebuild and until retired; watcher-owned.
  bool serving_previous_ = false;          // The rebuild serves previous_ until the switch.
  std::atomic<int> rebuild_state_{0};      // A RebuildStatus::State.
  std::thread rebuild_thread_;
  std::mutex rebuild_stop_mutex_;
  std::condition_variable rebuild_stop_changed_;
  std::unique_ptr<Projector> projector_;
  std::unique_ptr<ProjectorSink> sink_;
  std::unique_ptr<ConsumeLoop> loop_;
  PublishClaims claims_;
  std::thread loop_thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex loop_status_mutex_;
  Status loop_status_;
};

}  // namespace arledger
