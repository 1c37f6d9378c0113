// How an event becomes log records: keyed by account_id, except an authority-policy event,
// which is copied to every partition so that each partition's decisions see the policy at a
// well-defined log position (partitions are not ordered relative to one another).
#pragma once

#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "consumers/event_log.h"

namespace arledger {

// Appends the record(s) for `event` (already serialised as `serialized`) to `out`;
// returns how many.
int32_t AppendRecordsFor(const v1::EventEnvelope& event, const std::string& serialized,
                         int32_t partition_count, std::vector<AppendRecord>* out);

}  // namespace arledger
