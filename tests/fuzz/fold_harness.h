// FoldHarness: what the projector does to record bytes, without RocksDB, for the fuzz targets —
// decode, validate, dedupe by event_id, fold into per-account state (or the partition's
// authority policy) — plus the query-time computations over the resulting state (account view,
// summary, aging). Anything the fuzzer finds here would also crash or corrupt the projector.
//
// Invariants checked (abort on violation, so libFuzzer reports it): a rejected event posts
// nothing; every event's postings balance; the fold keeps each account's trial balance at zero
// (core checks this itself); folding the same records twice yields byte-identical states; a
// record that parses and scans (PeekEnvelope, a later replay slice's reading) scans to the
// parse's account id, and to "maybe a policy" whenever it is one.
//
// Pure and single-threaded; bounded by kRecordsMax records and kAccountsMax accounts per input.
#pragma once

#include <string>
#include <vector>

namespace arledger::fuzz {

inline constexpr size_t kRecordsMax = 64;
inline constexpr size_t kAccountsMax = 8;

// Folds `records` (serialised EventEnvelopes, exactly as stored in the log), in order.
void FoldRecords(const std::vector<std::string>& records);

// Aborts with `what` when `condition` is false (the fuzz targets' assertion).
void Require(bool condition, const char* what);

}  // namespace arledger::fuzz
