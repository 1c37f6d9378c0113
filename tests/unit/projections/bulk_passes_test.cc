// Proves that the projector's bulk passes (what ReplayInto folds with: a fresh store, the log
// read a group of partitions at a time, nothing read back from the store, each account written
// once at the end of its pass) leave exactly the store of an ordinary fold, whatever the
// grouping, slicing, batch size and shard count; and that the mode refuses what it cannot do. Logs
// are seeded (MixedLog: policy changes, duplicates, conflicts, garbage); ARLEDGER_SEED replays one.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "projections/projector.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

using Contents = std::map<int, std::map<std::string, std::string>>;  // Model -> keys -> values.

Contents Read(const Store& store) {
  Contents contents;
  for (int model = 0; model < kReadModelCount; ++model) {
    contents[model] = t::ReadModelContents(store, static_cast<ReadModel>(model));
  }
  return contents;
}

// The records of partitions [first, last), in log order.
std::vector<LogRecord> Partitions(const std::vector<LogRecord>& records, int first, int last) {
  std::vector<LogRecord> pass;
  for (const LogRecord& record : records) {
    if (record.partition >= first && record.partition < last) pass.push_back(record);
  }
  return pass;
}

// Prepares and commits `records` in batches of `batch_size`, adding each dead letter's position
// and detail to `letters`.
void FoldInBatches(Projector& projector, const std::vector<LogRecord>& records, size_t batch_size,
                   std::set<std::string>* letters) {
  for (size_t start = 0; start < records.size(); start += batch_size) {
    const std::vector<LogRecord> batch(
        records.begin() + static_cast<long>(start),
        records.begin() + static_cast<long>(std::min(records.size(), start + batch_size)));
    std::vector<v1::DeadLetter> dead_letters;
    EXPECT_TRUE(projector.Prepare(batch, &dead_letters).ok());
    EXPECT_TRUE(projector.Commit().ok());
    for (const v1::DeadLetter& letter : dead_letters) {
      letters->insert(std::to_string(letter.partition()) + "/" + std::to_string(letter.offset()) +
                      " " + letter.detail());
    }
  }
}

// Which policy events a test log keeps.
enum class Policies { kAll, kNoOpening, kNone };

// `records` with all their policy events, without the one each partition opens with (its first
// account events are then folded under no matrix at all, until the first change), or with none.
// Offsets are numbered again.
std::vector<LogRecord> WithPolicies(const std::vector<LogRecord>& records, Policies policies) {
  std::vector<LogRecord> kept;
  std::map<int32_t, int64_t> next_offset;
  for (const LogRecord& record : records) {
    v1::EventEnvelope event;
    if (policies != Policies::kAll && event.ParseFromString(record.value) && IsPolicyEvent(event) &&
        (policies == Policies::kNone || record.offset == 0)) {
      continue;
    }
    kept.push_back(record);
    kept.back().offset = next_offset[record.partition]++;
  }
  return kept;
}

// Folds `records` as the service does, in batches of 50 interleaving every partition.
std::pair<Contents, std::set<std::string>> FoldOrdinarily(const std::vector<LogRecord>& records) {
  t::ScratchStores stores;
  std::unique_ptr<Store> store = stores.Open();
  Projector projector(store.get(), "ar.events");
  EXPECT_TRUE(projector.Load().ok());
  std::set<std::string> letters;
  FoldInBatches(projector, records, 50, &letters);
  return {Read(*store), letters};
}

// Folds `records` in bulk passes of `partitions_per_pass` partitions, each read `slices` times
// (a slice of its accounts a read), into a fresh bulk-loading store (its insert-only models
// written as table files of `table_bytes` when not 0); returns its contents and the dead
// letters' positions, sorted.
std::pair<Contents, std::set<std::string>> FoldInPasses(const std::vector<LogRecord>& records,
                                                        int partitions, int partitions_per_pass,
                                                        size_t slices, int shards,
                                                        size_t batch_size, size_t table_bytes) {
  t::ScratchStores stores;
  StoreOptions options;
  options.bulk_load = true;
  options.bulk_table_bytes = table_bytes;
  std::unique_ptr<Store> store = stores.Open(options);
  Projector projector(store.get(), "ar.events", shards);
  EXPECT_TRUE(projector.Load().ok());
  EXPECT_TRUE(projector.BulkPasses().ok());
  std::set<std::string> letters;
  for (int first = 0; first < partitions; first += partitions_per_pass) {
    const std::vector<LogRecord> pass = Partitions(records, first, first + partitions_per_pass);
    for (size_t slice = 0; slice < slices; ++slice) {
      if (slices > 1) {
        EXPECT_TRUE(projector.BeginSlice(slice, slices).ok());
      }
      FoldInBatches(projector, pass, batch_size, &letters);
      const Status ended = projector.EndPass();
      EXPECT_TRUE(ended.ok()) << ended.ToString();
    }
  }
  EXPECT_TRUE(projector.WaitForWrites().ok());
  EXPECT_TRUE(store->Flush().ok());
  return {Read(*store), letters};
}

TEST(BulkPassesTest, LeaveTheStoreOfAnOrdinaryFold) {
  // Proves every read model (accounts, events, meta, history, worklist, aging, promises, daily)
  // holds the same bytes after bulk passes as after folding the whole log in ordinary batches,
  // for passes of one, two and all four partitions, whole or read in 2, 3 or 7 slices of their
  // accounts (every slice folds the policy changes, slice 0 alone counts them and the garbage),
  // with 1 and 3 shards and batches of 1, 97 and all records, through memtables and as table
  // files of 1 KiB (dozens per model), 64 KiB and 1 MiB (one per model); and the dead letters
  // are the same ones.
  // The same again, sliced, for the log without its opening policy events (a later slice must
  // start from the matrix the pass started from, not the one slice 0 ended with), and without
  // any (a partition that never had a matrix has none in the meta, not an empty one).
  for (uint64_t seed : t::PropertySeeds(91, 2)) {
    for (const Policies policies : {Policies::kAll, Policies::kNoOpening, Policies::kNone}) {
      SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed) + " policies " +
                   std::to_string(static_cast<int>(policies)));
      const std::vector<LogRecord> records = WithPolicies(t::MixedLog(seed, 4), policies);
      const auto [expected, expected_letters] = FoldOrdinarily(records);
      for (const auto& [partitions_per_pass, slices, shards, batch_size, table_bytes] :
           std::vector<std::tuple<int, size_t, int, size_t, size_t>>{{1, 1, 1, records.size(), 0},
                                                                     {2, 1, 3, 97, 1 << 10},
                                                                     {4, 1, 3, 1, 0},
                                                                     {1, 1, 3, 97, 64 << 10},
                                                                     {4, 1, 1, 400, 1 << 20},
                                                                     {1, 1, 1, 1, 1 << 10},
                                                                     {1, 3, 1, records.size(), 0},
                                                                     {2, 2, 3, 97, 1 << 10},
                                                                     {4, 7, 3, 1, 0},
                                                                     {4, 3, 1, 400, 1 << 20}}) {
        SCOPED_TRACE("partitions_per_pass=" + std::to_string(partitions_per_pass) +
                     " slices=" + std::to_string(slices) + " shards=" + std::to_string(shards) +
                     " batch=" + std::to_string(batch_size) +
                     " table_bytes=" + std::to_string(table_bytes));
        if (policies != Policies::kAll && slices == 1) continue;
        const auto [contents, letters] =
            FoldInPasses(records, 4, partitions_per_pass, slices, shards, batch_size, table_bytes);
        for (int model = 0; model < kReadModelCount; ++model) {
          EXPECT_EQ(contents.at(model), expected.at(model))
              << ReadModelName(static_cast<ReadModel>(model));
        }
        EXPECT_EQ(letters, expected_letters);
      }
      EXPECT_GT(expected_letters.size(), 3u);
    }
  }
}

TEST(BulkPassesTest, RefuseAStoreThatHoldsSomethingAndAnUnendedPass) {
  // Proves bulk passes start only on a store that has folded nothing (the shards would not see
  // what it holds), that EndPass is for bulk passes only, and that waiting for the writes with
  // a pass still open is an error, not a silently incomplete store.
  const std::vector<LogRecord> records = t::GenerateLog(t::LogOptions());
  t::ScratchStores stores;
  std::unique_ptr<Store> used = stores.Open();
  t::FoldRecords(used.get(), records, 100);
  Projector on_used(used.get(), "ar.events");
  ASSERT_TRUE(on_used.Load().ok());
  EXPECT_EQ(on_used.EndPass().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(on_used.BulkPasses().code(), StatusCode::kFailedPrecondition);

  StoreOptions bulk;
  bulk.bulk_load = true;
  std::unique_ptr<Store> fresh = stores.Open(bulk);
  Projector projector(fresh.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  ASSERT_TRUE(projector.BulkPasses().ok());
  std::vector<v1::DeadLetter> dead_letters;
  ASSERT_TRUE(projector.Prepare(Partitions(records, 0, 1), &dead_letters).ok());
  EXPECT_EQ(projector.EndPass().code(), StatusCode::kFailedPrecondition);  // Not committed.
  ASSERT_TRUE(projector.Commit().ok());
  EXPECT_EQ(projector.WaitForWrites().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(projector.EndPass().ok());
  EXPECT_TRUE(projector.WaitForWrites().ok());
}

TEST(BulkPassesTest, SlicesComeInOrderBeforeTheirPassesBatches) {
  // Proves a pass's slices are refused out of order (a later slice starts from what slice 0
  // started from, so it must follow it), with a changed count, after the pass's first batch, and
  // outside bulk passes; and that a pass after the last slice is whole again.
  const std::vector<LogRecord> records = t::GenerateLog(t::LogOptions());
  t::ScratchStores stores;
  StoreOptions bulk;
  bulk.bulk_load = true;
  std::unique_ptr<Store> fresh = stores.Open(bulk);
  Projector projector(fresh.get(), "ar.events");
  ASSERT_TRUE(projector.Load().ok());
  EXPECT_EQ(projector.BeginSlice(0, 2).code(), StatusCode::kFailedPrecondition);  // Not bulk.
  ASSERT_TRUE(projector.BulkPasses().ok());
  EXPECT_EQ(projector.BeginSlice(1, 2).code(), StatusCode::kInvalidArgument);  // Not after 0.
  EXPECT_EQ(projector.BeginSlice(2, 2).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(projector.BeginSlice(0, 0).code(), StatusCode::kInvalidArgument);
  const std::vector<LogRecord> pass = Partitions(records, 0, 1);
  std::vector<v1::DeadLetter> dead_letters;
  ASSERT_TRUE(projector.BeginSlice(0, 2).ok());
  ASSERT_TRUE(projector.Prepare(pass, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  EXPECT_EQ(projector.BeginSlice(1, 2).code(), StatusCode::kFailedPrecondition);  // Mid-pass.
  ASSERT_TRUE(projector.EndPass().ok());
  EXPECT_EQ(projector.BeginSlice(1, 3).code(), StatusCode::kInvalidArgument);  // Count changed.
  ASSERT_TRUE(projector.BeginSlice(1, 2).ok());
  ASSERT_TRUE(projector.Prepare(pass, &dead_letters).ok());
  ASSERT_TRUE(projector.Commit().ok());
  ASSERT_TRUE(projector.EndPass().ok());
  EXPECT_EQ(projector.BeginSlice(1, 2).code(), StatusCode::kInvalidArgument);     // Pass is over.
  ASSERT_TRUE(projector.Prepare(Partitions(records, 1, 2), &dead_letters).ok());  // Whole.
  ASSERT_TRUE(projector.Commit().ok());
  ASSERT_TRUE(projector.EndPass().ok());
  EXPECT_TRUE(projector.WaitForWrites().ok());
  v1::ProjectionMeta meta;
  ASSERT_TRUE(fresh->ReadMeta(&meta).ok());
  EXPECT_EQ(meta.events_applied() + meta.events_rejected() + meta.events_duplicate() +
                meta.events_skipped_unknown() + meta.dead_letters(),
            static_cast<int64_t>(pass.size() + Partitions(records, 1, 2).size()));
}

}  // namespace
}  // namespace arledger
