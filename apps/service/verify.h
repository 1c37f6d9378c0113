// Verify: the auditor's check that a live projection store is exactly what its log implies.
//
// Rebuilds every read model from offset 0 into a scratch store, up to the live store's own
// offsets (never beyond), and compares digests per read model. On a difference it walks both
// stores in key order and names the first key that differs (an account id, an event key, the
// meta), with a field-level description of how the two values differ.
// Reads the live store read-only, so it works while ledgerd runs.
#pragma once

#include <string>
#include <vector>

#include "consumers/event_log.h"
#include "core/status.h"
#include "projections/store.h"
#include "service/progress.h"

namespace arledger {

struct ReadModelVerdict {
  std::string read_model;
  std::string live_digest;
  std::string rebuilt_digest;
  bool equal = false;
  std::string first_difference_key;  // Printable; empty when equal.
  std::string first_difference;      // What differs there, in a sentence or a field diff.
};

struct VerifyReport {
  bool passed = false;
  int64_t records_replayed = 0;
  std::vector<ReadModelVerdict> read_models;
};

// `scratch_directory` must not exist or be empty; it is removed afterwards. `progress` (may be
// null) is told the rebuild's total and each batch.
Status VerifyStore(EventLog* events, const std::string& live_store_directory,
                   const std::string& scratch_directory, Progress* progress, VerifyReport* report);

}  // namespace arledger
