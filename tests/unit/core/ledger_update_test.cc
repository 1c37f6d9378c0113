// Proves LedgerUpdate (the fold's one-pass check-then-apply of an event's postings) leaves
// exactly the ledger a plain reference model does: lines netted per (currency, ledger account),
// added to the balances, sorted by (currency, account); and that it refuses exactly where the
// reference sees an int64 overflow (a ledger balance, or the account balance in a currency),
// with the same first reason, without touching the ledger. Seeded: a failure names its seed,
// ARLEDGER_SEED=<seed> replays just that one. Bounded: kSeeds x kRoundsPerSeed plans.
#include <gtest/gtest.h>

#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "core/postings.h"
#include "tests/unit/core/event_generator_testing.h"

namespace arledger {
namespace {

constexpr int kSeeds = 40;
constexpr int kRoundsPerSeed = 500;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
const Currency kGbp = *Currency::Parse("GBP");
const Currency kEur = *Currency::Parse("EUR");
const Currency kUsd = *Currency::Parse("USD");

constexpr v1::LedgerAccount kAccounts[] = {
    v1::LEDGER_ACCOUNT_RECEIVABLES,    v1::LEDGER_ACCOUNT_CASH,
    v1::LEDGER_ACCOUNT_REVENUE,        v1::LEDGER_ACCOUNT_UNALLOCATED_CASH,
    v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT, v1::LEDGER_ACCOUNT_BAD_DEBT,
    v1::LEDGER_ACCOUNT_CREDIT_NOTES,   v1::LEDGER_ACCOUNT_REFUNDS};

bool IsBalanceAccount(v1::LedgerAccount account) {
  return account == v1::LEDGER_ACCOUNT_RECEIVABLES ||
         account == v1::LEDGER_ACCOUNT_UNALLOCATED_CASH ||
         account == v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT;
}

// The reference: balances in a map keyed (currency, account), every sum in __int128.
using Key = std::tuple<uint32_t, int>;
struct Reference {
  std::map<Key, std::pair<LedgerBalance, __int128>> balances;

  explicit Reference(const std::vector<LedgerBalance>& ledger) {
    for (const LedgerBalance& entry : ledger) {
      balances[{entry.currency.packed(), entry.ledger_account}] = {entry, entry.balance_minor};
    }
  }

  // The reason the first overflow would be reported with, or nullopt when the lines fit.
  std::optional<std::string> Add(const Postings& postings) {
    std::map<Key, std::pair<LedgerBalance, __int128>> after = balances;
    for (const Posting& line : postings) {
      auto& [entry, sum] = after[{line.currency().packed(), line.ledger_account()}];
      entry.currency = line.currency();
      entry.ledger_account = line.ledger_account();
      sum += line.amount_minor();
    }
    std::map<Key, bool> touched;  // In (currency, account) order, as the plan checks them.
    for (const Posting& line : postings) touched[{line.currency().packed(), line.ledger_account()}];
    for (const auto& [key, unused] : touched) {
      const auto& [entry, sum] = after[key];
      if (sum > kMax || sum < std::numeric_limits<int64_t>::min()) {
        return std::string(LedgerAccountName(entry.ledger_account)) + " balance in " +
               entry.currency.str() + " would overflow int64 minor units";
      }
    }
    std::map<uint32_t, Currency> currencies;  // Touched, in currency order.
    for (const Posting& line : postings) currencies[line.currency().packed()] = line.currency();
    for (const auto& [packed, currency] : currencies) {
      __int128 balance = 0;
      for (const auto& [key, value] : after) {
        if (std::get<0>(key) == packed && IsBalanceAccount(value.first.ledger_account)) {
          balance += value.second;
        }
      }
      if (balance > kMax || balance < std::numeric_limits<int64_t>::min()) {
        return "account balance in " + currency.str() + " would overflow int64 minor units";
      }
    }
    balances = after;
    return std::nullopt;
  }

  std::vector<LedgerBalance> Ledger() const {
    std::vector<LedgerBalance> ledger;
    for (const auto& [key, value] : balances) {
      LedgerBalance entry = value.first;
      entry.balance_minor = static_cast<int64_t>(value.second);
      ledger.push_back(entry);
    }
    return ledger;
  }
};

// Amounts from small to the very edge of int64, so that overflows are common enough to test.
int64_t RandomAmount(std::mt19937_64& random) {
  switch (random() % 4) {
    case 0:
      return 1 + static_cast<int64_t>(random() % 1000);
    case 1:
      return 1 + static_cast<int64_t>(random() % 1'000'000'000);
    case 2:
      return kMax - static_cast<int64_t>(random() % 1000);
    default:
      return kMax / 2 + static_cast<int64_t>(random() % 1000);
  }
}

Postings RandomPostings(std::mt19937_64& random) {
  const Currency currencies[] = {kGbp, kEur, kUsd};
  Postings postings;
  const int pairs = 1 + static_cast<int>(random() % (kPostingLinesMax / 2));
  for (int i = 0; i < pairs; ++i) {
    const v1::LedgerAccount debit = kAccounts[random() % std::size(kAccounts)];
    const v1::LedgerAccount credit = kAccounts[random() % std::size(kAccounts)];
    PostPair(&postings, debit, credit, currencies[random() % 3], RandomAmount(random));
  }
  return postings;
}

TEST(LedgerUpdateTest, MatchesTheReferenceLedgerAndRefusesExactlyOnOverflow) {
  int refused = 0;
  int applied = 0;
  for (uint64_t seed : testing::PropertySeeds(7, kSeeds)) {
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (replay with ARLEDGER_SEED=" + std::to_string(seed) + ")");
    std::mt19937_64 random(seed);
    std::vector<LedgerBalance> ledger;
    for (int round = 0; round < kRoundsPerSeed; ++round) {
      const Postings postings = RandomPostings(random);
      Reference reference(ledger);
      const std::optional<std::string> overflow = reference.Add(postings);
      LedgerUpdate update;
      const std::vector<LedgerBalance> before = ledger;
      const Status planned = LedgerUpdate::Plan(ledger, postings, &update);
      ASSERT_EQ(ledger, before) << "planning never mutates";
      if (overflow.has_value()) {
        ASSERT_EQ(planned.code(), StatusCode::kOutOfRange);
        ASSERT_EQ(planned.message(), *overflow);
        ASSERT_TRUE(update.empty());
        ++refused;
        continue;
      }
      ASSERT_TRUE(planned.ok()) << planned.message();
      update.ApplyTo(&ledger);
      ASSERT_EQ(ledger, reference.Ledger());
      ASSERT_TRUE(LedgerBalancesToZero(ledger));
      ++applied;
    }
  }
  // Both branches were exercised (unless one seed was asked for).
  if (kSeeds > 1 && std::getenv("ARLEDGER_SEED") == nullptr) {
    EXPECT_GT(refused, kSeeds * kRoundsPerSeed / 10);
    EXPECT_GT(applied, kSeeds * kRoundsPerSeed / 10);
  }
}

TEST(LedgerUpdateTest, ApplyPostingsAndCheckPostingsFitAgreeWithAPlan) {
  // Proves the two standalone entry points are the plan: the same check, the same ledger.
  std::vector<LedgerBalance> planned_ledger;
  AccountState state;
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_REVENUE, kGbp, 500);
  PostPair(&postings, v1::LEDGER_ACCOUNT_CASH, v1::LEDGER_ACCOUNT_RECEIVABLES, kGbp, 200);
  LedgerUpdate update;
  ASSERT_TRUE(LedgerUpdate::Plan(planned_ledger, postings, &update).ok());
  update.ApplyTo(&planned_ledger);
  ASSERT_TRUE(CheckPostingsFit(state, postings).ok());
  ApplyPostings(postings, &state);
  EXPECT_EQ(state.ledger, planned_ledger);
  ASSERT_EQ(planned_ledger.size(), 3u);  // Sorted by account within GBP.
  EXPECT_EQ(planned_ledger[0].ledger_account, v1::LEDGER_ACCOUNT_RECEIVABLES);
  EXPECT_EQ(planned_ledger[0].balance_minor, 300);
  EXPECT_EQ(planned_ledger[1].ledger_account, v1::LEDGER_ACCOUNT_CASH);
  EXPECT_EQ(planned_ledger[1].balance_minor, 200);
  EXPECT_EQ(planned_ledger[2].ledger_account, v1::LEDGER_ACCOUNT_REVENUE);
  EXPECT_EQ(planned_ledger[2].balance_minor, -500);
}

TEST(LedgerUpdateDeathTest, RefusesToApplyToALedgerThatChangedSinceThePlan) {
  // Proves a plan cannot be applied to another ledger than the one it was checked against.
  std::vector<LedgerBalance> ledger;
  Postings postings;
  PostPair(&postings, v1::LEDGER_ACCOUNT_RECEIVABLES, v1::LEDGER_ACCOUNT_REVENUE, kGbp, 5);
  LedgerUpdate update;
  ASSERT_TRUE(LedgerUpdate::Plan(ledger, postings, &update).ok());
  ledger.push_back({v1::LEDGER_ACCOUNT_CASH, kEur, 0});
  EXPECT_DEATH(update.ApplyTo(&ledger), "ledger_size_");
}

TEST(LedgerUpdateDeathTest, RefusesUnbalancedPostings) {
  Postings postings;
  postings.push_back(Posting(v1::LEDGER_ACCOUNT_CASH, kGbp, 5));
  LedgerUpdate update;
  EXPECT_DEATH((void)LedgerUpdate::Plan({}, postings, &update), "postings_balance");
}

}  // namespace
}  // namespace arledger
