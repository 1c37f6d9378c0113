// The collections GET routes: parameter parsing, the query, the answer.
#include "service/http_queries.h"

#include <google/protobuf/arena.h>

#include "projections/aged_debt_query.h"
#include "projections/history_query.h"
#include "projections/kpi_query.h"
#include "projections/promise_queries.h"
#include "projections/worklist_query.h"
#include "service/http_parameters.h"
#include "service/http_util.h"

namespace arledger {
namespace {

using http::Answer;
using http::AnswerQueryError;
using http::Parameters;
using http::TodayUtc;
using Request = httplib::Request;
using Response = httplib::Response;

void ServeAccountEvents(const LedgerService& service, const Request& request, Response& response) {
  Parameters params(request);
  HistoryRequest query;
  query.account_id = request.matches[1].str();
  query.page_token = params.Text("page_token");
  if (!params.Only({"page_size", "page_token"}) ||
      !params.Size("page_size", kHistoryPageSizeDefault, kHistoryPageSizeMax, &query.page_size)) {
    return params.Answer(response);
  }
  v1::AccountEventsPage page;
  const Status status = QueryAccountEvents(StoreView(service.store()), query, &page);
  if (!status.ok()) return AnswerQueryError(response, status, {"page_token"});
  Answer(response, 200, page);
}

void ServeAgedDebt(const LedgerService& service, const Request& request, Response& response) {
  Parameters params(request);
  Date as_of;
  std::string group_by, lines, basis, format;
  if (!params.Only({"as_of", "group_by", "lines", "basis", "format"}) ||
      !params.DateOf("as_of", TodayUtc(), &as_of) ||
      !params.Choice("group_by", {"collector", "portfolio"}, "collector", &group_by) ||
      !params.Choice("lines", {"true", "false"}, "true", &lines) ||
      !params.Choice("basis", {"auto", "exact"}, "auto", &basis) ||
      !params.Choice("format", {"json", "csv"}, "json", &format)) {
    return params.Answer(response);
  }
  AgedDebtOptions options;
  options.grouping =
      group_by == "collector" ? AgedDebtGrouping::kCollector : AgedDebtGrouping::kPortfolio;
  options.lines = lines == "true";
  options.exact = basis == "exact";
  options.aging = service.options().aging;
  // On an arena: a million-line report is then allocated and freed in large blocks.
  google::protobuf::Arena arena;
  auto* report = google::protobuf::Arena::CreateMessage<v1::AgedDebtReport>(&arena);
  const Status status = QueryAgedDebt(StoreView(service.store()), as_of, options, report);
  if (!status.ok()) return AnswerQueryError(response, status, {});
  if (http::WantsCsv(request)) return response.set_content(AgedDebtCsv(*report), "text/csv");
  response.set_content(AgedDebtJson(*report) + "\n", "application/json");  // As Answer() would.
}

void ServeWorklist(const LedgerService& service, const Request& request, Response& response) {
  Parameters params(request);
  WorklistRequest query;
  query.collector_id = request.matches[1].str();
  query.page_token = params.Text("page_token");
  if (!params.Only({"as_of", "page_size", "page_token"}) ||
      !params.DateOf("as_of", TodayUtc(), &query.as_of) ||
      !params.Size("page_size", kWorklistPageSizeDefault, kWorklistPageSizeMax, &query.page_size)) {
    return params.Answer(response);
  }
  v1::Worklist worklist;
  const Status status =
      QueryWorklist(StoreView(service.store()), query, service.options().worklist, &worklist);
  if (!status.ok()) return AnswerQueryError(response, status, {"page_token"});
  Answer(response, 200, worklist);
}

void ServePromises(PromiseSelection selection, const LedgerService& service, const Request& request,
                   Response& response) {
  const char* day = selection == PromiseSelection::kDue ? "date" : "since";
  Parameters params(request);
  PromiseRequest query;
  query.selection = selection;
  query.collector_id = params.Text("collector_id");
  query.page_token = params.Text("page_token");
  const Date today = TodayUtc();
  if (!params.Only({day, "as_of", "collector_id", "page_size", "page_token"}) ||
      !params.DateOf(
          day, selection == PromiseSelection::kDue ? std::optional<Date>(today) : std::nullopt,
          &query.first_day) ||
      !params.DateOf("as_of", today, &query.as_of) ||
      !params.Size("page_size", kPromisePageSizeDefault, kPromisePageSizeMax, &query.page_size)) {
    return params.Answer(response);
  }
  v1::PromiseList list;
  const Status status =
      QueryPromises(StoreView(service.store()), query, service.options().worklist.promises, &list);
  if (!status.ok()) return AnswerQueryError(response, status, {"page_token", "since"});
  Answer(response, 200, list);
}

void ServeKpis(const LedgerService& service, const Request& request, Response& response) {
  Parameters params(request);
  KpiRequest query;
  query.currency = params.Text("currency");
  if (!params.Only({"from", "to", "currency"}) || !params.DateOf("to", TodayUtc(), &query.to) ||
      !params.DateOf("from", query.to.AddMonthsToFirst(0), &query.from)) {
    return params.Answer(response);
  }
  v1::KpiReport report;
  const Status status = QueryKpis(StoreView(service.store()), query, service.options().aging,
                                  service.options().worklist.promises, &report);
  if (!status.ok()) return AnswerQueryError(response, status, {"from", "currency"});
  Answer(response, 200, report);
}

}  // namespace

void RegisterQueryRoutes(httplib::Server* server, const LedgerService* service, Metrics* metrics) {
  using Serve = void (*)(const LedgerService&, const Request&, Response&);
  const std::pair<const char*, std::pair<const char*, Serve>> routes[] = {
      {R"(/v1/accounts/([^/]+)/events)", {"/v1/accounts/{id}/events", ServeAccountEvents}},
      {"/v1/reports/aged-debt", {"/v1/reports/aged-debt", ServeAgedDebt}},
      {R"(/v1/worklists/([^/]+))", {"/v1/worklists/{collector_id}", ServeWorklist}},
      {"/v1/promises/due",
       {"/v1/promises/due", [](const LedgerService& s, const Request& q,
                               Response& r) { ServePromises(PromiseSelection::kDue, s, q, r); }}},
      {"/v1/promises/broken",
       {"/v1/promises/broken",
        [](const LedgerService& s, const Request& q, Response& r) {
          ServePromises(PromiseSelection::kBroken, s, q, r);
        }}},
      {"/v1/kpis", {"/v1/kpis", ServeKpis}},
  };
  for (const auto& [pattern, route] : routes) {
    const Serve serve = route.second;
    server->Get(pattern, http::Timed(metrics, route.first,
                                     [service, serve](const Request& request, Response& response) {
                                       serve(*service, request, response);
                                     }));
  }
}

}  // namespace arledger
