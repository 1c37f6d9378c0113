// BackupStore: a consistent checkpoint of a projection store, described by what it holds.
//
// Takes a RocksDB checkpoint of the store (projections/store_checkpoint.h) — safe while the
// consume loop writes — then opens the copy read-only and reads its offsets and digest from
// the copy itself, so the answer describes exactly what was written. Restoring is starting
// `ledgerd --store COPY` on the same log: it resumes from the copy's offsets and catches up.
//
// The running ledgerd must take the checkpoint (RocksDB admits one writer process): over HTTP,
// POST /v1/admin/backup (http_admin.h); `ledgerctl backup --store DIR` works on a stopped one.
// Thread-safety: any thread; concurrent backups into different directories are fine.
#pragma once

#include <string>

#include "arledger/v1/admin.pb.h"
#include "core/status.h"
#include "projections/store.h"

namespace arledger {

// `directory` must not exist, or be an empty directory (FailedPrecondition otherwise); its
// parent must exist. On success `report` holds the checkpoint's offsets and digest.
Status BackupStore(const Store& store, const std::string& directory, v1::BackupResponse* report);

}  // namespace arledger
