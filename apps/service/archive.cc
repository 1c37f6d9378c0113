// Archive: resume check, copy with chaining and position checks, read-back of what was written.
#include "service/archive.h"

#include <algorithm>
#include <chrono>

#include "core/sha256.h"
#include "service/log_scan.h"

namespace arledger {
namespace {

constexpr std::string_view kJournalScheme = "journal:";

struct Logs {
  std::unique_ptr<EventLog> source;
  std::unique_ptr<EventLog> archive;
  std::vector<int64_t> source_end;  // The source's end offsets when this run started.
  std::vector<int64_t> stop;        // Where this run stops: source_end, or less (records_max).
  std::vector<int64_t> archived;    // What the archive held when this run started.
};

Status OpenLogs(const std::string& from_spec, const std::string& to_spec,
                const ArchiveOptions& options, Logs* logs) {
  if (!std::string_view(to_spec).starts_with(kJournalScheme)) {
    return InvalidArgument("an archive is a journal: --to journal:DIR");
  }
  if (options.records_max < 0) return InvalidArgument("records_max must not be negative");
  EventLogOptions source_options;
  source_options.read_only = true;  // A journal source may be held by a running ledgerd.
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(from_spec, options.topic, source_options, &logs->source));
  EventLogOptions archive_options;
  archive_options.journal_partitions = logs->source->partition_count();
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(to_spec, options.topic, archive_options, &logs->archive));
  if (logs->archive->partition_count() != logs->source->partition_count()) {
    return FailedPrecondition(
        "the archive has " + std::to_string(logs->archive->partition_count()) + " partitions but " +
        options.topic + " has " + std::to_string(logs->source->partition_count()));
  }
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(logs->archive.get(), &logs->archived));
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(logs->source.get(), &logs->source_end));
  for (size_t p = 0; p < logs->archived.size(); ++p) {
    if (logs->archived[p] > logs->source_end[p]) {
      return FailedPrecondition("the archive holds " + std::to_string(logs->archived[p]) +
                                " records of partition " + std::to_string(p) + " but the source " +
                                "only " + std::to_string(logs->source_end[p]) +
                                ": it is not an archive of this topic");
    }
  }
  logs->stop = logs->source_end;
  if (options.records_max == 0) return Status::Ok();
  int64_t allowed = options.records_max;
  for (size_t p = 0; p < logs->stop.size(); ++p) {
    const int64_t copied = std::min(allowed, logs->source_end[p] - logs->archived[p]);
    logs->stop[p] = logs->archived[p] + copied;
    allowed -= copied;
  }
  return Status::Ok();
}

// Chains `log` from `start` to `stop`, extending `heads`; keeps each partition's last record.
Status ChainRange(EventLog* log, const std::vector<int64_t>& start,
                  const std::vector<int64_t>& stop, std::vector<std::string>* heads,
                  std::vector<LogRecord>* last) {
  return ScanLog(log, start, stop, ScanOptions(), [&](std::vector<LogRecord>& records) {
    for (LogRecord& record : records) {
      const auto p = static_cast<size_t>(record.partition);
      (*heads)[p] = std::string(AsBytes(Sha256::ChainNext((*heads)[p], record.value)));
      if (last != nullptr) (*last)[p] = std::move(record);
    }
    return Status::Ok();
  });
}

// Copies the source from each partition's archived end to its stop offset. The source is read from
// one record earlier, to check that record is the one archived last.
Status CopyNew(Logs* logs, const std::vector<LogRecord>& last_archived,
               const ArchiveOptions& options, std::vector<std::string>* heads,
               ArchiveReport* report) {
  std::vector<int64_t> start = logs->archived;
  for (int64_t& offset : start) offset = std::max<int64_t>(0, offset - 1);
  ScanOptions scan;
  scan.batch_records_max = options.batch_records_max;
  scan.progress = options.progress;
  return ScanLog(logs->source.get(), start, logs->stop, scan, [&](std::vector<LogRecord>& records) {
    std::vector<AppendRecord> appends;
    std::vector<LogPosition> expected;
    for (const LogRecord& record : records) {
      const auto p = static_cast<size_t>(record.partition);
      if (record.offset < logs->archived[p]) {
        if (record.value != last_archived[p].value || record.key != last_archived[p].key) {
          return FailedPrecondition("partition " + std::to_string(p) + " offset " +
                                    std::to_string(record.offset) + " differs between the " +
                                    "source and the archive: not an archive of this topic");
        }
        continue;
      }
      (*heads)[p] = std::string(AsBytes(Sha256::ChainNext((*heads)[p], record.value)));
      appends.push_back({record.key, record.value, record.partition, record.timestamp_ms});
      expected.push_back({record.partition, record.offset});
    }
    if (appends.empty()) return Status::Ok();  // Only the re-read last archived records.
    std::vector<LogPosition> positions;
    ARLEDGER_RETURN_IF_ERROR(logs->archive->Append(appends, &positions));
    if (positions != expected) {
      return Corruption("the archive placed records at other offsets than the source's");
    }
    report->records_copied += static_cast<int64_t>(appends.size());
    return Status::Ok();
  });
}

}  // namespace

Status ArchiveTopic(const std::string& from_spec, const std::string& to_spec,
                    const ArchiveOptions& options, ArchiveReport* report) {
  const auto started = std::chrono::steady_clock::now();
  Logs logs;
  ARLEDGER_RETURN_IF_ERROR(OpenLogs(from_spec, to_spec, options, &logs));
  const size_t partitions = logs.archived.size();
  std::vector<std::string> heads(partitions);
  std::vector<LogRecord> last_archived(partitions);
  ARLEDGER_RETURN_IF_ERROR(ChainRange(logs.archive.get(), std::vector<int64_t>(partitions, 0),
                                      logs.archived, &heads, &last_archived));
  for (int64_t archived : logs.archived) report->records_before += archived;
  std::vector<std::string> archived_heads = heads;
  ARLEDGER_RETURN_IF_ERROR(CopyNew(&logs, last_archived, options, &heads, report));

  // Read back what this run wrote and chain it on from the archived prefix: it must reach the
  // heads chained from the source's bytes.
  ARLEDGER_RETURN_IF_ERROR(
      ChainRange(logs.archive.get(), logs.archived, logs.stop, &archived_heads, nullptr));
  for (size_t p = 0; p < partitions; ++p) {
    if (archived_heads[p] != heads[p]) {
      return Corruption("partition " + std::to_string(p) +
                        ": the archive read back does not chain to the source's head");
    }
    report->chain_heads_hex.push_back(ToHex(heads[p]));
    report->records_left += logs.source_end[p] - logs.stop[p];
  }
  report->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return Status::Ok();
}

}  // namespace arledger
