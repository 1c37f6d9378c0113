// LedgerService: one running ledger — the event log, the dead-letter log, the projection
// store, and the consume loop that folds the first into the last on a background thread.
//
// Publish appends events durably and waits (bounded) until the consume loop has applied
// them, then reports each event's outcome as the fold decided it (read-your-writes).
// Queries read the store directly and see whole batches only.
//
// Thread-safety: every public method may be called from any thread after Start(). Stop()
// joins the consume thread and makes everything applied so far durable.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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

namespace arledger {

struct ServiceOptions {
  std::string log_spec = "journal:./var/journal";
  std::string store_directory = "./var/store";
  EventLogOptions log_options;
  ConsumeLoopOptions loop_options;
  int apply_wait_ms_max = 5000;       // Bound on read-your-writes waits.
  size_t publish_events_max = 10000;  // Bound on events in one Publish call.
  AgingConfig aging;
  // Worklist scoring; its promise grace also judges promises in account views and reports.
  WorklistConfig worklist;
};

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
  Status Publish(const std::vector<v1::EventEnvelope>& events, v1::PublishResponse* response);

  Status GetAccountView(std::string_view account_id, Date as_of, v1::AccountView* view) const;

  // Waits (bounded) until the record at `position` has been applied; false on timeout.
  bool WaitForApplied(const LogPosition& position, int timeout_ms) const {
    return loop_->WaitForApplied(position, timeout_ms);
  }

  // True once the projection has applied everything the log held when last checked.
  bool Ready() const;
  // Appends the ledger's families (events, dead letters, lag, ledger totals) in Prometheus text.
  void RenderMetrics(std::string* out) const;

  const Store& store() const { return *store_; }
  const ServiceOptions& options() const { return options_; }
  EventLog& events_log() { return *events_; }
  EventLog& dead_letter_log() { return *dead_letters_; }
  // The consume loop's last error, if it stopped on one.
  Status loop_status() const;

 private:
  class ProjectorSink;
  LedgerService() = default;
  Status CheckExisting(const v1::EventEnvelope& event, std::string* serialized,
                       v1::EventResult* result, bool* append) const;
  void DescribeOutcome(const v1::EventEnvelope& event, int32_t partition, int64_t offset,
                       const std::string& serialized, v1::EventResult* result) const;

  ServiceOptions options_;
  std::unique_ptr<EventLog> events_;
  std::unique_ptr<EventLog> dead_letters_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Projector> projector_;
  std::unique_ptr<ProjectorSink> sink_;
  std::unique_ptr<ConsumeLoop> loop_;
  std::thread loop_thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex loop_status_mutex_;
  Status loop_status_;
};

}  // namespace arledger
