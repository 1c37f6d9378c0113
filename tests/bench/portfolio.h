// A seeded synthetic portfolio for benchmarks: per account, an opening, one invoice a month,
// and payments — most on time and in full, some late or partial, a few never — plus occasional
// credit notes. Same seed, same bytes. Events are serialised EventEnvelopes in log order per
// account; accounts interleave month by month, as a real feed would.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "arledger/v1/events.pb.h"

namespace arledger::bench {

struct PortfolioOptions {
  int64_t accounts = 100000;
  int months = 5;
  uint64_t seed = 42;
  int64_t collectors = 100;  // Account a is assigned to collector (a % collectors).
};

// Calls `emit` once per event, in log order. Returns the number of events.
int64_t GeneratePortfolio(const PortfolioOptions& options,
                          const std::function<void(const v1::EventEnvelope&)>& emit);

}  // namespace arledger::bench
