// Helpers for the simulator's tests: generate a small portfolio into memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "arledger/v1/events.pb.h"
#include "sim/portfolio_generator.h"

namespace arledger::sim::testing {

// Options for a small portfolio that still exercises every behaviour.
PortfolioOptions SmallPortfolio(uint64_t seed, int64_t accounts = 300, int32_t months = 12);

// The whole history, in log order. Fails the calling test if generation fails.
std::vector<v1::EventEnvelope> Generate(const PortfolioOptions& options,
                                        PortfolioSummary* summary = nullptr);

// Every event serialised and concatenated: what "byte-identical" compares.
std::string SerializedBytes(const PortfolioOptions& options);

}  // namespace arledger::sim::testing
