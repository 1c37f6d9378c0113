// HttpApi: ledgerd's HTTP/JSON surface over a LedgerService.
//
//   POST /v1/events            one JSON envelope or JSON lines; answers per-event outcomes
//   GET  /v1/accounts/{id}     the account view; ?as_of=YYYY-MM-DD (default: today, UTC)
//   GET  /healthz /readyz      liveness; readiness (caught up with the log)
//   GET  /metrics              Prometheus text
//   GET  reports, worklists, promises, KPIs, account history: see http_queries.h
//   POST /v1/admin/backup      a checkpoint of the store: see http_admin.h
//   POST collector and finance commands: see http_commands.h and command_table.h
//
// Access: every route's roles are in one table (access_routes.h), checked before routing.
// With HttpOptions::tokens set, callers present a bearer token (401 without a known one, 403
// for a role the route does not admit); without, the API is open.
//
// Bad requests get a 4xx with an ErrorResponse body naming the reason. Request bodies are
// bounded (body_bytes_max). Thread-safety: served by a bounded pool of worker threads; Stop()
// may be called from any thread (e.g. a signal handler thread).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "service/access.h"
#include "service/ledger_service.h"
#include "service/metrics.h"

namespace httplib {
class Server;
}

namespace arledger {

class RouteAccess;

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port (see HttpApi::port()).
  size_t body_bytes_max = 8u << 20;
  int read_timeout_seconds = 10;
  // Bearer tokens (the [auth] tokens file); null: no access control, every caller is
  // kOpenCaller.
  std::shared_ptr<const TokenTable> tokens;
};

class HttpApi {
 public:
  HttpApi(LedgerService* service, HttpOptions options);
  ~HttpApi();

  // Binds the listening socket (so port() is known when this returns).
  Status Bind();
  // Serves until Stop(); blocks.
  Status Serve();
  void Stop();
  int port() const { return port_; }

 private:
  void RegisterRoutes();

  LedgerService* service_;
  HttpOptions options_;
  Metrics metrics_;
  std::unique_ptr<RouteAccess> access_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace arledger
