#include "service/http_util.h"

#include <chrono>

#include "arledger/v1/api.pb.h"
#include "service/json.h"

namespace arledger::http {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kConflict:
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kDeadlineExceeded:
      return 504;
    case StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

void Answer(httplib::Response& response, int code, const google::protobuf::Message& body) {
  response.status = code;
  response.set_content(ToJson(body) + "\n", "application/json");
}

void AnswerError(httplib::Response& response, const Status& status, std::string field) {
  v1::ErrorResponse error;
  error.set_code(std::string(StatusCodeName(status.code())));
  error.set_message(status.message());
  error.set_field(std::move(field));
  Answer(response, HttpStatusFor(status), error);
}

Date TodayUtc() {
  const auto now = std::chrono::system_clock::now();
  return Date::FromUnixSeconds(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

Result<Date> AsOfParameter(const httplib::Request& request) {
  if (!request.has_param("as_of")) return TodayUtc();
  Result<Date> date = Date::Parse(request.get_param_value("as_of"));
  if (!date.ok()) return InvalidArgument("as_of: " + date.status().message());
  return date;
}

httplib::Server::Handler Timed(Metrics* metrics, std::string route,
                               httplib::Server::Handler handler) {
  metrics->DeclareRoute(route);
  return [metrics, route = std::move(route), handler = std::move(handler)](
             const httplib::Request& request, httplib::Response& response) {
    const auto start = std::chrono::steady_clock::now();
    handler(request, response);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    // A handler that sets no status (-1) gets httplib's default once it returns: 200, or 206
    // when the request asked for ranges. Record what is sent.
    const int sent = response.status != -1 ? response.status : request.ranges.empty() ? 200 : 206;
    metrics->RecordRequest(route, sent, elapsed.count());
  };
}

}  // namespace arledger::http
