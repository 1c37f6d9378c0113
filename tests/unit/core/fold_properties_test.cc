// Property tests: the fold's invariants hold over seeded random sequences of valid events
// (event_generator_testing.h), whatever it accepts or refuses. Each failure names its seed;
// ARLEDGER_SEED=<seed> replays just that one. Bounded: kSeeds x kEventsPerSeed per property.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "core/account_view.h"
#include "core/postings.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/core/events_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the event builders and generator.

constexpr int kSeeds = 120;
constexpr int kEventsPerSeed = 300;
const Date kEndOfTime = *Date::Parse("9999-12-31");

std::string SeedTrace(uint64_t seed) {
  return "seed " + std::to_string(seed) + " (replay with ARLEDGER_SEED=" + std::to_string(seed) +
         ")";
}

// Folds kEventsPerSeed generated events, calling `check(state, event, result)` after each.
template <typename Check>
std::vector<v1::EventEnvelope> FoldGenerated(uint64_t seed, GeneratorConfig config,
                                             v1::AccountState* state, Check check) {
  EventGenerator generator(seed, std::move(config));
  const v1::AuthorityPolicySet policy = StandardPolicy();
  std::vector<v1::EventEnvelope> events;
  for (int i = 0; i < kEventsPerSeed; ++i) {
    v1::EventEnvelope event = generator.Next(*state);
    const Status valid = ValidateEnvelope(event);
    EXPECT_TRUE(valid.ok()) << "generated event " << i << " invalid: " << valid.ToString();
    const ApplyResult result = ApplyToAccount(event, policy, state);
    check(*state, event, result);
    events.push_back(std::move(event));
  }
  return events;
}

std::set<std::string> CurrenciesOf(const v1::AccountState& state) {
  std::set<std::string> currencies;
  for (const v1::LedgerBalance& balance : state.ledger()) currencies.insert(balance.currency());
  return currencies;
}

// Open items, pools and per-payment cash agree with the ledger in every currency.
::testing::AssertionResult StateAgreesWithLedger(const v1::AccountState& state) {
  for (const std::string& currency : CurrenciesOf(state)) {
    __int128 open = 0, payments_unallocated = 0;
    for (const v1::OpenItem& item : state.items()) {
      if (item.currency() == currency) open += item.open_minor();
    }
    for (const v1::PaymentRecord& payment : state.payments()) {
      if (payment.amount().currency() == currency && !payment.reversed()) {
        payments_unallocated += payment.unallocated_minor();
      }
    }
    const auto ledger = [&](v1::LedgerAccount account) {
      return LedgerBalanceOf(state.ledger(), account, currency);
    };
    const int64_t cash = PoolAmount(state, Pool::kUnallocatedCash, currency);
    const int64_t credit = PoolAmount(state, Pool::kAccountCredit, currency);
    if (open != ledger(v1::LEDGER_ACCOUNT_RECEIVABLES)) {
      return ::testing::AssertionFailure() << currency << ": open items != receivables";
    }
    if (cash != -ledger(v1::LEDGER_ACCOUNT_UNALLOCATED_CASH) || cash != payments_unallocated) {
      return ::testing::AssertionFailure() << currency << ": unallocated cash disagrees";
    }
    if (credit != -ledger(v1::LEDGER_ACCOUNT_ACCOUNT_CREDIT)) {
      return ::testing::AssertionFailure() << currency << ": account credit disagrees";
    }
  }
  return ::testing::AssertionSuccess();
}

// The view's balances show exactly the state's current open items and pools.
::testing::AssertionResult ViewMatchesCurrentState(const v1::AccountState& state,
                                                   const v1::AccountView& view) {
  std::map<std::string, int64_t> open_by_currency;
  for (const v1::OpenItem& item : state.items())
    open_by_currency[item.currency()] += item.open_minor();
  int64_t lines_seen = 0;
  for (const v1::AccountBalance& balance : view.balances()) {
    const std::string& currency = balance.currency();
    ++lines_seen;
    if (balance.open_items_minor() != open_by_currency[currency] ||
        balance.unallocated_cash_minor() != PoolAmount(state, Pool::kUnallocatedCash, currency) ||
        balance.account_credit_minor() != PoolAmount(state, Pool::kAccountCredit, currency)) {
      return ::testing::AssertionFailure() << "view of " << view.as_of() << " in " << currency
                                           << " differs from the state's current totals";
    }
  }
  for (const auto& [currency, open_minor] : open_by_currency) {
    const bool listed = std::any_of(view.balances().begin(), view.balances().end(),
                                    [&](const auto& b) { return b.currency() == currency; });
    if (!listed && (open_minor != 0 || PoolAmount(state, Pool::kUnallocatedCash, currency) != 0 ||
                    PoolAmount(state, Pool::kAccountCredit, currency) != 0)) {
      return ::testing::AssertionFailure() << currency << " missing from the view";
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(FoldPropertiesTest, TrialBalanceIsZeroPerCurrencyAfterEveryEvent) {
  // Proves every event's postings balance, they add up to the account's ledger, and the
  // ledger sums to zero per currency at every step.
  for (uint64_t seed : PropertySeeds(1, kSeeds)) {
    SCOPED_TRACE(SeedTrace(seed));
    std::map<std::pair<std::string, int>, int64_t> posted;
    v1::AccountState state;
    FoldGenerated(
        seed, {}, &state,
        [&](const v1::AccountState& s, const v1::EventEnvelope&, const ApplyResult& result) {
          ASSERT_TRUE(PostingsBalance(result.postings));
          if (result.outcome != v1::OUTCOME_APPLIED) {
            ASSERT_TRUE(result.postings.empty());
          }
          for (const Posting& line : result.postings) {
            posted[{line.currency().str(), line.ledger_account()}] += line.amount_minor();
          }
          ASSERT_TRUE(LedgerBalancesToZero(s.ledger()));
        });
    for (const v1::LedgerBalance& balance : state.ledger()) {
      EXPECT_EQ(balance.balance_minor(), (posted[{balance.currency(), balance.ledger_account()}]));
    }
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(FoldPropertiesTest, BalanceIsOpenItemsMinusUnallocatedCashMinusCredit) {
  // Proves the view's balance per currency is open items - unallocated cash - account credit,
  // and that items and pools agree with the ledger after every event.
  for (uint64_t seed : PropertySeeds(2, kSeeds)) {
    SCOPED_TRACE(SeedTrace(seed));
    v1::AccountState state;
    FoldGenerated(seed, {}, &state,
                  [](const v1::AccountState& s, const v1::EventEnvelope&, const ApplyResult&) {
                    ASSERT_TRUE(StateAgreesWithLedger(s));
                  });
    const v1::AccountView view = BuildAccountView(NativeOf(state), kEndOfTime, AgingConfig{});
    for (const v1::AccountBalance& balance : view.balances()) {
      const std::string& currency = balance.currency();
      EXPECT_EQ(balance.balance_minor(), balance.open_items_minor() -
                                             balance.unallocated_cash_minor() -
                                             balance.account_credit_minor());
      EXPECT_EQ(balance.open_items_minor(),
                LedgerBalanceOf(state.ledger(), v1::LEDGER_ACCOUNT_RECEIVABLES, currency));
      EXPECT_EQ(balance.unallocated_cash_minor(),
                PoolAmount(state, Pool::kUnallocatedCash, currency));
      EXPECT_EQ(balance.account_credit_minor(), PoolAmount(state, Pool::kAccountCredit, currency));
    }
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(FoldPropertiesTest, NoOpenItemBelowZeroOrAboveItsAmount) {
  // Proves 0 <= open <= amount for every item after every event, cancelled items have nothing
  // open, and the same holds in views as of random earlier dates.
  for (uint64_t seed : PropertySeeds(3, kSeeds)) {
    SCOPED_TRACE(SeedTrace(seed));
    v1::AccountState state;
    FoldGenerated(seed, {}, &state,
                  [](const v1::AccountState& s, const v1::EventEnvelope&, const ApplyResult&) {
                    for (const v1::OpenItem& item : s.items()) {
                      ASSERT_GE(item.open_minor(), 0) << item.invoice_id();
                      ASSERT_LE(item.open_minor(), item.amount_minor()) << item.invoice_id();
                      ASSERT_LE(item.written_off_minor(), item.amount_minor());
                      if (item.status() == v1::ITEM_STATUS_CANCELLED) {
                        ASSERT_EQ(item.open_minor(), 0);
                      }
                    }
                  });
    for (int day = 0; day < 400; day += 7) {
      const v1::AccountView view =
          BuildAccountView(NativeOf(state), Date::Parse("2026-01-01")->AddDays(day), AgingConfig{});
      for (const v1::ItemView& item : view.items()) {
        ASSERT_GT(item.open_minor(), 0);
        ASSERT_LE(item.open_minor(), item.amount_minor());
        ASSERT_LE(item.disputed_minor(), item.open_minor());
      }
    }
  }
}

TEST(FoldPropertiesTest, FoldingTwiceGivesByteIdenticalState) {
  // Proves the fold is deterministic: replaying the same events into a fresh state yields the
  // same serialised bytes, and the same outcomes and postings.
  for (uint64_t seed : PropertySeeds(4, kSeeds)) {
    SCOPED_TRACE(SeedTrace(seed));
    std::vector<ApplyResult> first_results;
    v1::AccountState first;
    const std::vector<v1::EventEnvelope> events =
        FoldGenerated(seed, {}, &first,
                      [&](const v1::AccountState&, const v1::EventEnvelope&,
                          const ApplyResult& result) { first_results.push_back(result); });
    v1::AccountState second;
    const v1::AuthorityPolicySet policy = StandardPolicy();
    for (size_t i = 0; i < events.size(); ++i) {
      const ApplyResult again = ApplyToAccount(events[i], policy, &second);
      ASSERT_EQ(again.outcome, first_results[i].outcome) << "event " << i;
      ASSERT_EQ(again.reason, first_results[i].reason) << "event " << i;
      ASSERT_EQ(again.postings.size(), first_results[i].postings.size()) << "event " << i;
    }
    ASSERT_EQ(second.SerializeAsString(), first.SerializeAsString());
  }
}

TEST(FoldPropertiesTest, ViewAsOfADateEqualsTheViewOfTheEventsUpToIt) {
  // Proves "as of D" is exact: with business dates in log order, the view as of the last
  // event's date shows the state's current totals, and the view of the full state as of any
  // earlier D has the same balances, items and aging as the state folded only up to D.
  GeneratorConfig in_order;
  in_order.backdating = false;
  for (uint64_t seed : PropertySeeds(5, kSeeds / 2)) {
    SCOPED_TRACE(SeedTrace(seed));
    std::map<std::string, std::string> view_on_date;  // Date -> prefix view of that day's end.
    v1::AccountState state;
    std::string previous_date;
    v1::AccountState previous_state;
    FoldGenerated(
        seed, in_order, &state,
        [&](const v1::AccountState& s, const v1::EventEnvelope& event, const ApplyResult&) {
          const std::string date = BusinessDate(event);
          if (!previous_date.empty() && date != previous_date) {
            const v1::AccountView view = BuildAccountView(
                NativeOf(previous_state), *Date::Parse(previous_date), AgingConfig{});
            ASSERT_TRUE(ViewMatchesCurrentState(previous_state, view));
            view_on_date[previous_date] = view.SerializeAsString();
          }
          previous_date = date;
          previous_state = s;
        });
    for (const auto& [date, expected] : view_on_date) {
      v1::AccountView view = BuildAccountView(NativeOf(state), *Date::Parse(date), AgingConfig{});
      v1::AccountView prefix;
      ASSERT_TRUE(prefix.ParseFromString(expected));
      for (v1::AccountView* each : {&view, &prefix}) {  // Account details are not dated.
        each->clear_events_applied();
        each->clear_last_contact_date();
        each->clear_opened();
        each->clear_name();
        each->clear_status();
        each->clear_collector_id();
        each->clear_portfolio();
        each->clear_credit_limit();
      }
      ASSERT_EQ(view.DebugString(), prefix.DebugString()) << "as of " << date;
    }
  }
}

TEST(FoldPropertiesTest, GeneratorAppliesEveryBodyType) {
  // Proves the properties above are not vacuous: over the seeds, every account body type is
  // applied at least once and the fold also refuses some events.
  std::map<int, std::pair<int, int>> applied_rejected;                  // body case -> counts.
  for (uint64_t seed = 6'000'000; seed < 6'000'000 + kSeeds; ++seed) {  // Not ARLEDGER_SEED.
    v1::AccountState state;
    FoldGenerated(
        seed, {}, &state,
        [&](const v1::AccountState&, const v1::EventEnvelope& event, const ApplyResult& result) {
          auto& [applied, rejected] = applied_rejected[event.body_case()];
          (result.outcome == v1::OUTCOME_APPLIED ? applied : rejected)++;
        });
  }
  int rejected_total = 0;
  for (int body = v1::EventEnvelope::kAccountOpened; body < v1::EventEnvelope::kAuthorityPolicySet;
       ++body) {
    if (v1::EventEnvelope::descriptor()->FindFieldByNumber(body) == nullptr) continue;
    EXPECT_GT(applied_rejected[body].first, 0)
        << v1::EventEnvelope::descriptor()->FindFieldByNumber(body)->name();
    rejected_total += applied_rejected[body].second;
  }
  EXPECT_GT(rejected_total, 0);
}

}  // namespace
}  // namespace arledger
