// ledgerctl publish: validate a JSON-lines file whole, then append it to a log or post it to
// a running ledgerd. Nothing is appended when any line is invalid.
#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "arledger/v1/api.pb.h"
#include "core/fold.h"
#include "ledgerctl/commands.h"
#include "ledgerctl/server_client.h"
#include "service/append_records.h"
#include "service/json.h"

namespace arledger::ctl {
namespace {

Status ReadEvents(const std::string& file, std::vector<v1::EventEnvelope>* events,
                  std::vector<std::string>* lines) {
  std::ifstream in(file);
  if (!in) return NotFound("cannot read '" + file + "'");
  std::string line;
  std::string problems;
  size_t problem_count = 0;
  for (size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    v1::EventEnvelope event;
    Status status = ParseJson(line, &event);
    if (status.ok()) status = ValidateEnvelope(event);
    if (!status.ok()) {
      if (++problem_count <= 20)
        problems += "\n  line " + std::to_string(number) + ": " + status.message();
      continue;
    }
    events->push_back(std::move(event));
    lines->push_back(line);
  }
  if (problem_count > 0) {
    return InvalidArgument(std::to_string(problem_count) +
                           " invalid line(s); nothing published:" + problems);
  }
  return Status::Ok();
}

Status PublishToLog(const PublishArgs& args, const std::vector<v1::EventEnvelope>& events,
                    int64_t* records_appended) {
  std::unique_ptr<EventLog> log;
  ARLEDGER_RETURN_IF_ERROR(EventLog::Open(args.target, kEventsTopic, EventLogOptions(), &log));
  std::vector<AppendRecord> records;
  std::vector<LogPosition> positions;
  std::string serialized;
  for (size_t i = 0; i < events.size(); ++i) {
    ARLEDGER_CHECK(events[i].SerializeToString(&serialized));
    AppendRecordsFor(events[i], serialized, log->partition_count(), &records);
    if (records.size() >= args.batch_events || i + 1 == events.size()) {
      ARLEDGER_RETURN_IF_ERROR(log->Append(records, &positions));
      *records_appended += static_cast<int64_t>(records.size());
      records.clear();
    }
  }
  return Status::Ok();
}

Status PublishToServer(const PublishArgs& args, const std::vector<std::string>& lines,
                       v1::PublishResponse* combined) {
  std::unique_ptr<httplib::Client> connection;
  ARLEDGER_RETURN_IF_ERROR(OpenServerClient(args.target, &connection));
  httplib::Client& client = *connection;
  client.set_read_timeout(60, 0);
  for (size_t start = 0; start < lines.size(); start += args.batch_events) {
    std::string body;
    for (size_t i = start; i < std::min(lines.size(), start + args.batch_events); ++i) {
      body += lines[i];
      body += '\n';
    }
    httplib::Result result = client.Post("/v1/events", body, "application/x-ndjson");
    if (!result) return Unavailable("cannot reach " + args.target);
    if (result->status >= 300 && result->status != 202) {
      return FailedPrecondition("server answered " + std::to_string(result->status) + ": " +
                                result->body);
    }
    v1::PublishResponse response;
    ARLEDGER_RETURN_IF_ERROR(ParseJson(result->body, &response));
    combined->MergeFrom(response);
  }
  return Status::Ok();
}

}  // namespace

Status Publish(const PublishArgs& args, const CommonFlags& common) {
  if (args.batch_events == 0) return InvalidArgument("--batch must be positive");
  std::vector<v1::EventEnvelope> events;
  std::vector<std::string> lines;
  ARLEDGER_RETURN_IF_ERROR(ReadEvents(args.file, &events, &lines));
  if (args.target.rfind("http://", 0) == 0) {
    v1::PublishResponse response;
    ARLEDGER_RETURN_IF_ERROR(PublishToServer(args, lines, &response));
    if (common.json) {
      std::printf("%s\n", ToJson(response).c_str());
    } else {
      std::map<std::string, int> by_status;
      for (const v1::EventResult& result : response.results()) ++by_status[result.status()];
      std::printf("published %zu event(s):", events.size());
      for (const auto& [status, count] : by_status) std::printf(" %s=%d", status.c_str(), count);
      std::printf("\n");
    }
    return Status::Ok();
  }
  int64_t records = 0;
  ARLEDGER_RETURN_IF_ERROR(PublishToLog(args, events, &records));
  if (common.json) {
    std::printf("{\"events\": %zu, \"records\": %lld}\n", events.size(),
                static_cast<long long>(records));
  } else {
    std::printf("appended %zu event(s) as %lld record(s) to %s\n", events.size(),
                static_cast<long long>(records), args.target.c_str());
  }
  return Status::Ok();
}

}  // namespace arledger::ctl
