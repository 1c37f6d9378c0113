// The history read model: every event folded for an account, in order, with its outcome and
// the exact record bytes, keyed (account_id, sequence) for paging.
//
// The sequence is the account's count of decided events (applied + rejected) after the event,
// so it is dense, starts at 1, and is the same however the log was split into batches.
// Pure helpers; the projector writes the records in its batch.
#pragma once

#include <string>

#include "arledger/v1/events.pb.h"
#include "arledger/v1/projection.pb.h"
#include "core/fold.h"
#include "core/log_record.h"

namespace arledger {

// The name of the envelope's body field ("invoice_issued"), or "unknown".
std::string EventTypeName(const v1::EventEnvelope& event);

// Sets every field of `*history` (a message reused from event to event keeps its buffers). The
// record keeps the event's bytes from the log; what they hold (its id, business date and type)
// is not repeated.
void FillHistoryRecord(const LogRecord& record, const ApplyResult& result, int64_t sequence,
                       v1::HistoryRecord* history);

}  // namespace arledger
