// Replay: fold the log from offset 0 into a fresh store, batch by batch, up to a stop line.
#include "service/replay.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "projections/projector.h"
#include "service/log_scan.h"

namespace arledger {
namespace {

// Passes over the log's partitions a replay makes at least (see PassPartitions).
constexpr size_t kReplayPassesMin = 8;
// Buffered puts per insert-only read model before they are written as a table file
// (StoreOptions::bulk_table_bytes); a model has two at most, one filling and one being written.
// Peak RSS against memtables: -5% at 100k accounts, +7% at 1M (855 MiB). 64 MiB held 190 MB
// more at 100k; 16 MiB made twice the tables, and compacting them cost 18% more CPU time.
constexpr size_t kReplayTableBytes = 32u << 20;

// Where the replay stops: the given stop offsets (checked against the log) or the end now.
Status StopOffsets(EventLog* events, const ReplayOptions& options, std::vector<int64_t>* stop) {
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(events, stop));
  if (options.stop_offsets.empty()) return Status::Ok();
  if (options.stop_offsets.size() > stop->size()) {
    return FailedPrecondition("the store has folded more partitions than the log has");
  }
  for (size_t p = 0; p < stop->size(); ++p) {
    const int64_t wanted = p < options.stop_offsets.size() ? options.stop_offsets[p] : 0;
    if (wanted > (*stop)[p]) {
      return FailedPrecondition("the store has folded partition " + std::to_string(p) + " up to " +
                                std::to_string(wanted) + " but the log ends at " +
                                std::to_string((*stop)[p]));
    }
    (*stop)[p] = wanted;
  }
  return Status::Ok();
}

}  // namespace

size_t PassPartitions(size_t partitions, int64_t records, int64_t pass_records_max) {
  ARLEDGER_CHECK(pass_records_max > 0);
  if (partitions == 0) return 1;
  const size_t eighth = (partitions + kReplayPassesMin - 1) / kReplayPassesMin;
  // Passes of the bound's size at most, and the partitions of the average size that fit one.
  const auto by_size = static_cast<size_t>((records + pass_records_max - 1) / pass_records_max);
  return std::min(eighth, std::max<size_t>(1, partitions / std::max<size_t>(1, by_size)));
}

size_t PassSlices(int64_t pass_records, int64_t pass_records_max) {
  ARLEDGER_CHECK(pass_records_max > 0);
  if (pass_records <= pass_records_max) return 1;
  return static_cast<size_t>((pass_records + pass_records_max - 1) / pass_records_max);
}

Status ReplayInto(EventLog* events, const std::string& store_directory,
                  const ReplayOptions& options, ReplayReport* report) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code error;
  if (std::filesystem::exists(store_directory, error) &&
      !std::filesystem::is_empty(store_directory, error)) {
    return FailedPrecondition("replay target '" + store_directory + "' is not empty");
  }
  std::unique_ptr<Store> store;
  StoreOptions store_options;
  // A fresh store: nothing reads it until the final flush.
  store_options.bulk_load = true;
  store_options.bulk_table_bytes = kReplayTableBytes;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(store_directory, store_options, &store));
  if (options.shards < 1 || options.shards > kProjectorShardsMax) {
    return InvalidArgument("shards: must be within 1.." + std::to_string(kProjectorShardsMax));
  }
  Projector projector(store.get(), events->topic(), options.shards);
  ARLEDGER_RETURN_IF_ERROR(projector.Load());
  // Nothing reads the store before the end, and every partition is read from 0 to its stop in
  // one pass: the projector keeps a pass's accounts in memory and writes each once.
  ARLEDGER_RETURN_IF_ERROR(projector.BulkPasses());
  std::vector<int64_t> stop;
  ARLEDGER_RETURN_IF_ERROR(StopOffsets(events, options, &stop));

  ScanOptions scan;
  scan.batch_records_max = options.batch_records_max;
  scan.poll_timeout_ms = options.poll_timeout_ms;
  scan.idle_polls_max = options.idle_polls_max;
  scan.progress = options.progress;
  int64_t log_records = 0;  // From offset 0 to each stop.
  for (const int64_t end : stop) log_records += end;
  scan.partitions_per_pass =
      options.partitions_per_pass != 0
          ? options.partitions_per_pass
          : PassPartitions(stop.size(), log_records, options.pass_records_max);
  scan.pass_reads = [&options](int64_t pass_records) {
    return PassSlices(pass_records, options.pass_records_max);
  };
  size_t read_now = 0;  // Records are counted on a pass's first read.
  scan.read_begins = [&projector, &read_now, report](size_t read, size_t reads) {
    read_now = read;
    report->slices_max = std::max(report->slices_max, reads);
    return projector.BeginSlice(read, reads);
  };
  scan.pass_done = [&projector, report] {
    ++report->passes;
    return projector.EndPass();
  };
  std::vector<v1::DeadLetter> dead_letters;  // Counted in the meta; the live consumer wrote them.
  ARLEDGER_RETURN_IF_ERROR(ScanLog(events, std::vector<int64_t>(stop.size(), 0), stop, scan,
                                   [&](std::vector<LogRecord>& records) {
                                     dead_letters.clear();
                                     ARLEDGER_RETURN_IF_ERROR(
                                         projector.Prepare(records, &dead_letters));
                                     ARLEDGER_RETURN_IF_ERROR(projector.Commit());
                                     if (read_now == 0) {
                                       report->records += static_cast<int64_t>(records.size());
                                     }
                                     return Status::Ok();
                                   }));
  ARLEDGER_RETURN_IF_ERROR(projector.WaitForWrites());
  ARLEDGER_RETURN_IF_ERROR(store->Flush());
  const auto digest_start = std::chrono::steady_clock::now();
  ARLEDGER_RETURN_IF_ERROR(store->ComputeDigest(&report->digest));
  const auto end = std::chrono::steady_clock::now();
  report->digest_seconds = std::chrono::duration<double>(end - digest_start).count();
  report->seconds = std::chrono::duration<double>(end - start).count();
  return Status::Ok();
}

}  // namespace arledger
