// Proves that the collections read models the projector maintains incrementally are exactly
// what a from-scratch recomputation over the final account states (and, for the daily totals,
// over the log) gives, and that they do not depend on how the log was split into batches.
// Logs come from core's seeded event generator over many accounts, three partitions and
// collector moves; a failure names its seed.
#include <gtest/gtest.h>

#include "core/account_summary.h"
#include "core/fold.h"
#include "projections/aging_index.h"
#include "projections/daily_totals.h"
#include "projections/promise_index.h"
#include "projections/read_model_keys.h"
#include "projections/store_view.h"
#include "tests/unit/core/events_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

using namespace testing;  // NOLINT: the store helpers.

constexpr uint64_t kSeeds[] = {1, 2, 3};

std::vector<AccountState> AllStates(const Store& store) {
  std::vector<AccountState> states;
  EXPECT_TRUE(store
                  .ForEachAccount([&](const AccountState& state) {
                    states.push_back(state);
                    return true;
                  })
                  .ok());
  return states;
}

std::map<std::string, std::string> ExpectedWorklist(const std::vector<AccountState>& states) {
  std::map<std::string, std::string> expected;
  for (const AccountState& state : states) {
    std::string bytes;
    EXPECT_TRUE(BuildAccountSummary(state, kEndOfTimeDate).SerializeToString(&bytes));
    expected[WorklistKey(state.collector_id, state.account_id)] = bytes;
  }
  return expected;
}

std::map<std::string, std::string> ExpectedAging(const std::vector<AccountState>& states) {
  AgingDeltas sums;
  for (const AccountState& state : states) {
    AddAgingContribution(BuildAccountSummary(state, kEndOfTimeDate), +1, &sums);
  }
  std::map<std::string, std::string> expected;
  for (const auto& [key, sum] : sums) {
    std::string value;
    bool erase = false;
    EXPECT_TRUE(ApplyAgingDelta(key, "", sum, &value, &erase).ok());
    if (!erase) expected[key] = value;
  }
  return expected;
}

std::map<std::string, std::string> ExpectedPromises(const std::vector<AccountState>& states) {
  std::map<std::string, std::string> expected;
  for (const AccountState& state : states) expected.merge(PromiseIndexOf(state));
  return expected;
}

// Folds the log again with core alone, one event at a time, adding each to the daily totals.
std::map<std::string, std::string> ExpectedDaily(const std::vector<LogRecord>& records) {
  std::map<std::string, AccountState> states;
  DailyDeltas days;
  const v1::AuthorityPolicySet policy = StandardPolicy();
  for (const LogRecord& record : records) {
    v1::EventEnvelope event;
    EXPECT_TRUE(event.ParseFromString(record.value));
    if (IsPolicyEvent(event)) continue;
    AccountState& state = states[event.account_id()];
    const ApplyResult result = ApplyToAccount(event, policy, &state);
    AddEventToDaily(event, result, state, &days);
  }
  std::map<std::string, std::string> expected;
  for (const auto& [key, day] : days) EXPECT_TRUE(day.SerializeToString(&expected[key]));
  return expected;
}

// Names the first key where two contents differ, for a readable failure.
::testing::AssertionResult SameContents(const std::map<std::string, std::string>& actual,
                                        const std::map<std::string, std::string>& expected,
                                        const std::string& model) {
  if (actual == expected) return ::testing::AssertionSuccess();
  auto a = actual.begin();
  auto e = expected.begin();
  while (a != actual.end() && e != expected.end() && *a == *e) ++a, ++e;
  const std::string key = a != actual.end() ? a->first : e->first;
  return ::testing::AssertionFailure()
         << model << ": " << actual.size() << " stored entries vs " << expected.size()
         << " recomputed; first difference at key " << EncodePageToken(key);
}

TEST(ReadModelsTest, IncrementalModelsEqualAFromScratchRecomputation) {
  for (uint64_t seed : kSeeds) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    LogOptions options;
    options.seed = seed;
    const std::vector<LogRecord> records = GenerateLog(options);
    ScratchStores stores;
    std::unique_ptr<Store> store = stores.Open();
    FoldRecords(store.get(), records, 37);
    const std::vector<AccountState> states = AllStates(*store);
    ASSERT_EQ(states.size(), static_cast<size_t>(options.accounts));
    // The log exercises every model (not a vacuous comparison of empty models).
    EXPECT_GT(ReadModelContents(*store, ReadModel::kAging).size(), 50u);
    EXPECT_GT(ReadModelContents(*store, ReadModel::kPromises).size(), 10u);
    EXPECT_GT(ReadModelContents(*store, ReadModel::kDaily).size(), 50u);
    EXPECT_TRUE(SameContents(ReadModelContents(*store, ReadModel::kWorklist),
                             ExpectedWorklist(states), "worklist"));
    EXPECT_TRUE(
        SameContents(ReadModelContents(*store, ReadModel::kAging), ExpectedAging(states), "aging"));
    EXPECT_TRUE(SameContents(ReadModelContents(*store, ReadModel::kPromises),
                             ExpectedPromises(states), "promises"));
    EXPECT_TRUE(SameContents(ReadModelContents(*store, ReadModel::kDaily), ExpectedDaily(records),
                             "daily"));
    v1::ProjectionMeta meta;
    ASSERT_TRUE(store->ReadMeta(&meta).ok());
    Date horizon = kNoDate;
    for (const AccountState& state : states) horizon = std::max(horizon, HorizonDate(state));
    EXPECT_EQ(meta.horizon_date(), horizon.ToString());
  }
}

TEST(ReadModelsTest, HistoryHoldsEveryDecidedEventInOrderWithItsBytes) {
  LogOptions options;
  const std::vector<LogRecord> records = GenerateLog(options);
  ScratchStores stores;
  std::unique_ptr<Store> store = stores.Open();
  FoldRecords(store.get(), records, 50);
  const std::map<std::string, std::string> history = ReadModelContents(*store, ReadModel::kHistory);
  std::map<std::string, std::vector<std::string>> expected_bytes;  // Per account, log order.
  for (const LogRecord& record : records) {
    if (record.key != "policy") expected_bytes[record.key].push_back(record.value);
  }
  for (const AccountState& state : AllStates(*store)) {
    const std::vector<std::string>& bytes = expected_bytes[state.account_id];
    ASSERT_EQ(state.events_applied + state.events_rejected, static_cast<int64_t>(bytes.size()));
    for (size_t i = 0; i < bytes.size(); ++i) {
      auto it = history.find(HistoryKey(state.account_id, static_cast<int64_t>(i + 1)));
      ASSERT_NE(it, history.end()) << state.account_id << " #" << i + 1;
      v1::HistoryRecord record;
      ASSERT_TRUE(record.ParseFromString(it->second));
      EXPECT_EQ(record.sequence(), static_cast<int64_t>(i + 1));
      EXPECT_EQ(record.event(), bytes[i]);
    }
  }
  size_t total = 0;
  for (const auto& [account, bytes] : expected_bytes) total += bytes.size();
  EXPECT_EQ(history.size(), total);
}

TEST(ReadModelsTest, EveryReadModelDigestIsTheSameForOneBatchOrMany) {
  LogOptions options;
  options.seed = 11;
  const std::vector<LogRecord> records = GenerateLog(options);
  ScratchStores stores;
  StoreDigest whole;
  {
    std::unique_ptr<Store> store = stores.Open();
    FoldRecords(store.get(), records, records.size());
    ASSERT_TRUE(store->ComputeDigest(&whole).ok());
  }
  for (size_t batch_size : {size_t{1}, size_t{7}, size_t{250}}) {
    std::unique_ptr<Store> store = stores.Open();
    FoldRecords(store.get(), records, batch_size);
    StoreDigest digest;
    ASSERT_TRUE(store->ComputeDigest(&digest).ok());
    for (int model = 0; model < kReadModelCount; ++model) {
      EXPECT_EQ(digest.per_model_hex[model], whole.per_model_hex[model])
          << ReadModelName(static_cast<ReadModel>(model)) << " with batches of " << batch_size;
    }
  }
}

}  // namespace
}  // namespace arledger
