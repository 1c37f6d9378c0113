// The command routes: request -> checked event -> Publish -> outcome.
#include "service/http_commands.h"

#include <chrono>

#include "service/command_checks.h"
#include "service/command_requests.h"
#include "service/command_table.h"
#include "service/http_util.h"
#include "service/idempotency.h"

namespace arledger {
namespace {

using http::Answer;
using http::AnswerError;
using Request = httplib::Request;
using Response = httplib::Response;

constexpr char kIdempotencyKeyHeader[] = "Idempotency-Key";
constexpr char kReplayedHeader[] = "Idempotent-Replayed";

google::protobuf::Timestamp NowTimestamp() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count();
  google::protobuf::Timestamp now;
  now.set_seconds(ms / 1000);
  now.set_nanos(static_cast<int32_t>((ms % 1000) * 1'000'000));
  return now;
}

// The answer to an event that has been applied (now or by the first of a retried request).
void AnswerOutcome(Response& response, const v1::EventResult& result) {
  Answer(response, result.status() == "rejected" ? 422 : 200, result);
}

void AnswerPrior(Response& response, const PriorRequest& prior) {
  if (!prior.same_request) {
    return AnswerError(response,
                       Conflict("this Idempotency-Key was already used for a different request "
                                "(event " +
                                prior.result.event_id() + ")"),
                       kIdempotencyKeyHeader);
  }
  response.set_header(kReplayedHeader, "true");
  AnswerOutcome(response, prior.result);
}

Status CheckAccount(const LedgerService& service, const v1::EventEnvelope& event,
                    const Caller& caller) {
  AccountState state;
  bool found = false;
  ARLEDGER_RETURN_IF_ERROR(service.store()->GetAccount(event.account_id(), &state, &found));
  return CheckCommandAgainstAccount(event, state, found, caller);
}

// Publishes `event` and answers with what became of it.
void PublishAndAnswer(LedgerService* service, bool occurred_at_given, v1::EventEnvelope& event,
                      Response& response) {
  v1::PublishResponse published;
  if (Status status =
          service->Publish({event}, &published, /*occurred_at_from_first=*/!occurred_at_given);
      !status.ok()) {
    return AnswerError(response, status);
  }
  ARLEDGER_CHECK(published.results_size() == 1);
  const v1::EventResult& result = published.results(0);
  if (result.status() == "pending") {
    return AnswerError(response,
                       DeadlineExceeded("event " + result.event_id() + " was appended at " +
                                        std::to_string(result.partition()) + "/" +
                                        std::to_string(result.offset()) +
                                        " but not applied in time; retry with the same "
                                        "Idempotency-Key to learn its outcome"));
  }
  if (result.status() == "exists" || result.status() == "conflict") {
    // A concurrent request with the same key got there first: answer as its retry.
    PriorRequest prior;
    if (Status found = FindPriorRequest(service, occurred_at_given, &event, &prior); !found.ok()) {
      return AnswerError(response, found);
    }
    if (prior.found) return AnswerPrior(response, prior);
    return AnswerError(response, Conflict(result.reason()), kIdempotencyKeyHeader);
  }
  AnswerOutcome(response, result);
}

void ServeCommand(const CommandSpec& spec, LedgerService* service, const RouteAccess& access,
                  const Request& request, Response& response) {
  Result<Caller> caller = access.Admit(request);
  if (!caller.ok()) return AnswerError(response, caller.status());
  CommandInput input;
  if (spec.account_scoped) input.account_id = request.matches[1].str();
  if (*spec.path_id_field != '\0') input.path_id = request.matches[2].str();
  input.body = request.body;
  input.caller = *caller;
  input.now = NowTimestamp();
  if (request.has_header(kIdempotencyKeyHeader)) {
    input.idempotency_key = request.get_header_value(kIdempotencyKeyHeader);
    if (Status key = CheckIdempotencyKey(input.idempotency_key); !key.ok()) {
      return AnswerError(response, key, kIdempotencyKeyHeader);
    }
  }
  v1::EventEnvelope event;
  bool occurred_at_given = false;
  if (Status built = BuildCommandEvent(spec, input, &event, &occurred_at_given); !built.ok()) {
    return AnswerError(response, built, FieldOfReason(built.message(), spec.body_field));
  }
  if (!input.idempotency_key.empty()) {
    PriorRequest prior;
    if (Status found = FindPriorRequest(service, occurred_at_given, &event, &prior); !found.ok()) {
      return AnswerError(response, found);
    }
    if (prior.found) return AnswerPrior(response, prior);
  }
  const Status checked = spec.account_scoped ? CheckAccount(*service, event, *caller)
                                             : CheckAuthorityPolicy(event.authority_policy_set());
  if (!checked.ok()) {
    return AnswerError(response, checked, FieldOfReason(checked.message(), spec.body_field));
  }
  PublishAndAnswer(service, occurred_at_given, event, response);
}

}  // namespace

void RegisterCommandRoutes(httplib::Server* server, LedgerService* service,
                           const RouteAccess* access, Metrics* metrics) {
  for (const CommandSpec& spec : CommandSpecs()) {
    server->Post(spec.pattern,
                 http::Timed(metrics, spec.route,
                             [&spec, service, access](const Request& request, Response& response) {
                               ServeCommand(spec, service, *access, request, response);
                             }));
  }
}

}  // namespace arledger
