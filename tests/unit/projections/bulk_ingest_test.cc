// Proves that writing a bulk load's insert-only read models as ingested table files (
// StoreOptions::bulk_table_bytes) changes how a store is written, never what it holds:
// - SortedTableBuffer writes a table in bytewise key order with the last value of a key put more
//   than once, for keys that share their inline 24-byte head, end inside it, are prefixes of one
//   another, or hold bytes 0x00 and 0xff;
// - a store with bulk tables, given batches that mix puts to those models with every operation
//   on the others, holds after Flush (and after reopening) exactly what a normal store holds,
//   whatever the table size, also when a key is put again in a later table;
// - it refuses what it cannot do: a delete on an ingested model, and reading one before Flush.
// Seeded; ARLEDGER_SEED=<seed> replays one seed.
#include <gtest/gtest.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "projections/sorted_table_buffer.h"
#include "projections/store.h"
#include "tests/support/temp_dir.h"
#include "tests/unit/core/event_generator_testing.h"
#include "tests/unit/projections/store_testing.h"

namespace arledger {
namespace {

namespace t = arledger::testing;

using Random = t::SeededRandom;

// Keys that stress the inline head: short ones, ones ending at or around byte 24, long ones
// sharing 24+ bytes, prefixes of one another, and bytes 0x00 and 0xff (which order unsigned).
std::string RandomKey(Random& random) {
  const std::string n = std::to_string(random.Below(40));
  switch (random.Below(6)) {
    case 0:
      return "k" + n;
    case 1:
      return "account-000000000000000" + n;  // 23 bytes before n: ends around the head.
    case 2:
      return std::string(30, 'x') + n;  // Shares 30 bytes: decided past the head.
    case 3:
      return std::string(30, 'x') + n + std::string(1, '\0');
    case 4:
      return std::string("a\0\xff", 3) + n + std::string(random.Below(3), '\0');
    default:
      return std::string(random.Below(26), '\xff');  // Includes the empty key.
  }
}

std::map<std::string, std::string> ReadTable(const std::string& path) {
  rocksdb::Options options;
  rocksdb::SstFileReader reader(options);
  EXPECT_TRUE(reader.Open(path).ok());
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(rocksdb::ReadOptions()));
  std::map<std::string, std::string> contents;
  std::string previous;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!contents.empty()) {
      EXPECT_LT(previous, it->key().ToString());
    }
    previous = it->key().ToString();
    contents[previous] = it->value().ToString();
  }
  EXPECT_TRUE(it->status().ok());
  return contents;
}

TEST(BulkIngestTest, SortedTableBufferWritesKeyOrderAndTheLastValueOfEachKey) {
  for (uint64_t seed : t::PropertySeeds(61, 4)) {
    SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed));
    Random random(seed);
    t::TempDir directory;
    SortedTableBuffer buffer;
    std::map<std::string, std::string> expected;
    for (int i = 0; i < 600; ++i) {
      const std::string key = RandomKey(random);
      const std::string value = "v" + std::to_string(i) + std::string(random.Below(50), '.');
      buffer.Put(key, value);
      expected[key] = value;
    }
    EXPECT_FALSE(buffer.empty());
    const std::string path = directory.path() + "/table.sst";
    const Status written = buffer.WriteTable(rocksdb::Options(), path);
    ASSERT_TRUE(written.ok()) << written.ToString();
    EXPECT_TRUE(buffer.empty());
    EXPECT_EQ(buffer.bytes(), 0u);
    EXPECT_EQ(ReadTable(path), expected);
    // An empty buffer writes no file.
    ASSERT_TRUE(buffer.WriteTable(rocksdb::Options(), directory.path() + "/none.sst").ok());
    EXPECT_FALSE(std::filesystem::exists(directory.path() + "/none.sst"));
  }
}

std::unique_ptr<Store> OpenStore(const std::string& directory, bool bulk, size_t table_bytes) {
  StoreOptions options;
  options.bulk_load = bulk;
  options.bulk_table_bytes = table_bytes;
  std::unique_ptr<Store> store;
  const Status opened = Store::Open(directory, options, &store);
  EXPECT_TRUE(opened.ok()) << opened.ToString();
  return store;
}

constexpr ReadModel kIngested[] = {ReadModel::kAccounts, ReadModel::kEvents, ReadModel::kHistory};
constexpr ReadModel kOthers[] = {ReadModel::kMeta, ReadModel::kWorklist, ReadModel::kAging,
                                 ReadModel::kPromises, ReadModel::kDaily};

TEST(BulkIngestTest, StoreWithBulkTablesHoldsWhatANormalStoreHolds) {
  for (uint64_t seed : t::PropertySeeds(67, 3)) {
    for (size_t table_bytes : {size_t{512}, size_t{16} << 10, size_t{64} << 20}) {
      SCOPED_TRACE("ARLEDGER_SEED=" + std::to_string(seed) +
                   " table_bytes=" + std::to_string(table_bytes));
      Random random(seed);
      t::TempDir directory;
      std::unique_ptr<Store> normal = OpenStore(directory.path() + "/normal", false, 0);
      const std::string bulk_directory = directory.path() + "/bulk";
      std::unique_ptr<Store> bulk = OpenStore(bulk_directory, true, table_bytes);
      for (int round = 0; round < 12; ++round) {
        // Both stores get the same operations; the bulk store's batches come in three kinds, as
        // a replay's do: only ingested models, only others, and mixed.
        rocksdb::WriteBatch for_normal;
        rocksdb::WriteBatch for_bulk;
        const uint64_t kind = random.Below(3);
        for (int i = 0; i < 150; ++i) {
          const bool ingested = kind == 0 || (kind == 2 && random.Below(2) == 0);
          const ReadModel model = ingested ? kIngested[random.Below(3)] : kOthers[random.Below(5)];
          const std::string key = RandomKey(random);
          const std::string value = "r" + std::to_string(round) + "." + std::to_string(i);
          const uint64_t operation = ingested ? 0 : random.Below(3);
          for (auto [batch, store] :
               {std::pair{&for_normal, normal.get()}, std::pair{&for_bulk, bulk.get()}}) {
            rocksdb::ColumnFamilyHandle* handle = store->handle(model);
            ASSERT_TRUE((operation == 0   ? batch->Put(handle, key, value)
                         : operation == 1 ? batch->Delete(handle, key)
                                          : batch->DeleteRange(handle, key, key + "~"))
                            .ok());
          }
        }
        ASSERT_TRUE(normal->Write(&for_normal).ok());
        const Status written = bulk->Write(&for_bulk);
        ASSERT_TRUE(written.ok()) << written.ToString();
      }
      const Status flushed = bulk->Flush();
      ASSERT_TRUE(flushed.ok()) << flushed.ToString();
      EXPECT_FALSE(std::filesystem::exists(bulk_directory + "/bulk-tables"));
      for (int model = 0; model < kReadModelCount; ++model) {
        EXPECT_EQ(t::ReadModelContents(*bulk, static_cast<ReadModel>(model)),
                  t::ReadModelContents(*normal, static_cast<ReadModel>(model)))
            << ReadModelName(static_cast<ReadModel>(model));
      }
      StoreDigest expected;
      ASSERT_TRUE(normal->ComputeDigest(&expected).ok());
      bulk.reset();
      std::unique_ptr<Store> reopened = OpenStore(bulk_directory, false, 0);
      StoreDigest digest;
      ASSERT_TRUE(reopened->ComputeDigest(&digest).ok());
      EXPECT_EQ(digest.combined_hex, expected.combined_hex);
    }
  }
}

TEST(BulkIngestTest, RefusesDeletesOnIngestedModelsAndReadsBeforeFlush) {
  t::TempDir directory;
  std::unique_ptr<Store> store = OpenStore(directory.path() + "/bulk", true, 1 << 20);
  rocksdb::WriteBatch deletes;
  ASSERT_TRUE(deletes.Delete(store->handle(ReadModel::kHistory), "h").ok());
  const Status refused = store->Write(&deletes);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("history read model takes only puts"), std::string::npos)
      << refused.message();
  // A refused batch takes nothing, not even the puts before what is refused in it.
  rocksdb::WriteBatch mixed;
  ASSERT_TRUE(mixed.Put(store->handle(ReadModel::kEvents), "e0", "before the delete").ok());
  ASSERT_TRUE(mixed.Delete(store->handle(ReadModel::kHistory), "h").ok());
  EXPECT_EQ(store->Write(&mixed).code(), StatusCode::kFailedPrecondition);

  rocksdb::WriteBatch puts;
  ASSERT_TRUE(puts.Put(store->handle(ReadModel::kEvents), "e1", "record").ok());
  ASSERT_TRUE(store->Write(&puts).ok());
  std::vector<std::string> values;
  const Status early = store->MultiGet(ReadModel::kEvents, {"e1"}, &values);
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.message().find("readable after Flush"), std::string::npos) << early.message();
  AccountState state;
  bool found = false;
  EXPECT_EQ(store->GetAccount("a", &state, &found).code(), StatusCode::kFailedPrecondition);
  // The other models read as usual meanwhile.
  EXPECT_TRUE(store->MultiGet(ReadModel::kAging, {"x"}, &values).ok());

  ASSERT_TRUE(store->Flush().ok());
  ASSERT_TRUE(store->MultiGet(ReadModel::kEvents, {"e1", "e0"}, &values).ok());
  EXPECT_EQ(values, (std::vector<std::string>{"record", ""}));
}

}  // namespace
}  // namespace arledger
