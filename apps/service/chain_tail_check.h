// CheckChainTail: before a consumer resumes, re-read the tail of each partition that the store
// has already folded — from the last chain checkpoint up to the store's offset, at most
// kChainCheckpointInterval records a partition — and let the projector check it against the
// hash chain (projections/chain_check.h).
//
// This catches, before anything new is folded onto the old state, a log rewritten or replaced
// under the store: a topic deleted, recreated and refilled past the store's offsets, a journal
// directory swapped for another, a restored backup of the wrong log. Corruption names the
// partition. A log shorter than the store is OutOfRange. Nothing is written.
#pragma once

#include "consumers/event_log.h"
#include "core/status.h"
#include "projections/projector.h"

namespace arledger {

Status CheckChainTail(EventLog* events, Projector* projector);

}  // namespace arledger
