// The generator's contract (portfolio_generator.h): valid events, in log order, with unique
// deterministic ids, the same bytes for the same seed and different bytes for another, and
// options checked. Seeds are fixed and printed in every failure message.
#include "sim/portfolio_generator.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/fold.h"
#include "tests/unit/sim/sim_testing.h"

namespace arledger::sim {
namespace {

using testing::Generate;
using testing::SerializedBytes;
using testing::SmallPortfolio;

constexpr uint64_t kSeed = 20250101;

TEST(PortfolioGenerator, SameSeedGivesByteIdenticalOutput) {
  const PortfolioOptions options = SmallPortfolio(kSeed);
  const std::string first = SerializedBytes(options);
  const std::string second = SerializedBytes(options);
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(first == second) << "seed " << kSeed << ": two runs differ";
}

TEST(PortfolioGenerator, DifferentSeedsGiveDifferentOutput) {
  EXPECT_NE(SerializedBytes(SmallPortfolio(kSeed)), SerializedBytes(SmallPortfolio(kSeed + 1)))
      << "seeds " << kSeed << " and " << kSeed + 1;
}

TEST(PortfolioGenerator, EveryEventPassesValidateEnvelope) {
  const std::vector<v1::EventEnvelope> events = Generate(SmallPortfolio(kSeed));
  for (const v1::EventEnvelope& event : events) {
    const Status status = ValidateEnvelope(event);
    ASSERT_TRUE(status.ok()) << "seed " << kSeed << ", event " << event.event_id() << ": "
                             << status.ToString();
  }
}

TEST(PortfolioGenerator, EventIdsAreUniqueAndNamedAfterTheirAccount) {
  std::set<std::string> ids;
  for (const v1::EventEnvelope& event : Generate(SmallPortfolio(kSeed))) {
    ASSERT_TRUE(ids.insert(event.event_id()).second)
        << "seed " << kSeed << ": duplicate id " << event.event_id();
    EXPECT_EQ(event.event_id().rfind(event.account_id() + "-", 0), 0u) << event.event_id();
  }
}

// Business days never go backwards along the log, and each account's occurred_at strictly
// increases, so "as of" views and the log agree on order.
TEST(PortfolioGenerator, BusinessTimeOnlyMovesForward) {
  std::map<std::string, int64_t> last_seconds;
  int64_t last_day = INT64_MIN;
  for (const v1::EventEnvelope& event : Generate(SmallPortfolio(kSeed))) {
    const int64_t seconds = event.occurred_at().seconds();
    const int64_t day = seconds / 86'400;
    ASSERT_GE(day, last_day) << "seed " << kSeed << ": log goes back a day at " << event.event_id();
    last_day = day;
    auto [it, inserted] = last_seconds.emplace(event.account_id(), seconds);
    if (!inserted) {
      ASSERT_GT(seconds, it->second) << "seed " << kSeed << ": " << event.event_id();
      it->second = seconds;
    }
  }
}

TEST(PortfolioGenerator, HistoryStaysWithinItsMonths) {
  PortfolioSummary summary;
  const std::vector<v1::EventEnvelope> events = Generate(SmallPortfolio(kSeed, 200, 3), &summary);
  EXPECT_EQ(summary.first_date, "2025-01-01");
  EXPECT_LE(summary.last_date, "2025-03-31");
  EXPECT_EQ(BusinessDate(events.front()), "2025-01-01");
  EXPECT_TRUE(events.front().has_authority_policy_set()) << "the policy opens the history";
  EXPECT_EQ(summary.events, static_cast<int64_t>(events.size()));
}

TEST(PortfolioGenerator, OneCollectorPerThousandAccountsAndAboutFifteenPercentEur) {
  PortfolioSummary summary;
  std::set<std::string> collectors;
  int64_t eur_accounts = 0;
  const std::vector<v1::EventEnvelope> events = Generate(SmallPortfolio(kSeed, 3000, 1), &summary);
  for (const v1::EventEnvelope& event : events) {
    if (!event.has_account_opened()) continue;
    collectors.insert(event.account_opened().collector_id());
    eur_accounts += event.account_opened().credit_limit().currency() == "EUR";
  }
  EXPECT_EQ(summary.collectors, 3);
  EXPECT_EQ(collectors.size(), 3u);
  EXPECT_EQ(summary.events_by_type["account_opened"], 3000) << "all open within the month";
  EXPECT_NEAR(static_cast<double>(eur_accounts) / 3000.0, 0.15, 0.03) << "seed " << kSeed;
}

TEST(PortfolioGenerator, RefusesOptionsOutOfBounds) {
  auto status_of = [](PortfolioOptions options) {
    return GeneratePortfolio(
        options, [](const v1::EventEnvelope&) { return Status::Ok(); }, nullptr);
  };
  PortfolioOptions options = SmallPortfolio(kSeed);
  options.accounts = 0;
  EXPECT_EQ(status_of(options).code(), StatusCode::kInvalidArgument);
  options = SmallPortfolio(kSeed);
  options.months = kMonthsMax + 1;
  EXPECT_EQ(status_of(options).code(), StatusCode::kInvalidArgument);
}

TEST(PortfolioGenerator, StopsAtTheFirstSinkFailureAndReturnsIt) {
  int64_t calls = 0;
  const Status status = GeneratePortfolio(
      SmallPortfolio(kSeed),
      [&calls](const v1::EventEnvelope&) {
        return ++calls == 100 ? Unavailable("log down") : Status::Ok();
      },
      nullptr);
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_EQ(calls, 100);
}

}  // namespace
}  // namespace arledger::sim
