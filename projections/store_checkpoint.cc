// CreateCheckpoint: rocksdb::Checkpoint over the store's database.
#include "projections/store_checkpoint.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>
#include <memory>

#include "projections/rocks_status.h"

namespace arledger {

Status CreateCheckpoint(const Store& store, const std::string& directory) {
  std::error_code error;
  if (std::filesystem::exists(directory, error)) {
    return {StatusCode::kAlreadyExists, "checkpoint target '" + directory + "' exists"};
  }
  rocksdb::Checkpoint* raw = nullptr;
  ARLEDGER_RETURN_IF_ERROR(
      FromRocks(rocksdb::Checkpoint::Create(store.db(), &raw), "preparing a checkpoint"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: always flush first, so the copy needs little WAL replay.
  return FromRocks(checkpoint->CreateCheckpoint(directory, /*log_size_for_flush=*/0),
                   "writing a checkpoint into " + directory);
}

}  // namespace arledger
