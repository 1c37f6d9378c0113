// The collector and finance command routes (paths in command_table.h): POST a JSON request,
// get the outcome once its event has been applied.
//
// Each request is checked early — JSON and types (protobuf JSON mapping, unknown fields
// refused), core's event validation, then against the account now (command_checks.h) — and
// answered 400 with an ErrorResponse naming the field, or 403 when a collector acts on an
// account not theirs; nothing is appended then. Otherwise the event (recorded_by = the
// caller) is appended through LedgerService::Publish and the answer is its EventResult:
//
//   200  applied, or pending_approval (a write-off above the requester's authority)
//   422  rejected by the fold; the reason says why
//   409  the Idempotency-Key was already used by this principal for a different request
//   504  appended but not applied within service.apply_wait_ms_max; retry with the same key
//
// Idempotency-Key (idempotency.h): a retry with the same key and body answers the first
// outcome with header Idempotent-Replayed: true and appends nothing.
// Thread-safe: handlers share only the LedgerService and the (immutable) RouteAccess.
#pragma once

#include <httplib.h>

#include "service/access_routes.h"
#include "service/ledger_service.h"
#include "service/metrics.h"

namespace arledger {

void RegisterCommandRoutes(httplib::Server* server, LedgerService* service,
                           const RouteAccess* access, Metrics* metrics);

}  // namespace arledger
