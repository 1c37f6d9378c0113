// HttpApi: routes, request decoding and error answers.
#include "service/http_api.h"

#include <httplib.h>

#include "arledger/v1/api.pb.h"
#include "service/access_routes.h"
#include "service/http_admin.h"
#include "service/http_commands.h"
#include "service/http_openapi.h"
#include "service/http_queries.h"
#include "service/http_util.h"
#include "service/json.h"

namespace arledger {
using http::Answer;
using http::AnswerError;
using http::AsOfParameter;
using http::Timed;

HttpApi::HttpApi(LedgerService* service, HttpOptions options)
    : service_(service),
      options_(std::move(options)),
      access_(std::make_unique<RouteAccess>(options_.tokens)),
      server_(new httplib::Server()) {
  server_->set_payload_max_length(options_.body_bytes_max);
  server_->set_read_timeout(options_.read_timeout_seconds, 0);
  // Answers go out as several writes (headers, body): without TCP_NODELAY, Nagle's algorithm
  // holds the last one until the client's delayed ACK, ~40 ms, on every keep-alive request.
  server_->set_tcp_nodelay(true);
  RegisterRoutes();
}

HttpApi::~HttpApi() = default;

Status HttpApi::Bind() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
  } else {
    port_ = server_->bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (port_ <= 0) {
    return Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  return Status::Ok();
}

Status HttpApi::Serve() {
  if (!server_->listen_after_bind()) return Unavailable("HTTP server stopped with an error");
  return Status::Ok();
}

void HttpApi::Stop() { server_->stop(); }

void HttpApi::RegisterRoutes() {
  access_->Install(server_.get(), &metrics_);  // Every request, before routing.
  auto timed = [this](std::string route, httplib::Server::Handler handler) {
    return Timed(&metrics_, std::move(route), std::move(handler));
  };

  server_->Post("/v1/events", timed("/v1/events", [this](const httplib::Request& request,
                                                         httplib::Response& response) {
                  std::vector<v1::EventEnvelope> events;
                  if (Status parsed = ParseEnvelopes(request.body, &events); !parsed.ok()) {
                    return AnswerError(response, parsed);
                  }
                  v1::PublishResponse published;
                  if (Status status = service_->Publish(events, &published); !status.ok()) {
                    return AnswerError(response, status);
                  }
                  int code = 200;
                  for (const v1::EventResult& result : published.results()) {
                    if (result.status() == "pending") code = 202;
                  }
                  if (published.results_size() == 1 && published.results(0).status() == "conflict")
                    code = 409;
                  Answer(response, code, published);
                }));

  server_->Get(R"(/v1/accounts/([^/]+))",
               timed("/v1/accounts/{id}", [this](const httplib::Request& request,
                                                 httplib::Response& response) {
                 Result<Date> as_of = AsOfParameter(request);
                 if (!as_of.ok()) return AnswerError(response, as_of.status(), "as_of");
                 v1::AccountView view;
                 Status status = service_->GetAccountView(request.matches[1].str(), *as_of, &view);
                 if (!status.ok()) return AnswerError(response, status);
                 Answer(response, 200, view);
               }));

  RegisterQueryRoutes(server_.get(), service_, &metrics_);  // Reports, worklists, KPIs...
  RegisterCommandRoutes(server_.get(), service_, access_.get(), &metrics_);
  RegisterOpenApiRoute(server_.get(), &metrics_);
  RegisterAdminRoutes(server_.get(), service_, &metrics_);  // Backup.

  server_->Get("/healthz", timed("/healthz", [](const httplib::Request&, httplib::Response& r) {
                 r.set_content("ok\n", "text/plain");
               }));
  server_->Get("/readyz", timed("/readyz", [this](const httplib::Request&, httplib::Response& r) {
                 const bool ready = service_->Ready();
                 r.status = ready ? 200 : 503;
                 r.set_content(ready ? "ready\n" : "catching up\n", "text/plain");
               }));
  server_->Get("/metrics",
               timed("/metrics", [this](const httplib::Request&, httplib::Response& response) {
                 std::string text;
                 service_->RenderMetrics(&text);
                 metrics_.RenderRequests(&text);
                 response.set_content(text, "text/plain; version=0.0.4");
               }));
  server_->set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    if (response.status == 413) {
      AnswerError(response, InvalidArgument("request body too large"));
      response.status = 413;
      return;
    }
    if (response.status == 404) return AnswerError(response, NotFound("no such route"));
  });
}

}  // namespace arledger
