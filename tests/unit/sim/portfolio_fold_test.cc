// The generated history is one the fold accepts: folding it with core (the authority policy
// per log position, one state per account) applies almost every event, keeps the trial
// balance at zero, and the history covers the whole event catalogue. The generator mirrors
// the fold's money rules; this is the test that the mirror holds. Seeds are printed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <unordered_map>

#include "core/fold.h"
#include "core/postings.h"
#include "sim/portfolio_generator.h"
#include "tests/unit/sim/sim_testing.h"

namespace arledger::sim {
namespace {

constexpr uint64_t kSeeds[] = {1, 42, 20250101};
// Accounts per seed over two years. Sanitized Debug builds (CI's second pass) fold ~20x slower,
// so they fold fewer accounts; the bounds below are shares, not counts.
#if defined(__SANITIZE_ADDRESS__)
constexpr int64_t kAccountsPerSeed = 1500;
#else
constexpr int64_t kAccountsPerSeed = 6000;
#endif

// The seeds to run: ARLEDGER_SEED replays one, else kSeeds.
std::vector<uint64_t> Seeds() {
  if (const char* seed = std::getenv("ARLEDGER_SEED"); seed != nullptr && *seed != '\0') {
    return {std::strtoull(seed, nullptr, 10)};
  }
  return {std::begin(kSeeds), std::end(kSeeds)};
}
// Rejections the mirror may cause (e.g. an allocation racing a payment): at most 1 in 1000.
constexpr double kRejectedShareMax = 0.001;

struct FoldTally {
  int64_t applied = 0;
  int64_t rejected = 0;
  int64_t pending_write_offs = 0;
  std::map<std::string, int64_t> rejection_reasons;  // By body type: first reason seen.
  std::map<std::string, std::string> first_reason;
};

std::string BodyName(const v1::EventEnvelope& event) {
  return v1::EventEnvelope::descriptor()->FindFieldByNumber(event.body_case())->name();
}

FoldTally FoldAll(const std::vector<v1::EventEnvelope>& events) {
  FoldTally tally;
  v1::AuthorityPolicySet policy;
  std::unordered_map<std::string, AccountState> states;
  for (const v1::EventEnvelope& event : events) {
    if (IsPolicyEvent(event)) {
      EXPECT_EQ(ApplyPolicy(event, &policy).outcome, v1::OUTCOME_APPLIED);
      continue;
    }
    AccountState& state = states[event.account_id()];
    const ApplyResult result = ApplyToAccount(event, policy, &state);
    if (result.outcome == v1::OUTCOME_APPLIED) {
      ++tally.applied;
      tally.pending_write_offs += result.reason.rfind("pending approval", 0) == 0;
    } else {
      ++tally.rejected;
      ++tally.rejection_reasons[BodyName(event)];
      tally.first_reason.emplace(BodyName(event), event.event_id() + ": " + result.reason);
    }
  }
  for (const auto& [id, state] : states) {
    EXPECT_TRUE(LedgerBalancesToZero(state.ledger)) << "account " << id;
  }
  return tally;
}

TEST(PortfolioFold, AlmostEveryEventIsAppliedAndEveryLedgerBalances) {
  for (uint64_t seed : Seeds()) {
    const std::vector<v1::EventEnvelope> events =
        testing::Generate(testing::SmallPortfolio(seed, kAccountsPerSeed, 24));
    const FoldTally tally = FoldAll(events);
    std::string reasons;
    for (const auto& [type, reason] : tally.first_reason) {
      reasons += "\n  " + type + " x" + std::to_string(tally.rejection_reasons.at(type)) +
                 ", e.g. " + reason;
    }
    EXPECT_LE(static_cast<double>(tally.rejected),
              kRejectedShareMax * static_cast<double>(events.size()))
        << "seed " << seed << ": " << tally.rejected << " of " << events.size()
        << " rejected:" << reasons;
    EXPECT_GT(tally.pending_write_offs, 0) << "seed " << seed << ": none above authority";
    std::printf("seed %llu: %zu events, %lld rejected%s\n", static_cast<unsigned long long>(seed),
                events.size(), static_cast<long long>(tally.rejected), reasons.c_str());
  }
}

// Every body type of the catalogue appears in a year of 2,000 accounts.
TEST(PortfolioFold, AYearOfTwoThousandAccountsCoversTheCatalogue) {
  PortfolioSummary summary;
  testing::Generate(testing::SmallPortfolio(kSeeds[0], 2000, 12), &summary);
  const google::protobuf::OneofDescriptor* body =
      v1::EventEnvelope::descriptor()->FindOneofByName("body");
  for (int i = 0; i < body->field_count(); ++i) {
    const std::string& name = body->field(i)->name();
    EXPECT_GT(summary.events_by_type[name], 0) << "seed " << kSeeds[0] << ": no " << name;
  }
  // Most events are the everyday ones: invoices and payments.
  const int64_t everyday =
      summary.events_by_type["invoice_issued"] + summary.events_by_type["payment_received"];
  EXPECT_GT(everyday, summary.events * 6 / 10) << "seed " << kSeeds[0];
}

}  // namespace
}  // namespace arledger::sim
