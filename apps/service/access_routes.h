// RouteAccess: the one table that states, for every HTTP route, the roles allowed to call it,
// and the check every request passes before it is routed (installed as httplib's pre-routing
// handler, so a handler never runs for a caller it does not admit and a refused body is never
// read).
//
//   /healthz, /readyz, /metrics                  open, no token needed
//   POST /v1/events                              billing, admin
//   GET  /v1/accounts/{id}, .../events           every role
//   GET  /v1/worklists/..., /v1/promises/...     collector, team_leader, finance, auditor, admin
//   GET  /v1/reports/aged-debt, /v1/kpis         team_leader, finance, auditor, admin
//   GET  /v1/openapi.json                        every role
//   POST /v1/admin/backup                        admin
//   POST commands                                as command_table.cc states per command
//
// With tokens: no or unknown bearer token -> 401, a role not in the route's set -> 403, both
// with an ErrorResponse giving the reason; a path in no row -> 404 (deny by default: a new
// route must be given a row here). Without tokens (no [auth] configured) every request passes
// and its caller is kOpenCaller. Tokens and Authorization headers are never logged.
// Immutable after construction; thread-safe.
#pragma once

#include <httplib.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/access.h"
#include "service/metrics.h"

namespace arledger {

struct RouteRule {
  std::string method;  // "GET" (HEAD too) or "POST".
  std::regex pattern;  // Matched against the whole path.
  std::string route;   // As documented and in metrics, e.g. "/v1/accounts/{id}".
  Roles roles;
  bool open = false;  // No token needed.
};

class RouteAccess {
 public:
  // `tokens` null: the API runs open.
  explicit RouteAccess(std::shared_ptr<const TokenTable> tokens);

  bool open() const { return tokens_ == nullptr; }
  const std::vector<RouteRule>& rules() const { return rules_; }

  // The caller of `request` if the route admits them; otherwise Unauthenticated,
  // PermissionDenied or NotFound with the reason.
  Result<Caller> Admit(const httplib::Request& request) const;

  // Installs Admit as `server`'s pre-routing handler; refusals are answered there and counted
  // in `metrics` under the route's name.
  void Install(httplib::Server* server, Metrics* metrics) const;

 private:
  const RouteRule* Find(const std::string& method, const std::string& path) const;

  std::shared_ptr<const TokenTable> tokens_;
  std::vector<RouteRule> rules_;
};

}  // namespace arledger
