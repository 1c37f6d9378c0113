#include "service/replay.h"

#include <chrono>
#include <filesystem>

#include "projections/projector.h"

namespace arledger {

Status ReplayInto(EventLog* events, const std::string& store_directory,
                  const ReplayOptions& options, ReplayReport* report) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code error;
  if (std::filesystem::exists(store_directory, error) &&
      !std::filesystem::is_empty(store_directory, error)) {
    return FailedPrecondition("replay target '" + store_directory + "' is not empty");
  }
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(store_directory, StoreOptions(), &store));
  Projector projector(store.get(), events->topic());
  ARLEDGER_RETURN_IF_ERROR(projector.Load());

  std::vector<int64_t> end_offsets;
  ARLEDGER_RETURN_IF_ERROR(events->EndOffsets(&end_offsets));
  if (!options.stop_offsets.empty()) {
    if (options.stop_offsets.size() > end_offsets.size()) {
      return FailedPrecondition("the store has folded more partitions than the log has");
    }
    for (size_t p = 0; p < end_offsets.size(); ++p) {
      const int64_t stop = p < options.stop_offsets.size() ? options.stop_offsets[p] : 0;
      if (stop > end_offsets[p]) {
        return FailedPrecondition("the store has folded partition " + std::to_string(p) +
                                  " up to " + std::to_string(stop) + " but the log ends at " +
                                  std::to_string(end_offsets[p]));
      }
      end_offsets[p] = stop;
    }
  }
  std::vector<int64_t> next(end_offsets.size(), 0);
  std::unique_ptr<LogReader> reader;
  ARLEDGER_RETURN_IF_ERROR(events->OpenReader(next, &reader));

  auto done = [&] {
    for (size_t p = 0; p < next.size(); ++p) {
      if (next[p] < end_offsets[p]) return false;
    }
    return true;
  };
  std::vector<LogRecord> records;
  std::vector<v1::DeadLetter> dead_letters;
  int idle_polls = 0;
  while (!done()) {
    records.clear();
    ARLEDGER_RETURN_IF_ERROR(
        reader->Poll(options.batch_records_max, options.poll_timeout_ms, &records));
    if (records.empty()) {
      if (++idle_polls > options.idle_polls_max) {
        return Unavailable("replay stalled: the log stopped delivering before its end offsets");
      }
      continue;
    }
    idle_polls = 0;
    // Records past the end observed at start are left for a later replay: stop at that line.
    std::erase_if(records, [&](const LogRecord& r) {
      return r.offset >= end_offsets[static_cast<size_t>(r.partition)];
    });
    dead_letters.clear();
    ARLEDGER_RETURN_IF_ERROR(projector.Prepare(records, &dead_letters));
    ARLEDGER_RETURN_IF_ERROR(projector.Commit());
    for (const LogRecord& r : records) next[static_cast<size_t>(r.partition)] = r.offset + 1;
    report->records += static_cast<int64_t>(records.size());
  }
  ARLEDGER_RETURN_IF_ERROR(store->Flush());
  ARLEDGER_RETURN_IF_ERROR(store->ComputeDigest(&report->digest));
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Ok();
}

}  // namespace arledger
