// LedgerService: wiring, the consume thread, and publishing with read-your-writes.
#include "service/ledger_service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "core/fold.h"
#include "core/sha256.h"
#include "projections/account_queries.h"
#include "service/append_records.h"
#include "service/chain_tail_check.h"
#include "service/metrics.h"

namespace arledger {
namespace {

// Claims held before a Publish drops those already applied (each costs one event's bytes).
constexpr size_t kClaimsSweepAt = 10000;

// Whether `event` is the request whose envelope is `first`: the same bytes, or, when
// `occurred_at_from_first`, the same once it takes the first's occurred_at (which it then keeps).
bool SameRequest(const std::string& first, bool occurred_at_from_first, v1::EventEnvelope* event) {
  std::string bytes;
  ARLEDGER_CHECK(event->SerializeToString(&bytes));
  if (bytes == first || !occurred_at_from_first) return bytes == first;
  v1::EventEnvelope first_event;
  if (!first_event.ParseFromString(first)) return false;
  v1::EventEnvelope adopted = *event;
  *adopted.mutable_occurred_at() = first_event.occurred_at();
  ARLEDGER_CHECK(adopted.SerializeToString(&bytes));
  if (bytes != first) return false;
  *event = std::move(adopted);
  return true;
}

}  // namespace

// Adapts the Projector to the consume loop's RecordSink.
class LedgerService::ProjectorSink : public RecordSink {
 public:
  explicit ProjectorSink(Projector* projector) : projector_(projector) {}
  Status NextOffsets(int32_t partition_count, std::vector<int64_t>* next_offsets) override {
    return projector_->NextOffsets(partition_count, next_offsets);
  }
  Status Prepare(const std::vector<LogRecord>& records,
                 std::vector<v1::DeadLetter>* dead_letters) override {
    const size_t before = dead_letters->size();
    ARLEDGER_RETURN_IF_ERROR(projector_->Prepare(records, dead_letters));
    // A rebuild meets again the bad records already in the dead-letter log: not twice.
    auto already_written = [this](const v1::DeadLetter& letter) {
      return dead_letters_written_.count({letter.partition(), letter.offset()}) > 0;
    };
    dead_letters->erase(std::remove_if(dead_letters->begin() + static_cast<std::ptrdiff_t>(before),
                                       dead_letters->end(), already_written),
                        dead_letters->end());
    return Status::Ok();
  }
  Status Commit(std::function<void()> on_durable) override {
    return projector_->Commit(std::move(on_durable));
  }
  Status Flush() override { return projector_->WaitForWrites(); }

  // The original positions whose dead letters are already in the dead-letter log.
  void set_dead_letters_written(std::set<std::pair<int32_t, int64_t>> positions) {
    dead_letters_written_ = std::move(positions);
  }

 private:
  Projector* projector_;
  std::set<std::pair<int32_t, int64_t>> dead_letters_written_;
};

LedgerService::~LedgerService() { Stop().PermitUnchecked(); }

Status LedgerService::Open(const ServiceOptions& options, std::unique_ptr<LedgerService>* out) {
  ARLEDGER_RETURN_IF_ERROR(ValidateWorklistConfig(options.worklist));
  std::unique_ptr<LedgerService> service(new LedgerService());
  service->options_ = options;
  ARLEDGER_RETURN_IF_ERROR(
      EventLog::Open(options.log_spec, kEventsTopic, options.log_options, &service->events_));
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(options.log_spec, kDeadLetterTopic, options.log_options,
                                          &service->dead_letters_));
  ARLEDGER_RETURN_IF_ERROR(service->OpenStores());
  service->projector_ =
      std::make_unique<Projector>(service->store_.get(), kEventsTopic, options.projector_shards);
  ARLEDGER_RETURN_IF_ERROR(service->projector_->Load());
  // Each batch is folded while the one before is written; the loop publishes a batch's
  // offsets (and so read-your-writes answers) once its write has landed.
  if (options.pipeline_commits) service->projector_->PipelineWrites();
  service->projector_->RetainAccounts(options.account_cache_bytes);
  service->sink_ = std::make_unique<ProjectorSink>(service->projector_.get());
  if (service->generation_.rebuild) {
    std::set<std::pair<int32_t, int64_t>> written;
    ARLEDGER_RETURN_IF_ERROR(service->ReadWrittenDeadLetters(&written));
    service->sink_->set_dead_letters_written(std::move(written));
  }
  service->loop_ =
      std::make_unique<ConsumeLoop>(service->events_.get(), service->dead_letters_.get(),
                                    service->sink_.get(), options.loop_options);
  *out = std::move(service);
  return Status::Ok();
}

Status LedgerService::Start() {
  // The tail already folded must still be in the log, byte for byte, before folding on.
  ARLEDGER_RETURN_IF_ERROR(CheckChainTail(events_.get(), projector_.get()));
  ARLEDGER_RETURN_IF_ERROR(loop_->Start());
  stop_ = false;
  loop_thread_ = std::thread([this] {
    Status status = loop_->Run(stop_);
    std::lock_guard<std::mutex> lock(loop_status_mutex_);
    loop_status_ = status;
  });
  if (generation_.rebuild) rebuild_thread_ = std::thread([this] { WatchRebuild(); });
  return Status::Ok();
}

Status LedgerService::Stop() {
  {
    std::lock_guard<std::mutex> lock(rebuild_stop_mutex_);
    stop_ = true;
  }
  rebuild_stop_changed_.notify_all();
  if (rebuild_thread_.joinable()) rebuild_thread_.join();
  if (loop_thread_.joinable()) loop_thread_.join();
  RetirePreviousIfUnused();  // A switch made just before stopping.
  return store_ ? store_->Flush() : Status::Ok();
}

Status LedgerService::loop_status() const {
  std::lock_guard<std::mutex> lock(loop_status_mutex_);
  return loop_status_;
}

// While a rebuild serves the previous store (frozen at its offsets): ready, by design.
bool LedgerService::Ready() const {
  const bool serving_previous =
      serving_previous_ &&
      rebuild_state_.load() == static_cast<int>(RebuildStatus::State::kRebuilding);
  return loop_status().ok() && (serving_previous || loop_->CaughtUp());
}

Status LedgerService::GetAccountView(std::string_view account_id, Date as_of,
                                     v1::AccountView* view) const {
  return QueryAccountView(store(), account_id, as_of, options_.aging, view,
                          options_.worklist.promises);
}

std::string OutcomeStatus(const v1::EventRecord& record) {
  if (record.outcome() == v1::OUTCOME_REJECTED) return "rejected";
  if (record.reason().rfind(kPendingApprovalPrefix, 0) == 0) {
    return "pending_approval";  // Applied as a request awaiting an approver.
  }
  if (record.outcome() == v1::OUTCOME_SKIPPED_UNKNOWN) return "skipped_unknown";
  return "applied";
}

// Decides from the store whether `event` needs appending at all.
Status LedgerService::CheckExisting(const v1::EventEnvelope& event, std::string* serialized,
                                    v1::EventResult* result, bool* append) const {
  ARLEDGER_CHECK(event.SerializeToString(serialized));
  result->set_event_id(event.event_id());
  *append = true;
  if (IsPolicyEvent(event)) return Status::Ok();  // Broadcast; each partition dedupes itself.
  v1::EventRecord record;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(store()->GetEventRecord(EventDedupeKey(event, 0), &record, &found));
  if (!found) return Status::Ok();
  *append = false;
  result->set_partition(record.partition());
  result->set_offset(record.offset());
  if (record.content_sha256() != AsBytes(Sha256::Of(*serialized))) {
    result->set_status("conflict");
    result->set_reason("event_id '" + event.event_id() + "' was already used for other content");
    return Status::Ok();
  }
  result->set_status("exists");
  result->set_outcome(record.outcome());
  result->set_reason(record.reason());
  return Status::Ok();
}

void LedgerService::DescribeOutcome(const v1::EventEnvelope& event, int32_t partition,
                                    int64_t offset, const std::string& serialized,
                                    v1::EventResult* result) const {
  result->set_partition(partition);
  result->set_offset(offset);
  v1::EventRecord record;
  bool found = false;
  Status read = store_->GetEventRecord(EventDedupeKey(event, partition), &record, &found);
  if (!read.ok() || !found) {
    result->set_status("pending");
    return;
  }
  if (record.content_sha256() != AsBytes(Sha256::Of(serialized))) {
    result->set_status("conflict");
    result->set_reason("event_id '" + event.event_id() + "' was already used for other content");
    return;
  }
  result->set_outcome(record.outcome());
  result->set_reason(record.reason());
  if (record.partition() != partition || record.offset() != offset) {
    result->set_status("exists");  // A concurrent identical publish got there first.
  } else {
    result->set_status(OutcomeStatus(record));
  }
}

Status LedgerService::Publish(const std::vector<v1::EventEnvelope>& events,
                              v1::PublishResponse* response, bool occurred_at_from_first) {
  if (events.size() > options_.publish_events_max) {
    return InvalidArgument("at most " + std::to_string(options_.publish_events_max) +
                           " events per request");
  }
  for (size_t i = 0; i < events.size(); ++i) {
    Status valid = IsUnknownEventType(events[i]) ? InvalidArgument("event has no known body")
                                                 : ValidateEnvelope(events[i]);
    if (!valid.ok()) {
      return InvalidArgument(events.size() == 1
                                 ? valid.message()
                                 : "event " + std::to_string(i + 1) + ": " + valid.message());
    }
  }
  response->Clear();
  claims_.Sweep(kClaimsSweepAt,
                [this](const LogPosition& position) { return loop_->WaitForApplied(position, 0); });
  std::vector<std::string> serialized(events.size());
  std::vector<AppendRecord> records;
  std::vector<size_t> owner;         // records[j] belongs to events[owner[j]].
  std::vector<std::string> claimed;  // records[j]'s claim key ("" for a broadcast policy).
  struct Waiting {
    size_t index;                                       // In events.
    std::shared_ptr<const PublishClaims::Claim> claim;  // The first request's.
    v1::EventEnvelope event;                            // As the first request has it.
  };
  std::vector<Waiting> waiting;
  for (size_t i = 0; i < events.size(); ++i) {
    bool append = false;
    v1::EventResult* result = response->add_results();
    ARLEDGER_RETURN_IF_ERROR(CheckExisting(events[i], &serialized[i], result, &append));
    if (!append) continue;
    std::string key;
    if (!IsPolicyEvent(events[i])) {  // Broadcast policies are deduplicated per partition.
      key = EventDedupeKey(events[i], 0);
      if (auto held = claims_.TryClaim(key, serialized[i])) {
        Waiting wait{i, std::move(held), events[i]};
        if (SameRequest(wait.claim->serialized, occurred_at_from_first, &wait.event)) {
          waiting.push_back(std::move(wait));  // Answered once the first is applied.
        } else {
          result->set_status("conflict");
          result->set_reason("event_id '" + events[i].event_id() +
                             "' is being appended for other content");
        }
        continue;
      }
    }
    const int32_t copies =
        AppendRecordsFor(events[i], serialized[i], events_->partition_count(), &records);
    owner.insert(owner.end(), static_cast<size_t>(copies), i);
    claimed.insert(claimed.end(), static_cast<size_t>(copies), key);
  }
  std::vector<LogPosition> positions;
  if (Status appended = events_->Append(records, &positions); !appended.ok()) {
    for (const std::string& key : claimed) {
      if (!key.empty()) claims_.Abandon(key);
    }
    return appended;
  }
  ARLEDGER_CHECK(positions.size() == records.size());
  for (size_t j = 0; j < records.size(); ++j) {
    if (!claimed[j].empty()) claims_.Appended(claimed[j], positions[j]);
  }

  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.apply_wait_ms_max);
  auto remaining_ms = [&deadline] {
    return static_cast<int>(std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                 std::chrono::steady_clock::now())
               .count()));
  };
  for (size_t j = 0; j < records.size(); ++j) {
    const bool applied = loop_->WaitForApplied(positions[j], remaining_ms());
    v1::EventResult* result = response->mutable_results(static_cast<int>(owner[j]));
    if (!applied) {  // The claim stays: a retry waits for this copy rather than adding one.
      result->set_status("pending");
      result->set_partition(positions[j].partition);
      result->set_offset(positions[j].offset);
      continue;
    }
    if (!claimed[j].empty()) claims_.Release(claimed[j]);
    DescribeOutcome(events[owner[j]], positions[j].partition, positions[j].offset,
                    serialized[owner[j]], result);
  }
  for (Waiting& wait : waiting) {
    const size_t i = wait.index;
    v1::EventResult* result = response->mutable_results(static_cast<int>(i));
    const std::optional<LogPosition> position = claims_.WaitAppended(wait.claim, deadline);
    if (!position) {
      return Unavailable("event '" + events[i].event_id() +
                         "' is being appended by a concurrent request that has not finished; "
                         "retry with the same content");
    }
    if (!loop_->WaitForApplied(*position, remaining_ms())) {
      result->set_status("pending");
      result->set_partition(position->partition);
      result->set_offset(position->offset);
      continue;
    }
    claims_.Release(EventDedupeKey(wait.event, 0));
    bool append = false;  // Applied now: the index answers "exists" (or "conflict").
    ARLEDGER_RETURN_IF_ERROR(CheckExisting(wait.event, &serialized[i], result, &append));
    if (append) {
      DescribeOutcome(wait.event, position->partition, position->offset, serialized[i], result);
    }
  }
  return Status::Ok();
}

void LedgerService::RenderMetrics(std::string* out) const {
  v1::ProjectionMeta meta;
  if (store_->ReadMeta(&meta).ok()) {
    const std::pair<const char*, int64_t> counters[] = {
        {"arledger_events_applied_total", meta.events_applied()},
        {"arledger_events_rejected_total", meta.events_rejected()},
        {"arledger_events_skipped_unknown_total", meta.events_skipped_unknown()},
        {"arledger_events_duplicate_total", meta.events_duplicate()},
        {"arledger_dead_letters_total", meta.dead_letters()},
    };
    for (const auto& [name, value] : counters) {
      *out += std::string("# TYPE ") + name + " counter\n";
      AppendSample(out, name, "", static_cast<double>(value));
    }
    *out += "# HELP arledger_ledger_balance_minor Global ledger balance (debit positive).\n";
    *out += "# TYPE arledger_ledger_balance_minor gauge\n";
    for (const v1::LedgerBalance& balance : meta.ledger()) {
      AppendSample(out, "arledger_ledger_balance_minor",
                   "ledger_account=\"" + v1::LedgerAccount_Name(balance.ledger_account()) +
                       "\",currency=\"" + balance.currency() + "\"",
                   static_cast<double>(balance.balance_minor()));
    }
  }
  const std::vector<int64_t> lag = loop_->lag();
  *out += "# HELP arledger_consumer_lag_records Records in the log not yet applied.\n";
  *out += "# TYPE arledger_consumer_lag_records gauge\n";
  for (size_t p = 0; p < lag.size(); ++p) {
    AppendSample(out, "arledger_consumer_lag_records", "partition=\"" + std::to_string(p) + "\"",
                 static_cast<double>(lag[p]));
  }
  *out += "# TYPE arledger_ready gauge\n";
  AppendSample(out, "arledger_ready", "", Ready() ? 1 : 0);
  RenderStoreMetrics(out);
}

}  // namespace arledger
