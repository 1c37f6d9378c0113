// The collections GET routes: reports, worklists, promises, KPIs and account history, served
// from the projection store's read models (projections/*_query.h). Registered on HttpApi's
// server by one call; every route is counted and timed under its route name.
//
//   GET /v1/accounts/{id}/events     ?page_size=&page_token=
//   GET /v1/reports/aged-debt        ?as_of=&group_by=collector|portfolio&lines=&basis=  (CSV too)
//   GET /v1/worklists/{collector_id} ?as_of=&page_size=&page_token=
//   GET /v1/promises/due             ?date=&as_of=&collector_id=&page_size=&page_token=
//   GET /v1/promises/broken          ?since=&as_of=&collector_id=&page_size=&page_token=
//   GET /v1/kpis                     ?from=&to=&currency=
// Parameters and answers are documented in docs/API.md. Bad parameters answer 400 with an
// ErrorResponse naming the parameter. Thread-safe: handlers only read the store.
#pragma once

#include <httplib.h>

#include "service/ledger_service.h"
#include "service/metrics.h"

namespace arledger {

void RegisterQueryRoutes(httplib::Server* server, const LedgerService* service, Metrics* metrics);

}  // namespace arledger
