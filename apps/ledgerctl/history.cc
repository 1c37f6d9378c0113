// ledgerctl history: one account as it stood, refolded from the log alone
// (service/account_history.h) — as of a business date and/or as known at a log timestamp.
#include <google/protobuf/util/time_util.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ledgerctl/commands.h"
#include "ledgerctl/output.h"
#include "service/account_history.h"
#include "service/json.h"

namespace arledger::ctl {
namespace {

constexpr size_t kEpochMillisecondsDigitsMax = 15;  // Beyond year 33000: not a timestamp.

long long L(int64_t value) { return static_cast<long long>(value); }

// --known-at: an RFC 3339 timestamp ("2026-04-05T00:00:00Z") or milliseconds since the epoch.
Status ParseKnownAt(const std::string& text, int64_t* timestamp_ms) {
  if (!text.empty() && text.size() <= kEpochMillisecondsDigitsMax &&
      text.find_first_not_of("0123456789") == std::string::npos) {
    *timestamp_ms = std::stoll(text);
    return Status::Ok();
  }
  google::protobuf::Timestamp timestamp;
  if (!google::protobuf::util::TimeUtil::FromString(text, &timestamp) || timestamp.seconds() < 0) {
    return InvalidArgument("--known-at: '" + text +
                           "' is neither an RFC 3339 timestamp nor milliseconds since the epoch");
  }
  *timestamp_ms = google::protobuf::util::TimeUtil::TimestampToMilliseconds(timestamp);
  return Status::Ok();
}

Status ParseQuery(const HistoryArgs& args, HistoryQuery* query) {
  query->account_id = args.account_id;
  if (query->account_id.empty()) return InvalidArgument("an account id is required");
  if (!args.as_of.empty()) {
    Result<Date> as_of = Date::Parse(args.as_of);
    if (!as_of.ok()) return InvalidArgument("--as-of: " + as_of.status().message());
    query->as_of = *as_of;
  }
  if (!args.known_at.empty()) {
    int64_t known_at_ms = 0;
    ARLEDGER_RETURN_IF_ERROR(ParseKnownAt(args.known_at, &known_at_ms));
    query->known_at_ms = known_at_ms;
  }
  return Status::Ok();
}

void PrintJson(const HistoryQuery& query, const HistoryReport& report) {
  std::printf(
      "{\"account_id\": %s, \"partition\": %d, \"as_of\": %s, \"known_at\": %s, ",
      JsonQuoted(query.account_id).c_str(), report.partition,
      JsonQuoted(report.as_of.ToString()).c_str(),
      query.known_at_ms ? JsonQuoted(FormatTimestampMs(*query.known_at_ms)).c_str() : "null");
  std::printf("\"records_read\": %lld, \"records_after_known_at\": %lld, \"events\": [",
              L(report.records_read), L(report.records_after_known_at));
  for (size_t i = 0; i < report.events.size(); ++i) {
    const HistoryEntry& e = report.events[i];
    std::printf(
        "%s{\"partition\": %d, \"offset\": %lld, \"logged_at\": %s, \"business_date\": %s, "
        "\"event_type\": %s, \"event_id\": %s, \"status\": %s, \"reason\": %s}",
        i ? ", " : "", e.position.partition, L(e.position.offset),
        JsonQuoted(FormatTimestampMs(e.timestamp_ms)).c_str(), JsonQuoted(e.business_date).c_str(),
        JsonQuoted(e.event_type).c_str(), JsonQuoted(e.event_id).c_str(),
        JsonQuoted(e.status).c_str(), JsonQuoted(e.reason).c_str());
  }
  std::printf("], \"view\": %s}\n", report.found ? ToJson(report.view).c_str() : "null");
}

void PrintText(const HistoryQuery& query, const HistoryReport& report) {
  std::printf("history of %s as of %s", query.account_id.c_str(), report.as_of.ToString().c_str());
  if (query.known_at_ms) {
    std::printf(", as known at %s", FormatTimestampMs(*query.known_at_ms).c_str());
  }
  std::printf(" (partition %d, %lld record(s) read)\n", report.partition, L(report.records_read));
  for (const HistoryEntry& e : report.events) {
    std::printf("  %d:%-8lld %s  %-10s  %-24s %-16s %s%s%s\n", e.position.partition,
                L(e.position.offset), FormatTimestampMs(e.timestamp_ms).c_str(),
                e.business_date.empty() ? "-" : e.business_date.c_str(),
                e.event_type.empty() ? "(undecodable)" : e.event_type.c_str(), e.event_id.c_str(),
                e.status.c_str(), e.reason.empty() ? "" : ": ", e.reason.c_str());
  }
  if (query.known_at_ms) {
    std::printf("  %lld record(s) of the account appended after the known-at time left out\n",
                L(report.records_after_known_at));
  }
  if (report.found) PrintAccountView(report.view);
}

}  // namespace

Status History(const HistoryArgs& args, const CommonFlags& common) {
  HistoryQuery query;
  ARLEDGER_RETURN_IF_ERROR(ParseQuery(args, &query));
  std::unique_ptr<EventLog> log;
  EventLogOptions log_options;
  log_options.read_only = true;  // A journal: a point-in-time view, even beside ledgerd.
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.log_spec, kEventsTopic, log_options, &log));
  const std::string scratch =
      (std::filesystem::temp_directory_path() / ("arledger-history-" + std::to_string(::getpid())))
          .string();
  HistoryReport report;
  {
    Progress progress("history", 0, Progress::StderrIsTerminal());
    ARLEDGER_RETURN_IF_ERROR(AccountHistory(log.get(), query, scratch, &progress, &report));
  }  // The progress line ends before the report.
  if (common.json) {
    PrintJson(query, report);
  } else {
    PrintText(query, report);
  }
  if (!report.found) return NotFound("account '" + query.account_id + "' has no events by then");
  return Status::Ok();
}

}  // namespace arledger::ctl
