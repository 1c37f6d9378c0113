// Proves that folding a batch on several shards (threads) changes nothing: for seeded logs with
// policy changes in the middle of batches, repeats, conflicts and garbage, every read model,
// the meta and the dead letters are the same for 1, 2, 3 and 5 shards and any batch size; and
// the account states equal a plain sequential fold of the log, so events after a policy event
// are folded under it and events before it are not, whichever shard they land on. The same
// holds with pipelined writes (a batch folded while the previous one is being written).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "core/fold.h"
#include "core/state_codec.h"
#include "projections/projector.h"
#include "tests/support/event_builders.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/core/events_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

struct Folded {
  std::map<int, std::map<std::string, std::string>> models;  // Every read model's contents.
  std::vector<std::string> dead_letters;                     // "partition/offset reason: detail"
};

Folded FoldWithShards(t::ScratchStores& stores, const std::vector<LogRecord>& records, int shards,
                      size_t batch_size, bool pipelined = false, size_t retain_bytes = 0) {
  std::unique_ptr<Store> store = stores.Open();
  Projector projector(store.get(), "ar.events", shards);
  EXPECT_EQ(projector.shards(), shards);
  EXPECT_TRUE(projector.Load().ok());
  if (pipelined) projector.PipelineWrites();
  projector.RetainAccounts(retain_bytes);
  std::vector<v1::DeadLetter> letters;
  for (size_t start = 0; start < records.size(); start += batch_size) {
    const std::vector<LogRecord> batch(
        records.begin() + static_cast<long>(start),
        records.begin() + static_cast<long>(std::min(records.size(), start + batch_size)));
    const Status prepared = projector.Prepare(batch, &letters);
    EXPECT_TRUE(prepared.ok()) << prepared.ToString();
    const Status committed = projector.Commit();
    EXPECT_TRUE(committed.ok()) << committed.ToString();
  }
  const Status written = projector.WaitForWrites();
  EXPECT_TRUE(written.ok()) << written.ToString();
  Folded folded;
  for (int model = 0; model < kReadModelCount; ++model) {
    folded.models[model] = t::ReadModelContents(*store, static_cast<ReadModel>(model));
  }
  for (const v1::DeadLetter& letter : letters) {
    folded.dead_letters.push_back(
        std::to_string(letter.partition()) + "/" + std::to_string(letter.offset()) + " " +
        v1::DeadLetterReason_Name(letter.reason()) + ": " + letter.detail());
  }
  return folded;
}

// The log folded one record after another with core's fold alone: what every shard count
// must agree with. `ignore_policy_changes` folds every account event under each partition's
// first policy instead (to show the log is one the policy changes matter to).
std::map<std::string, std::string> SequentialStates(const std::vector<LogRecord>& records,
                                                    bool ignore_policy_changes) {
  std::map<int32_t, v1::AuthorityPolicySet> policies;
  std::map<std::string, AccountState> states;
  std::set<std::string> seen;
  for (const LogRecord& record : records) {
    v1::EventEnvelope event;
    if (!event.ParseFromString(record.value) || !ValidateEnvelope(event).ok()) continue;
    if (!seen.insert(EventDedupeKey(event, record.partition)).second) continue;
    if (IsPolicyEvent(event)) {
      if (!ignore_policy_changes || !policies.count(record.partition)) {
        ApplyPolicy(event, &policies[record.partition]);
      }
      continue;
    }
    AccountState& state = states[event.account_id()];
    ApplyToAccount(event, policies[record.partition], &state);
  }
  std::map<std::string, std::string> encoded;
  for (const auto& [account_id, state] : states) EncodeAccountState(state, &encoded[account_id]);
  return encoded;
}

TEST(ProjectorShardsTest, AnyShardCountAndBatchSizeLeaveTheStoreOfASequentialFold) {
  for (uint64_t seed : t::PropertySeeds(61, 3)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    const std::vector<LogRecord> records = t::MixedLog(seed, 3);
    const std::map<std::string, std::string> sequential = SequentialStates(records, false);
    // The policy changes decide outcomes in this log: ignoring them folds other states.
    ASSERT_NE(sequential, SequentialStates(records, true));

    t::ScratchStores stores;
    const Folded one = FoldWithShards(stores, records, 1, records.size());
    EXPECT_EQ(one.models.at(static_cast<int>(ReadModel::kAccounts)), sequential);
    ASSERT_FALSE(one.dead_letters.empty());
    // Pipelined: each batch is folded while the previous one's write may be in flight, reading
    // what that batch wrote from the projector's copies (account states, event records, aging
    // and daily entries); 1-record and 97-record batches are folded faster than a write lands.
    // Retained: accounts held from batch to batch, all of them (1 GiB), or a few (16 KiB: most
    // are let go of after every batch, some just written by a write still in flight).
    constexpr size_t kAll = size_t{1} << 30, kFew = 16u << 10;
    for (const auto& [shards, batch_size, pipelined, retain] :
         std::vector<std::tuple<int, size_t, bool, size_t>>{{2, records.size(), false, 0},
                                                            {3, 400, false, 0},
                                                            {3, 97, false, 0},
                                                            {5, 500, false, 0},
                                                            {2, 1, false, 0},
                                                            {1, 1, true, 0},
                                                            {2, 97, true, 0},
                                                            {3, 400, true, 0},
                                                            {2, 97, false, kAll},
                                                            {2, 97, true, kAll},
                                                            {1, 1, true, kFew},
                                                            {3, 97, true, kFew}}) {
      SCOPED_TRACE("shards=" + std::to_string(shards) + " batch=" + std::to_string(batch_size) +
                   (pipelined ? " pipelined" : "") + " retain=" + std::to_string(retain));
      const Folded many = FoldWithShards(stores, records, shards, batch_size, pipelined, retain);
      for (int model = 0; model < kReadModelCount; ++model) {
        EXPECT_EQ(many.models.at(model), one.models.at(model))
            << ReadModelName(static_cast<ReadModel>(model));
      }
      EXPECT_EQ(many.dead_letters, one.dead_letters);
    }
  }
}

// Dead letters come back in the order of their records in the batch, not shard by shard.
TEST(ProjectorShardsTest, DeadLettersAreInRecordOrder) {
  const std::vector<LogRecord> records = t::MixedLog(7, 2);
  t::ScratchStores stores;
  const Folded folded = FoldWithShards(stores, records, 4, records.size());
  std::vector<std::string> in_record_order;
  std::map<std::string, size_t> position;
  for (size_t i = 0; i < records.size(); ++i) {
    position[std::to_string(records[i].partition) + "/" + std::to_string(records[i].offset)] = i;
  }
  size_t last = 0;
  for (const std::string& letter : folded.dead_letters) {
    const size_t at = position.at(letter.substr(0, letter.find(' ')));
    EXPECT_LE(last, at) << letter;
    last = at;
  }
  EXPECT_GT(folded.dead_letters.size(), 3u);
}

}  // namespace
}  // namespace arledger
