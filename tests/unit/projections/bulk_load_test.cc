// Proves that the replay fast paths change how a store is written, never what it holds:
// - OrderByKey rewrites a batch (given whole or in consecutive pieces) in (column family, key)
//   order with the same operations, so applying it leaves exactly what the original leaves,
//   also when a key repeats in the batch or across pieces;
// - a bulk-loaded store (no write-ahead log, flushed at the end) has the same digest as one
//   written normally from the same log, and keeps it after it is closed and reopened.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <string>
#include <vector>

#include "projections/key_ordered_batch.h"
#include "projections/store.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

constexpr int kOperationsPerBatch = 400;
constexpr int kKeysPerModel = 60;  // Few, so that keys repeat within a batch.

std::unique_ptr<Store> OpenAt(const std::string& directory, bool bulk_load) {
  StoreOptions options;
  options.bulk_load = bulk_load;
  std::unique_ptr<Store> store;
  const Status status = Store::Open(directory, options, &store);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return store;
}

std::string DigestOf(const Store& store) {
  StoreDigest digest;
  EXPECT_TRUE(store.ComputeDigest(&digest).ok());
  return digest.combined_hex;
}

// Records the (column family, key) order in which a batch would be applied.
class OrderRecorder : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t column_family, const rocksdb::Slice& key,
                        const rocksdb::Slice&) override {
    order.emplace_back(column_family, key.ToString());
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t column_family, const rocksdb::Slice& key) override {
    order.emplace_back(column_family, key.ToString());
    return rocksdb::Status::OK();
  }
  std::vector<std::pair<uint32_t, std::string>> order;
};

TEST(BulkLoadTest, KeyOrderedBatchLeavesWhatTheOriginalLeaves) {
  for (uint64_t seed : testing::PropertySeeds(41, 3)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    testing::TempDir directory;
    std::unique_ptr<Store> original = OpenAt(directory.path() + "/original", false);
    std::unique_ptr<Store> ordered_store = OpenAt(directory.path() + "/ordered", false);
    uint64_t random = seed;
    auto next = [&random](uint64_t bound) {
      random = random * 6364136223846793005ull + 1442695040888963407ull;
      return (random >> 33) % bound;
    };
    for (int round = 0; round < 3; ++round) {
      rocksdb::WriteBatch batch;
      // The same operations for the other store, in three consecutive pieces (as the projector
      // hands over its shards' batches): ordered together they must act as one batch.
      std::vector<rocksdb::WriteBatch> twins(3);
      for (int i = 0; i < kOperationsPerBatch; ++i) {
        const auto model = static_cast<ReadModel>(next(kReadModelCount));
        // Short keys, some a prefix of others; long ones that share their first 8 bytes; and
        // bytes 0x00 and 0xff, which must order as unsigned.
        const std::string n = std::to_string(next(kKeysPerModel));
        const uint64_t form = next(3);
        const std::string key = form == 0   ? "k" + n
                                : form == 1 ? "account-0000" + n
                                            : std::string("a\0\xff", 3) + n + std::string(1, '\0');
        const std::string value = "v" + std::to_string(round) + "." + std::to_string(i);
        const bool is_delete = next(4) == 0;
        for (auto [target, store] :
             {std::pair{&batch, original.get()}, std::pair{&twins[i < 50    ? 0
                                                                  : i < 300 ? 1
                                                                            : 2],
                                                           ordered_store.get()}}) {
          ASSERT_TRUE(is_delete ? target->Delete(store->handle(model), key).ok()
                                : target->Put(store->handle(model), key, value).ok());
        }
      }
      rocksdb::WriteBatch ordered;
      ASSERT_TRUE(OrderByKey(*ordered_store, {&twins[0], &twins[1], &twins[2]}, &ordered).ok());
      ASSERT_EQ(ordered.Count(), batch.Count());
      OrderRecorder recorder;
      ASSERT_TRUE(ordered.Iterate(&recorder).ok());
      EXPECT_TRUE(std::is_sorted(recorder.order.begin(), recorder.order.end()));
      ASSERT_TRUE(original->Write(&batch).ok());
      ASSERT_TRUE(ordered_store->Write(&ordered).ok());
    }
    for (int model = 0; model < kReadModelCount; ++model) {
      EXPECT_EQ(testing::ReadModelContents(*original, static_cast<ReadModel>(model)),
                testing::ReadModelContents(*ordered_store, static_cast<ReadModel>(model)))
          << ReadModelName(static_cast<ReadModel>(model));
    }
  }
}

TEST(BulkLoadTest, BulkLoadedStoreHasTheNormalDigestAndKeepsItAfterReopen) {
  for (uint64_t seed : testing::PropertySeeds(43, 2)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    testing::LogOptions log;
    log.seed = seed;
    const std::vector<LogRecord> records = testing::GenerateLog(log);
    testing::TempDir directory;
    std::unique_ptr<Store> normal = OpenAt(directory.path() + "/normal", false);
    testing::FoldRecords(normal.get(), records, 97);
    const std::string expected = DigestOf(*normal);

    const std::string bulk_directory = directory.path() + "/bulk";
    {
      std::unique_ptr<Store> bulk = OpenAt(bulk_directory, true);
      testing::FoldRecords(bulk.get(), records, 97);
      ASSERT_TRUE(bulk->Flush().ok());
      EXPECT_EQ(DigestOf(*bulk), expected);
    }
    std::unique_ptr<Store> reopened = OpenAt(bulk_directory, false);
    EXPECT_EQ(DigestOf(*reopened), expected);
  }
}

}  // namespace
}  // namespace arledger
