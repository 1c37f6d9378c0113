// Store generations on disk (service/store_generation.h): what PrepareStoreGeneration decides
// for each state a blue/green rebuild can be stopped in — by a clean stop or a crash between
// two steps — made by hand here, and that it resumes at the right step: a fresh or current
// store needs nothing; another version is moved aside behind a marker; a marker without the
// move completes the move; a marker with the move resumes the rebuild; a committed switch
// deletes (or keeps) the old store; a bad marker or a clash with an old directory is refused.
#include "service/store_generation.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>

#include "projections/store.h"
#include "tests/support/temp_dir.h"

namespace arledger {
namespace {

namespace fs = std::filesystem;
constexpr int32_t kOld = kProjectionVersion - 1;

// A store whose meta records `version`.
void MakeStore(const std::string& directory, int32_t version) {
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(directory, StoreOptions(), &store).ok());
  v1::ProjectionMeta meta;
  meta.set_projection_version(version);
  ASSERT_TRUE(store->db()
                  ->Put(rocksdb::WriteOptions(), store->handle(ReadModel::kMeta), kMetaKey,
                        meta.SerializeAsString())
                  .ok());
}

std::string Marker(const std::string& directory) {
  std::ifstream file(directory + ".rebuild");
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return text;
}

class StoreGenerationTest : public ::testing::Test {
 protected:
  testing::TempDir temp_;  // First: the paths below are made from it.
  const std::string directory_ = temp_.path() + "/store";
  const std::string previous_ = directory_ + ".v" + std::to_string(kOld);
  StoreGenerationPlan plan_;
};

TEST_F(StoreGenerationTest, AFreshOrCurrentStoreNeedsNoRebuild) {
  fs::create_directories(directory_);  // ledgerd creates DIR empty before a first start.
  ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_).ok());
  EXPECT_FALSE(plan_.rebuild);
  MakeStore(directory_, kProjectionVersion);
  ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_).ok());
  EXPECT_FALSE(plan_.rebuild);
  EXPECT_FALSE(fs::exists(directory_ + ".rebuild"));
}

// A ledgerd killed while it created its store leaves a database without some column families
// (RocksDB creates the database, then each missing family). It holds nothing; the next start
// must neither fail to read its version nor rebuild it, and opening it completes it.
TEST_F(StoreGenerationTest, AStoreWhoseCreationWasCutShortIsCompletedNotRefused) {
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, directory_, &raw).ok());
    rocksdb::ColumnFamilyHandle* accounts = nullptr;
    ASSERT_TRUE(raw->CreateColumnFamily(rocksdb::ColumnFamilyOptions(), "accounts", &accounts).ok());
    ASSERT_TRUE(raw->DestroyColumnFamilyHandle(accounts).ok());
    delete raw;
  }
  bool complete = true;
  ASSERT_TRUE(Store::HasEveryReadModel(directory_, &complete).ok());
  EXPECT_FALSE(complete);
  const Status prepared = PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_);
  ASSERT_TRUE(prepared.ok()) << prepared.ToString();
  EXPECT_FALSE(plan_.rebuild);
  std::unique_ptr<Store> store;
  ASSERT_TRUE(Store::Open(directory_, StoreOptions(), &store).ok());
  store.reset();
  ASSERT_TRUE(Store::HasEveryReadModel(directory_, &complete).ok());
  EXPECT_TRUE(complete);
}

TEST_F(StoreGenerationTest, AnotherVersionIsMovedAsideBehindAMarkerAndTheRebuildResumes) {
  MakeStore(directory_, kOld);
  ASSERT_TRUE(PrepareStoreGeneration(directory_ + "/", kProjectionVersion, false, &plan_).ok());
  EXPECT_TRUE(plan_.rebuild);
  EXPECT_EQ(plan_.previous_version, kOld);
  EXPECT_EQ(plan_.previous_directory, previous_);
  EXPECT_TRUE(fs::exists(previous_ + "/CURRENT"));
  EXPECT_FALSE(fs::exists(directory_));
  EXPECT_EQ(Marker(directory_), "rebuilding " + std::to_string(kOld) + "\n");

  MakeStore(directory_, kProjectionVersion);  // The rebuild had begun when it stopped.
  StoreGenerationPlan again;
  ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, false, &again).ok());
  EXPECT_TRUE(again.rebuild);
  EXPECT_EQ(again.previous_directory, previous_);
  EXPECT_TRUE(fs::exists(directory_ + "/CURRENT")) << "resumed, not restarted";
}

TEST_F(StoreGenerationTest, AStopBetweenTheMarkerAndTheMoveCompletesTheMove) {
  MakeStore(directory_, kOld);
  std::ofstream(directory_ + ".rebuild") << "rebuilding " << kOld << "\n";
  ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_).ok());
  EXPECT_TRUE(plan_.rebuild);
  EXPECT_TRUE(fs::exists(previous_ + "/CURRENT"));
  EXPECT_FALSE(fs::exists(directory_));
}

TEST_F(StoreGenerationTest, ACommittedSwitchDeletesOrKeepsTheOldStoreAtTheNextStart) {
  for (const bool keep : {false, true}) {
    MakeStore(directory_, kOld);
    ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, keep, &plan_).ok());
    MakeStore(directory_, kProjectionVersion);
    ASSERT_TRUE(CommitStoreSwitch(directory_, plan_).ok());
    EXPECT_EQ(Marker(directory_), "retiring " + std::to_string(kOld) + "\n");
    // Stopped before the old store was retired: the next start finishes it.
    StoreGenerationPlan next;
    ASSERT_TRUE(PrepareStoreGeneration(directory_, kProjectionVersion, keep, &next).ok());
    EXPECT_FALSE(next.rebuild);
    EXPECT_FALSE(fs::exists(directory_ + ".rebuild"));
    EXPECT_EQ(fs::exists(previous_), keep) << "keep " << keep;
    fs::remove_all(directory_);
    fs::remove_all(previous_);
  }
}

TEST_F(StoreGenerationTest, ABadMarkerOrAClashWithAnOldDirectoryIsRefused) {
  MakeStore(directory_, kOld);
  std::ofstream(directory_ + ".rebuild") << "switching soon\n";
  Status status = PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_);
  EXPECT_EQ(status.code(), StatusCode::kCorruption) << status.ToString();
  fs::remove(directory_ + ".rebuild");

  fs::create_directories(previous_);
  status = PrepareStoreGeneration(directory_, kProjectionVersion, false, &plan_);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
  EXPECT_NE(status.message().find(previous_), std::string::npos) << status.message();
  EXPECT_TRUE(fs::exists(directory_ + "/CURRENT")) << "nothing moved";
}

}  // namespace
}  // namespace arledger
