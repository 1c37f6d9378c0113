// The benchmarks' portfolios, as log records streamed in bounded chunks.
//
// Two kinds, both seeded (same seed, same bytes):
// - realistic (the default): apps/sim's generator — the mix `ledgerctl simulate` writes
//   (invoices, payments with and without remittance, promises, plans, disputes, credit notes,
//   reversals, write-offs, referrals, two currencies), day by day in log order.
// - simple: per account an opening, one invoice a month and usually a payment, sometimes a
//   credit note, accounts interleaved month by month (the suite's first portfolio, kept so that
//   figures can be compared with earlier runs).
// Records are handed over in chunks of at most kChunkRecords, so a benchmark that writes them
// to a log never holds the whole portfolio in memory. Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "consumers/event_log.h"
#include "core/status.h"

namespace arledger::bench {

inline constexpr size_t kChunkRecords = 10000;

enum class PortfolioKind { kRealistic, kSimple };

struct PortfolioOptions {
  PortfolioKind kind = PortfolioKind::kRealistic;
  int64_t accounts = 100000;
  int months = 5;
  uint64_t seed = 42;
  int64_t collectors = 100;  // Account a is assigned to collector (a % collectors).
};

// Receives each chunk of records, in log order; may move from them.
using ChunkSink = std::function<Status(std::vector<AppendRecord>& chunk)>;

// Streams the portfolio as records for a log of `partition_count` partitions (a policy event
// becomes one record per partition). Returns the first error of the generator or the sink.
Status StreamPortfolio(const PortfolioOptions& options, int32_t partition_count,
                       const ChunkSink& sink);

// "realistic" or "simple" -> the kind; false for anything else.
bool ParsePortfolioKind(const std::string& name, PortfolioKind* kind);

}  // namespace arledger::bench
