#include "tests/unit/sim/sim_testing.h"

#include <gtest/gtest.h>

namespace arledger::sim::testing {

PortfolioOptions SmallPortfolio(uint64_t seed, int64_t accounts, int32_t months) {
  PortfolioOptions options;
  options.seed = seed;
  options.accounts = accounts;
  options.months = months;
  return options;
}

std::vector<v1::EventEnvelope> Generate(const PortfolioOptions& options,
                                        PortfolioSummary* summary) {
  std::vector<v1::EventEnvelope> events;
  const Status status = GeneratePortfolio(
      options,
      [&events](const v1::EventEnvelope& event) {
        events.push_back(event);
        return Status::Ok();
      },
      summary);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return events;
}

std::string SerializedBytes(const PortfolioOptions& options) {
  std::string bytes;
  std::string one;
  const Status status = GeneratePortfolio(
      options,
      [&](const v1::EventEnvelope& event) {
        if (!event.SerializeToString(&one)) return Internal("serialise");
        bytes += one;
        return Status::Ok();
      },
      nullptr);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return bytes;
}

}  // namespace arledger::sim::testing
