// Helpers shared by the HTTP route files: JSON answers, error answers, query parameters, and
// the route wrapper that counts and times every request.
#pragma once

#include <google/protobuf/message.h>
#include <httplib.h>

#include <string>

#include "core/date.h"
#include "core/status.h"
#include "service/metrics.h"

namespace arledger::http {

int HttpStatusFor(const Status& status);
void Answer(httplib::Response& response, int code, const google::protobuf::Message& body);
// An ErrorResponse body: code name, the status's sentence, and the field at fault if known.
void AnswerError(httplib::Response& response, const Status& status, std::string field = "");

Date TodayUtc();
// ?as_of=YYYY-MM-DD, defaulting to today (UTC).
Result<Date> AsOfParameter(const httplib::Request& request);

// Wraps `handler` so that each request is counted and timed under `route` in `metrics`, and
// declares the route there. `route` is the path as docs/openapi.json spells it.
httplib::Server::Handler Timed(Metrics* metrics, std::string route,
                               httplib::Server::Handler handler);

}  // namespace arledger::http
