// Idempotency-Key for commands: a retry returns the first outcome and appends nothing.
//
// The key never gets a table of its own: the event_id is derived from the principal and the
// key (IdempotentEventId), so the key -> event mapping is the projection's existing
// (account_id, event_id) event index, which is rebuilt by every replay and survives restarts.
// A retry rebuilds its event from the request; when the request left occurred_at out, the first
// event's occurred_at is read back from the log, so the rebuilt event's bytes equal the first
// one's exactly when the request is the same. Equal bytes: the first outcome. Other bytes: the
// key was used for a different request.
//
// Scope: a key belongs to one principal and, since the event index is keyed by account, to one
// account: the same key sent for another account is a request of its own.
//
// A retry that arrives before the first event has been applied (while it is in flight, or after
// it answered 504) finds the first request's claim (publish_claims.h): it takes that request's
// occurred_at, and Publish waits for the first copy instead of appending another. Across two
// ledgerd processes that window remains; the projector then skips the second copy (same bytes)
// or dead-letters it (a different occurred_at), so the ledger is never changed twice.
//
// Reads the store and the log only; thread-safe as LedgerService is.
#pragma once

#include "arledger/v1/api.pb.h"
#include "arledger/v1/events.pb.h"
#include "core/status.h"
#include "service/ledger_service.h"

namespace arledger {

// What an earlier request with the same event_id became.
struct PriorRequest {
  bool found = false;         // An event with this id has been applied.
  bool same_request = false;  // And its bytes equal `event`'s (after taking its occurred_at).
  v1::EventResult result;     // Its outcome and position, when found.
};

// Looks `event` up by its id. When found and `occurred_at_given` is false, sets
// event->occurred_at to the first event's before comparing; when not applied yet but claimed
// by a request in flight, sets it to that request's (prior->found stays false).
Status FindPriorRequest(LedgerService* service, bool occurred_at_given, v1::EventEnvelope* event,
                        PriorRequest* prior);

}  // namespace arledger
