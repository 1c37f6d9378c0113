// BackupStore: checkpoint, then describe the copy from the copy.
#include "service/backup.h"

#include <chrono>
#include <filesystem>

#include "projections/store_checkpoint.h"

namespace arledger {
namespace {

// RocksDB wants a target that does not exist: an empty directory is removed first.
Status PrepareTarget(const std::string& directory) {
  std::error_code error;
  if (!std::filesystem::exists(directory, error)) return Status::Ok();
  if (!std::filesystem::is_directory(directory, error) ||
      !std::filesystem::is_empty(directory, error)) {
    return FailedPrecondition("backup target '" + directory +
                              "' exists and is not an empty directory");
  }
  if (!std::filesystem::remove(directory, error)) {
    return IoError("cannot prepare backup target '" + directory + "': " + error.message());
  }
  return Status::Ok();
}

}  // namespace

Status BackupStore(const Store& store, const std::string& directory, v1::BackupResponse* report) {
  const auto start = std::chrono::steady_clock::now();
  if (directory.empty()) return InvalidArgument("backup target directory is empty");
  ARLEDGER_RETURN_IF_ERROR(PrepareTarget(directory));
  ARLEDGER_RETURN_IF_ERROR(CreateCheckpoint(store, directory));

  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  options.projection_version = store.projection_version();
  std::unique_ptr<Store> copy;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(directory, options, &copy));
  v1::ProjectionMeta meta;
  ARLEDGER_RETURN_IF_ERROR(copy->ReadMeta(&meta));
  StoreDigest digest;
  ARLEDGER_RETURN_IF_ERROR(copy->ComputeDigest(&digest));

  report->Clear();
  report->set_directory(directory);
  int64_t records = 0;
  for (const v1::PartitionMeta& partition : meta.partitions()) {
    report->add_next_offsets(partition.next_offset());
    records += partition.next_offset();
  }
  report->set_records(records);
  report->set_digest(digest.combined_hex);
  report->set_projection_version(meta.projection_version());
  report->set_seconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return Status::Ok();
}

}  // namespace arledger
