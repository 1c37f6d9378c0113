// The fold alone, on one shard and on one shard per core, as the projector folds a batch.
#include "tests/bench/fold_benchmark.h"

#include <google/protobuf/arena.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "core/fold.h"
#include "core/sha256.h"
#include "core/state_codec.h"
#include "projections/account_slots.h"
#include "projections/shard_threads.h"
#include "tests/bench/bench_util.h"
#include "tests/bench/portfolio.h"

namespace arledger::bench {
namespace {

// Events ahead of the one being looked up or folded whose memory is fetched: the states are
// scattered over hundreds of MB at full size, so each event's first touches of its slot, its
// state and its records miss every cache; fetching them a few events ahead overlaps those
// misses with the work on earlier events.
// While looking up: the account's slot (AccountSlots::Prefetch), then the id of the entry it
// points to. While folding: the state's hot front (kAccountStateHotBytes), then its records
// (items, payments, ledger).
constexpr size_t kSlotsAhead = AccountSlots<AccountState>::kSlotsAhead;
constexpr size_t kEntriesAhead = AccountSlots<AccountState>::kEntriesAhead;
constexpr size_t kStatesAhead = 8;
constexpr size_t kRecordsAhead = 4;

struct RunEvent {
  const v1::EventEnvelope* event;
  uint64_t account_hash;  // std::hash of its account id, as the projector's ShardItem.
};

// One shard's accounts, and the events of the current run that belong to them.
struct FoldShard {
  std::unordered_map<std::string, AccountState> states;  // Owns them.
  AccountSlots<AccountState> slots;                      // Finds them.
  std::vector<RunEvent> run;                             // In log order.
  std::vector<AccountState*> targets;                    // The run's states, in its order.
  int64_t rejected = 0;

  AccountState* StateOf(const RunEvent& item) {
    const std::string& id = item.event->account_id();
    AccountSlots<AccountState>::Entry* entry = slots.Find(item.account_hash, id);
    if (entry == nullptr) {
      entry = &*states.try_emplace(id).first;
      slots.Insert(item.account_hash, entry);
    }
    return &entry->second;
  }

  // Finds the run's states first, each account through its slot as the projector's bulk pass
  // does (the look-ups do not depend on one another, so their cache misses overlap), then
  // folds the events in order.
  void FoldRun(const v1::AuthorityPolicySet& policy) {
    targets.resize(run.size());
    for (size_t i = 0; i < run.size(); ++i) {
      if (i + kSlotsAhead < run.size()) slots.Prefetch(run[i + kSlotsAhead].account_hash);
      if (i + kEntriesAhead < run.size()) {
        slots.PrefetchEntry(run[i + kEntriesAhead].account_hash, sizeof(std::string));
      }
      targets[i] = StateOf(run[i]);
    }
    for (size_t i = 0; i < run.size(); ++i) {
      if (i + kStatesAhead < run.size()) {
        PrefetchBytes(targets[i + kStatesAhead], kAccountStateHotBytes);
      }
      if (i + kRecordsAhead < run.size()) PrefetchAccountRecords(*targets[i + kRecordsAhead]);
      rejected += ApplyToAccount(*run[i].event, policy, targets[i]).outcome == v1::OUTCOME_REJECTED;
    }
    run.clear();
  }
};

struct FoldPass {
  double seconds = 0;
  int64_t rejected = 0;
  size_t accounts = 0;
  std::string digest;  // Of every account's encoded state, by account id.
  double peak_rss_mb = 0;
};

std::string StatesDigest(const std::vector<FoldShard>& shards) {
  std::vector<const AccountState*> states;
  for (const FoldShard& shard : shards) {
    for (const auto& [id, state] : shard.states) states.push_back(&state);
  }
  std::sort(states.begin(), states.end(), [](const AccountState* a, const AccountState* b) {
    return a->account_id < b->account_id;
  });
  Sha256 hash;
  std::string encoded;
  for (const AccountState* state : states) {
    encoded.clear();
    EncodeAccountState(*state, &encoded);
    hash.UpdateLengthPrefixed(encoded);
  }
  return ToHex(hash.Finish());
}

// Events are decoded chunk by chunk outside the clock, as the projector decodes a batch: record
// i into the arena of stripe i % shards (Projector::Decode), so that each event's messages and
// strings lie together, in log order. Timed: sharing each chunk's events out to the shards by
// account id (as Projector::ShardOf does), finding each event's state among its shard's
// (AccountSlots), ApplyToAccount, and ApplyPolicy, which is a barrier between runs exactly as
// in the projector (every later event is folded under the new policy).
FoldPass RunFoldPass(const std::vector<LogRecord>& records, size_t shard_count) {
  std::vector<FoldShard> shards(shard_count);
  ShardThreads threads(shard_count);  // As the projector's: shard k always on the same thread.
  v1::AuthorityPolicySet policy;
  std::vector<std::unique_ptr<google::protobuf::Arena>> arenas(shard_count);
  for (auto& arena : arenas) arena = std::make_unique<google::protobuf::Arena>();
  std::vector<v1::EventEnvelope*> events(kChunkRecords);
  FoldPass pass;
  ResetPeakRss();
  for (size_t start = 0; start < records.size(); start += kChunkRecords) {
    const size_t count = std::min(kChunkRecords, records.size() - start);
    for (auto& arena : arenas) arena->Reset();
    for (size_t i = 0; i < count; ++i) {
      events[i] =
          google::protobuf::Arena::CreateMessage<v1::EventEnvelope>(arenas[i % shard_count].get());
      if (!events[i]->ParseFromString(records[start + i].value)) {
        std::fprintf(stderr, "bench fold: record %zu does not parse\n", start + i);
        std::exit(1);
      }
    }
    Stopwatch watch;
    for (size_t i = 0; i < count;) {
      for (; i < count && !IsPolicyEvent(*events[i]); ++i) {
        const uint64_t hash = std::hash<std::string_view>()(events[i]->account_id());
        shards[hash % shard_count].run.push_back({events[i], hash});
      }
      threads.Run(
          true, [&](size_t k) { return !shards[k].run.empty(); },
          [&](size_t k) { shards[k].FoldRun(policy); });
      if (i < count) ApplyPolicy(*events[i++], &policy);
    }
    pass.seconds += watch.Seconds();
  }
  pass.peak_rss_mb = PeakRssMb();
  for (const FoldShard& shard : shards) {
    pass.rejected += shard.rejected;
    pass.accounts += shard.states.size();
  }
  pass.digest = StatesDigest(shards);
  return pass;
}

// Runs `repetitions` passes on `shards` shards; every pass must fold the same states.
Repetitions RunFoldPasses(const std::vector<LogRecord>& records, size_t shards, int repetitions,
                          FoldPass* first) {
  Repetitions runs;
  for (int r = 0; r < repetitions; ++r) {
    FoldPass pass = RunFoldPass(records, shards);
    if (r == 0) *first = pass;
    if (pass.digest != first->digest || pass.rejected != first->rejected) {
      std::fprintf(stderr, "bench fold: pass %d on %zu shards folded other states (%s vs %s)\n",
                   r + 1, shards, pass.digest.c_str(), first->digest.c_str());
      std::exit(1);
    }
    runs.Add(pass.seconds, pass.peak_rss_mb);
  }
  return runs;
}

}  // namespace

double BenchFold(const std::vector<LogRecord>& records, size_t shards, int repetitions) {
  FoldPass one;
  const Repetitions one_runs = RunFoldPasses(records, 1, repetitions, &one);
  one_runs.Report("fold", static_cast<int64_t>(records.size()),
                  {{"shards", 1},
                   {"accounts", static_cast<double>(one.accounts)},
                   {"rejected", static_cast<double>(one.rejected)}});
  const double one_events_per_s = static_cast<double>(records.size()) / one_runs.MedianSeconds();
  if (shards <= 1) return one_events_per_s;
  FoldPass many;
  const Repetitions many_runs = RunFoldPasses(records, shards, repetitions, &many);
  // Sharding must not change a single state: the accounts are independent and each shard
  // folds its accounts' events in log order.
  if (many.digest != one.digest || many.rejected != one.rejected) {
    std::fprintf(stderr, "bench fold: %zu shards folded other states than one (%s vs %s)\n", shards,
                 many.digest.c_str(), one.digest.c_str());
    std::exit(1);
  }
  many_runs.Report(
      "fold_sharded", static_cast<int64_t>(records.size()),
      {{"shards", static_cast<double>(shards)},
       {"accounts", static_cast<double>(many.accounts)},
       {"rejected", static_cast<double>(many.rejected)},
       {"speedup_vs_one_shard", one_runs.MedianSeconds() / many_runs.MedianSeconds()}});
  return one_events_per_s;
}

void BenchFoldInCache(const std::vector<LogRecord>& records, int repetitions,
                      double full_size_events_per_s) {
  constexpr int kRunsMin = 25;
  FoldPass first;
  const Repetitions runs = RunFoldPasses(records, 1, std::max(repetitions, kRunsMin), &first);
  const double events_per_s = static_cast<double>(records.size()) / runs.MedianSeconds();
  runs.Report("fold_in_cache", static_cast<int64_t>(records.size()),
              {{"shards", 1},
               {"accounts", static_cast<double>(first.accounts)},
               {"rejected", static_cast<double>(first.rejected)},
               {"ratio_vs_fold", events_per_s / full_size_events_per_s}});
}

}  // namespace arledger::bench
