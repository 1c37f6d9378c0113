// Converts RocksDB statuses into arledger's Status where they enter (STYLE.md rule 3).
#pragma once

#include <rocksdb/status.h>

#include <string>
#include <string_view>

#include "core/status.h"

namespace arledger {

inline Status FromRocks(const rocksdb::Status& status, std::string_view what) {
  if (status.ok()) return Status::Ok();
  std::string message = std::string(what) + ": " + status.ToString();
  if (status.IsCorruption()) return Corruption(std::move(message));
  if (status.IsNotFound()) return NotFound(std::move(message));
  return IoError(std::move(message));
}

}  // namespace arledger
