// LedgerService: the projection store's generations — opening (blue/green rebuild when the
// projection version changed), the switch-over, retiring the previous store, backups, and
// the store's metrics (build, size, write stalls, rebuild progress).
#include <spdlog/spdlog.h>

#include <chrono>

#include "projections/store_stats.h"
#include "service/backup.h"
#include "service/ledger_service.h"
#include "service/log_scan.h"
#include "service/metrics.h"

#ifndef ARLEDGER_VERSION
#error "ARLEDGER_VERSION must be defined by the build (apps/CMakeLists.txt)"
#endif

namespace arledger {
namespace {

// How often the watcher asks whether the rebuild has caught up, or the previous store is free.
constexpr int kRebuildCheckIntervalMs = 50;
// Bound on the dead letters remembered at the start of a rebuild; past it, the rest of the
// bad records are dead-lettered again (a duplicate, never a loss).
constexpr size_t kRebuildDeadLettersKnownMax = 1'000'000;

int64_t Sum(const std::vector<int64_t>& values) {
  int64_t sum = 0;
  for (int64_t value : values) sum += value;
  return sum;
}

}  // namespace

std::string_view RebuildStateName(RebuildStatus::State state) {
  switch (state) {
    case RebuildStatus::State::kNone:
      return "none";
    case RebuildStatus::State::kRebuilding:
      return "rebuilding";
    case RebuildStatus::State::kSwitched:
      return "switched";
  }
  return "unknown";
}

Status LedgerService::OpenStores() {
  ARLEDGER_RETURN_IF_ERROR(PrepareStoreGeneration(options_.store_directory,
                                                  options_.projection_version,
                                                  options_.keep_previous_store, &generation_));
  StoreOptions store_options;
  store_options.projection_version = options_.projection_version;
  std::unique_ptr<Store> opened;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(options_.store_directory, store_options, &opened));
  store_ = std::move(opened);
  serving_ = store_;
  if (!generation_.rebuild) return Status::Ok();

  StoreOptions previous_options;
  previous_options.create_if_missing = false;
  previous_options.projection_version = generation_.previous_version;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(generation_.previous_directory, previous_options, &opened));
  previous_ = std::move(opened);
  rebuild_state_ = static_cast<int>(RebuildStatus::State::kRebuilding);
  serving_previous_ = generation_.previous_version >= kProjectionVersionServableMin &&
                      generation_.previous_version <= options_.projection_version;
  if (serving_previous_) {
    serving_ = previous_;
    spdlog::warn(
        "projection rebuild: this build writes projection version {}; rebuilding {} from the "
        "log while {} (version {}) answers queries",
        options_.projection_version, options_.store_directory, generation_.previous_directory,
        generation_.previous_version);
  } else {
    spdlog::warn(
        "projection rebuild: this build writes projection version {} and cannot read the "
        "layout of {} (version {}); rebuilding {} from the log, not ready until caught up",
        options_.projection_version, generation_.previous_directory, generation_.previous_version,
        options_.store_directory);
  }
  return Status::Ok();
}

// What the dead-letter log already holds, so that the rebuild, meeting the same bad records
// again, does not write them twice — yet writes those that only this build finds bad.
Status LedgerService::ReadWrittenDeadLetters(std::set<std::pair<int32_t, int64_t>>* positions) {
  std::vector<int64_t> end;
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(dead_letters_.get(), &end));
  return ScanLog(dead_letters_.get(), std::vector<int64_t>(end.size(), 0), end, ScanOptions(),
                 [&](std::vector<LogRecord>& batch) {
                   v1::DeadLetter letter;
                   for (const LogRecord& record : batch) {
                     if (positions->size() >= kRebuildDeadLettersKnownMax) break;
                     if (letter.ParseFromString(record.value) && letter.topic() == kEventsTopic) {
                       positions->emplace(letter.partition(), letter.offset());
                     }
                   }
                   return Status::Ok();
                 });
}

StoreRef LedgerService::store() const {
  std::lock_guard<std::mutex> lock(serving_mutex_);
  return StoreRef(serving_);
}

RebuildStatus LedgerService::rebuild_status() const {
  RebuildStatus status;
  status.state = static_cast<RebuildStatus::State>(rebuild_state_.load());
  if (status.state == RebuildStatus::State::kNone) return status;
  status.previous_version = generation_.previous_version;
  status.records_replayed = Sum(loop_->applied_offsets());
  status.records_total = status.records_replayed + Sum(loop_->lag());
  return status;
}

// The watcher thread: switch once caught up, then retire the previous store when unused.
void LedgerService::WatchRebuild() {
  std::unique_lock<std::mutex> lock(rebuild_stop_mutex_);
  while (!stop_.load() && previous_) {
    rebuild_stop_changed_.wait_for(lock, std::chrono::milliseconds(kRebuildCheckIntervalMs),
                                   [this] { return stop_.load(); });
    if (stop_.load()) break;
    const auto state = static_cast<RebuildStatus::State>(rebuild_state_.load());
    if (state == RebuildStatus::State::kRebuilding && loop_->CaughtUp()) {
      if (Status switched = SwitchOver(); !switched.ok()) {
        spdlog::error("projection rebuild: cannot switch over: {}", switched.ToString());
      }
    }
    if (state == RebuildStatus::State::kSwitched) RetirePreviousIfUnused();
  }
}

Status LedgerService::SwitchOver() {
  ARLEDGER_RETURN_IF_ERROR(store_->Flush());
  ARLEDGER_RETURN_IF_ERROR(CommitStoreSwitch(options_.store_directory, generation_));
  {
    std::lock_guard<std::mutex> lock(serving_mutex_);
    serving_ = store_;
  }
  rebuild_state_ = static_cast<int>(RebuildStatus::State::kSwitched);
  spdlog::info("projection rebuild: caught up; {} (version {}) now answers queries",
               options_.store_directory, options_.projection_version);
  return Status::Ok();
}

// No query can take the previous store after the switch, so once this thread holds the only
// reference it stays the only one: close it, then delete it unless kept.
void LedgerService::RetirePreviousIfUnused() {
  if (!previous_ || rebuild_state_.load() != static_cast<int>(RebuildStatus::State::kSwitched) ||
      previous_.use_count() != 1) {
    return;
  }
  previous_.reset();  // Done once: the watcher ends when previous_ is gone.
  Status retired =
      RetirePreviousStore(options_.store_directory, generation_, options_.keep_previous_store);
  if (!retired.ok()) {
    spdlog::error("projection rebuild: {}", retired.ToString());
    return;
  }
  spdlog::info("projection rebuild: previous store {} {}", generation_.previous_directory,
               options_.keep_previous_store ? "closed and kept" : "deleted");
}

Status LedgerService::Backup(const std::string& directory, v1::BackupResponse* report) const {
  return BackupStore(*store_, directory, report);
}

void LedgerService::RenderStoreMetrics(std::string* out) const {
  *out += "# HELP arledger_build_info The running build and the projection version it writes.\n";
  *out += "# TYPE arledger_build_info gauge\n";
  AppendSample(out, "arledger_build_info",
               std::string("version=\"") + ARLEDGER_VERSION + "\",projection_version=\"" +
                   std::to_string(options_.projection_version) + "\"",
               1);
  StoreStats stats;
  if (ReadStoreStats(*store_, &stats).ok()) {
    *out += "# HELP arledger_store_bytes Projection store size by kind (sst on disk, memtable).\n";
    *out += "# TYPE arledger_store_bytes gauge\n";
    AppendSample(out, "arledger_store_bytes", "kind=\"sst\"", static_cast<double>(stats.sst_bytes));
    AppendSample(out, "arledger_store_bytes", "kind=\"memtable\"",
                 static_cast<double>(stats.memtable_bytes));
    *out += "# HELP arledger_store_write_stalls_total RocksDB write stalls since start.\n";
    *out += "# TYPE arledger_store_write_stalls_total counter\n";
    AppendSample(out, "arledger_store_write_stalls_total", "kind=\"slowdown\"",
                 static_cast<double>(stats.stalls_slowdown));
    AppendSample(out, "arledger_store_write_stalls_total", "kind=\"stop\"",
                 static_cast<double>(stats.stalls_stop));
    *out += "# HELP arledger_store_write_stopped 1 while RocksDB stops writes.\n";
    *out += "# TYPE arledger_store_write_stopped gauge\n";
    AppendSample(out, "arledger_store_write_stopped", "", static_cast<double>(stats.write_stopped));
    *out += "# HELP arledger_store_delayed_write_rate_bytes Write rate RocksDB imposes; 0: none.\n";
    *out += "# TYPE arledger_store_delayed_write_rate_bytes gauge\n";
    AppendSample(out, "arledger_store_delayed_write_rate_bytes", "",
                 static_cast<double>(stats.delayed_write_rate_bytes));
  }
  const RebuildStatus rebuild = rebuild_status();
  *out += "# HELP arledger_rebuild_state Blue/green projection rebuild: 1 for the current state.\n";
  *out += "# TYPE arledger_rebuild_state gauge\n";
  for (auto state : {RebuildStatus::State::kNone, RebuildStatus::State::kRebuilding,
                     RebuildStatus::State::kSwitched}) {
    AppendSample(out, "arledger_rebuild_state",
                 "state=\"" + std::string(RebuildStateName(state)) + "\"",
                 state == rebuild.state ? 1 : 0);
  }
  *out += "# HELP arledger_rebuild_records Records the rebuild has replayed, of the log's total.\n";
  *out += "# TYPE arledger_rebuild_records gauge\n";
  AppendSample(out, "arledger_rebuild_records", "kind=\"replayed\"",
               static_cast<double>(rebuild.records_replayed));
  AppendSample(out, "arledger_rebuild_records", "kind=\"total\"",
               static_cast<double>(rebuild.records_total));
}

}  // namespace arledger
