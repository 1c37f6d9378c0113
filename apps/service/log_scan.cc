// ScanLog: one reader, bounded polls, records past the stop line dropped.
#include "service/log_scan.h"

#include <algorithm>

namespace arledger {
namespace {

// Once a batch has records, how long one more poll may wait for the rest to arrive.
constexpr int kFillWaitMs = 20;

// One read of a pass: partitions [first, last) from start to stop, with `*reader`: opened by
// the scan's first read, moved (LogReader::Seek) by the others.
Status ReadPass(EventLog* log, const std::vector<int64_t>& start, const std::vector<int64_t>& stop,
                size_t first, size_t last, const ScanOptions& options, const ScanVisitor& visit,
                std::unique_ptr<LogReader>* reader) {
  std::vector<int64_t> next = start;
  auto done = [&] {
    for (size_t p = first; p < last; ++p) {
      if (next[p] < stop[p]) return false;
    }
    return true;
  };
  // The other partitions are opened at their stop offsets: nothing of theirs is read.
  std::vector<int64_t> from = stop;
  std::copy(next.begin() + static_cast<long>(first), next.begin() + static_cast<long>(last),
            from.begin() + static_cast<long>(first));
  if (*reader == nullptr) {
    ReaderOptions rereads;
    rereads.rereads = true;
    ARLEDGER_RETURN_IF_ERROR(log->OpenReader(from, rereads, reader));
  } else {
    ARLEDGER_RETURN_IF_ERROR((*reader)->Seek(from));
  }
  std::vector<LogRecord> records;
  std::vector<LogRecord> chunk;
  for (int idle_polls = 0; !done();) {
    // Fill the batch: wait for its first records, then take what keeps coming until it is
    // full, the pass is complete, or a short wait brings nothing. A Kafka consumer hands
    // over only what it has fetched so far (a few thousand records), and larger batches fold
    // faster.
    records.clear();
    while (records.size() < options.batch_records_max && !done()) {
      chunk.clear();
      const int wait_ms = records.empty() ? options.poll_timeout_ms
                                          : std::min(options.poll_timeout_ms, kFillWaitMs);
      ARLEDGER_RETURN_IF_ERROR(
          (*reader)->Poll(options.batch_records_max - records.size(), wait_ms, &chunk));
      std::erase_if(chunk, [&](const LogRecord& r) {
        return r.offset >= stop[static_cast<size_t>(r.partition)];
      });
      if (chunk.empty()) break;
      for (LogRecord& r : chunk) {
        next[static_cast<size_t>(r.partition)] = r.offset + 1;
        records.push_back(std::move(r));
      }
    }
    if (records.empty()) {
      if (++idle_polls > options.idle_polls_max) {
        return Unavailable("scan of " + log->topic() +
                           " stalled: the log stopped delivering before the stop offsets");
      }
      continue;
    }
    idle_polls = 0;
    const auto count = static_cast<int64_t>(records.size());
    ARLEDGER_RETURN_IF_ERROR(visit(records));
    if (options.progress != nullptr) options.progress->Advance(count);
  }
  return Status::Ok();
}

}  // namespace

Status LogEndOffsets(EventLog* log, std::vector<int64_t>* end_offsets) {
  ARLEDGER_RETURN_IF_ERROR(log->EndOffsets(end_offsets));
  if (end_offsets->size() != static_cast<size_t>(log->partition_count())) {
    return Internal("the log reported " + std::to_string(end_offsets->size()) +
                    " end offsets for " + std::to_string(log->partition_count()) + " partitions");
  }
  return Status::Ok();
}

Status ScanLog(EventLog* log, const std::vector<int64_t>& start, const std::vector<int64_t>& stop,
               const ScanOptions& options, const ScanVisitor& visit) {
  const size_t partitions = static_cast<size_t>(log->partition_count());
  if (start.size() != partitions || stop.size() != partitions) {
    return InvalidArgument("a scan needs start and stop offsets for all " +
                           std::to_string(partitions) + " partitions");
  }
  std::vector<int64_t> end;
  ARLEDGER_RETURN_IF_ERROR(LogEndOffsets(log, &end));
  for (size_t p = 0; p < partitions; ++p) {
    if (stop[p] > end[p]) {
      return OutOfRange(log->topic() + " partition " + std::to_string(p) + " ends at " +
                        std::to_string(end[p]) + ", before offset " + std::to_string(stop[p]));
    }
  }
  const size_t per_pass = options.partitions_per_pass == 0
                              ? partitions
                              : std::min(partitions, options.partitions_per_pass);
  // Each pass's records and reads, and so the scan's total.
  std::vector<int64_t> pass_records;
  std::vector<size_t> pass_reads;
  int64_t total = 0;
  for (size_t first = 0; first < partitions; first += per_pass) {
    int64_t records = 0;
    for (size_t p = first; p < std::min(partitions, first + per_pass); ++p) {
      records += std::max<int64_t>(0, stop[p] - start[p]);
    }
    const size_t reads = options.pass_reads ? options.pass_reads(records) : 1;
    if (reads == 0) return InvalidArgument("a pass must be read at least once");
    pass_records.push_back(records);
    pass_reads.push_back(reads);
    total += records * static_cast<int64_t>(reads);
  }
  if (options.progress != nullptr) options.progress->set_total(total);
  std::unique_ptr<LogReader> reader;  // One for the whole scan.
  for (size_t first = 0, pass = 0; first < partitions; first += per_pass, ++pass) {
    if (pass_records[pass] == 0) continue;
    const size_t last = std::min(partitions, first + per_pass);  // This pass: [first, last).
    for (size_t read = 0; read < pass_reads[pass]; ++read) {
      if (options.read_begins) {
        ARLEDGER_RETURN_IF_ERROR(options.read_begins(read, pass_reads[pass]));
      }
      ARLEDGER_RETURN_IF_ERROR(ReadPass(log, start, stop, first, last, options, visit, &reader));
      if (options.pass_done) ARLEDGER_RETURN_IF_ERROR(options.pass_done());
    }
  }
  return Status::Ok();
}

}  // namespace arledger
