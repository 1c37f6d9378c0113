// The route access table and the pre-routing check.
#include "service/access_routes.h"

#include <chrono>

#include "service/command_table.h"
#include "service/http_util.h"

namespace arledger {
namespace {

using R = Role;

constexpr Roles kEveryRole = Roles::All();
constexpr Roles kIngest{R::kBilling, R::kAdmin};
constexpr Roles kChasingViews{R::kCollector, R::kTeamLeader, R::kFinance, R::kAuditor, R::kAdmin};
constexpr Roles kReports{R::kTeamLeader, R::kFinance, R::kAuditor, R::kAdmin};
constexpr Roles kOperators{R::kAdmin};

std::vector<RouteRule> BuildRules() {
  std::vector<RouteRule> rules = {
      {"GET", std::regex("/healthz"), "/healthz", kEveryRole, true},
      {"GET", std::regex("/readyz"), "/readyz", kEveryRole, true},
      {"GET", std::regex("/metrics"), "/metrics", kEveryRole, true},
      {"POST", std::regex("/v1/events"), "/v1/events", kIngest},
      {"GET", std::regex("/v1/accounts/[^/]+"), "/v1/accounts/{id}", kEveryRole},
      {"GET", std::regex("/v1/accounts/[^/]+/events"), "/v1/accounts/{id}/events", kEveryRole},
      {"GET", std::regex("/v1/worklists/[^/]+"), "/v1/worklists/{collector_id}", kChasingViews},
      {"GET", std::regex("/v1/promises/due"), "/v1/promises/due", kChasingViews},
      {"GET", std::regex("/v1/promises/broken"), "/v1/promises/broken", kChasingViews},
      {"GET", std::regex("/v1/reports/aged-debt"), "/v1/reports/aged-debt", kReports},
      {"GET", std::regex("/v1/kpis"), "/v1/kpis", kReports},
      {"GET", std::regex("/v1/openapi.json"), "/v1/openapi.json", kEveryRole},
      {"POST", std::regex("/v1/admin/backup"), "/v1/admin/backup", kOperators},
  };
  for (const CommandSpec& spec : CommandSpecs()) {
    rules.push_back({"POST", std::regex(spec.pattern), spec.route, spec.roles});
  }
  return rules;
}

}  // namespace

RouteAccess::RouteAccess(std::shared_ptr<const TokenTable> tokens)
    : tokens_(std::move(tokens)), rules_(BuildRules()) {}

const RouteRule* RouteAccess::Find(const std::string& method, const std::string& path) const {
  const std::string& as = method == "HEAD" ? std::string("GET") : method;
  for (const RouteRule& rule : rules_) {
    if (rule.method == as && std::regex_match(path, rule.pattern)) return &rule;
  }
  return nullptr;
}

Result<Caller> RouteAccess::Admit(const httplib::Request& request) const {
  if (open()) return kOpenCaller;
  const RouteRule* rule = Find(request.method, request.path);
  if (rule == nullptr) return NotFound("no such route");
  if (rule->open) return kOpenCaller;
  Result<std::string> token = BearerToken(request.get_header_value("Authorization"));
  if (!token.ok()) return token.status();
  const Caller* caller = tokens_->Find(*token);
  if (caller == nullptr) return Unauthenticated("the bearer token is not known");
  if (!rule->roles.Has(caller->role)) {
    return PermissionDenied("role '" + std::string(RoleName(caller->role)) + "' may not use " +
                            rule->method + " " + rule->route +
                            " (allowed: " + rule->roles.Describe() + ")");
  }
  return *caller;
}

void RouteAccess::Install(httplib::Server* server, Metrics* metrics) const {
  server->set_pre_routing_handler(
      [this, metrics](const httplib::Request& request, httplib::Response& response) {
        const auto start = std::chrono::steady_clock::now();
        Result<Caller> caller = Admit(request);
        if (caller.ok()) return httplib::Server::HandlerResponse::Unhandled;
        http::AnswerError(response, caller.status());
        // The body was never read: the connection cannot carry another request.
        response.set_header("Connection", "close");
        if (caller.status().code() == StatusCode::kUnauthenticated) {
          response.set_header("WWW-Authenticate", "Bearer");
        }
        const RouteRule* rule = Find(request.method, request.path);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        metrics->RecordRequest(rule != nullptr ? rule->route : "unrouted", response.status,
                               elapsed.count());
        return httplib::Server::HandlerResponse::Handled;
      });
}

}  // namespace arledger
