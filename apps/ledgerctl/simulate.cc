// ledgerctl simulate: a seeded synthetic portfolio (apps/sim), streamed in log order into a
// log (batched appends; a policy event goes to every partition) or a JSON-lines file that
// `ledgerctl publish` can append later. Memory stays per account, never per event.
#include <chrono>
#include <cstdio>
#include <memory>

#include "ledgerctl/commands.h"
#include "service/append_records.h"
#include "service/json.h"
#include "sim/portfolio_generator.h"

namespace arledger::ctl {
namespace {

constexpr size_t kFileBufferBytes = 1 << 20;

bool IsLogSpec(const std::string& out) {
  return out.rfind("journal:", 0) == 0 || out.rfind("kafka:", 0) == 0;
}

// Appends events to a log in batches of `batch_records` records.
class LogSink {
 public:
  LogSink(std::unique_ptr<EventLog> log, size_t batch_records)
      : log_(std::move(log)), batch_records_(batch_records) {}

  Status Add(const v1::EventEnvelope& event) {
    if (!event.SerializeToString(&serialized_)) return Internal("cannot serialise an event");
    AppendRecordsFor(event, serialized_, log_->partition_count(), &records_);
    return records_.size() >= batch_records_ ? Flush() : Status::Ok();
  }

  Status Flush() {
    if (records_.empty()) return Status::Ok();
    ARLEDGER_RETURN_IF_ERROR(log_->Append(records_, &positions_));
    records_appended_ += static_cast<int64_t>(records_.size());
    records_.clear();
    return Status::Ok();
  }

  int64_t records_appended() const { return records_appended_; }

 private:
  std::unique_ptr<EventLog> log_;
  const size_t batch_records_;
  std::string serialized_;
  std::vector<AppendRecord> records_;
  std::vector<LogPosition> positions_;
  int64_t records_appended_ = 0;
};

// Writes events as JSON lines (the protobuf JSON mapping `publish` reads).
class FileSink {
 public:
  static Status Open(const std::string& path, std::unique_ptr<FileSink>* sink) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return IoError("cannot create '" + path + "'");
    sink->reset(new FileSink(file));
    return Status::Ok();
  }
  ~FileSink() {
    if (file_ != nullptr) std::fclose(file_);
  }

  Status Add(const v1::EventEnvelope& event) {
    const std::string line = ToJson(event);
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() ||
        std::fputc('\n', file_) == EOF) {
      return IoError("write failed");
    }
    return Status::Ok();
  }

  Status Close() {
    const int result = std::fclose(file_);
    file_ = nullptr;
    return result == 0 ? Status::Ok() : IoError("close failed");
  }

 private:
  explicit FileSink(std::FILE* file) : file_(file), buffer_(kFileBufferBytes) {
    std::setvbuf(file_, buffer_.data(), _IOFBF, buffer_.size());
  }
  std::FILE* file_;
  std::vector<char> buffer_;
};

void PrintSummary(const SimulateArgs& args, const sim::PortfolioSummary& summary, int64_t records,
                  double seconds, bool json) {
  const double rate = seconds > 0 ? static_cast<double>(summary.events) / seconds : 0;
  if (json) {
    std::printf(
        "{\"events\": %lld, \"records\": %lld, \"accounts\": %lld, \"collectors\": %d, "
        "\"team_leaders\": %d, \"seed\": %llu, \"first_date\": \"%s\", "
        "\"last_date\": \"%s\", \"seconds\": %.3f, \"events_per_s\": %.0f, "
        "\"events_by_type\": {",
        static_cast<long long>(summary.events), static_cast<long long>(records),
        static_cast<long long>(summary.accounts), summary.collectors, summary.team_leaders,
        static_cast<unsigned long long>(args.seed), summary.first_date.c_str(),
        summary.last_date.c_str(), seconds, rate);
    const char* separator = "";
    for (const auto& [type, count] : summary.events_by_type) {
      std::printf("%s\"%s\": %lld", separator, type.c_str(), static_cast<long long>(count));
      separator = ", ";
    }
    std::printf("}}\n");
    return;
  }
  std::printf(
      "generated %lld events (%lld records) for %lld accounts, %d collectors, seed %llu,"
      " %s..%s, in %.2f s (%.0f events/s) -> %s\n",
      static_cast<long long>(summary.events), static_cast<long long>(records),
      static_cast<long long>(summary.accounts), summary.collectors,
      static_cast<unsigned long long>(args.seed), summary.first_date.c_str(),
      summary.last_date.c_str(), seconds, rate, args.out.c_str());
  for (const auto& [type, count] : summary.events_by_type) {
    std::printf("  %-24s %10lld\n", type.c_str(), static_cast<long long>(count));
  }
}

Status ParseOptions(const SimulateArgs& args, sim::PortfolioOptions* options) {
  if (args.batch_records == 0) return InvalidArgument("--batch must be positive");
  if (args.journal_partitions < 1) return InvalidArgument("--partitions must be positive");
  Result<Date> start = Date::Parse(args.start_date);
  if (!start.ok()) return InvalidArgument("--start-date: " + start.status().message());
  options->accounts = args.accounts;
  options->months = args.months;
  options->seed = args.seed;
  options->start_date = *start;
  return Status::Ok();
}

}  // namespace

Status Simulate(const SimulateArgs& args, const CommonFlags& common) {
  sim::PortfolioOptions options;
  ARLEDGER_RETURN_IF_ERROR(ParseOptions(args, &options));
  const auto start = std::chrono::steady_clock::now();
  sim::PortfolioSummary summary;
  int64_t records = 0;
  if (IsLogSpec(args.out)) {
    EventLogOptions log_options;
    log_options.journal_partitions = args.journal_partitions;
    std::unique_ptr<EventLog> log;
    ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.out, kEventsTopic, log_options, &log));
    LogSink sink(std::move(log), args.batch_records);
    ARLEDGER_RETURN_IF_ERROR(sim::GeneratePortfolio(
        options, [&sink](const v1::EventEnvelope& event) { return sink.Add(event); }, &summary));
    ARLEDGER_RETURN_IF_ERROR(sink.Flush());
    records = sink.records_appended();
  } else {
    std::unique_ptr<FileSink> sink;
    ARLEDGER_RETURN_IF_ERROR(FileSink::Open(args.out, &sink));
    ARLEDGER_RETURN_IF_ERROR(sim::GeneratePortfolio(
        options, [&sink](const v1::EventEnvelope& event) { return sink->Add(event); }, &summary));
    ARLEDGER_RETURN_IF_ERROR(sink->Close());
    records = summary.events;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSummary(args, summary, records, seconds, common.json);
  return Status::Ok();
}

}  // namespace arledger::ctl
