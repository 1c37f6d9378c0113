// Store generations on disk: which projection store directory ledgerd serves from, and the
// crash-safe steps of a blue/green rebuild when the projection version changed.
//
// The store always lives at DIR (--store), the path operators and tools name. When DIR was
// written by another projection version, ledgerd:
//   1. writes the marker DIR.rebuild ("rebuilding <old version>"), then renames DIR to
//      DIR.v<old version> — nothing is open yet, so the rename is safe;
//   2. rebuilds a new store at DIR from offset 0 while DIR.v<old> answers queries;
//   3. once caught up, switches: rewrites the marker to "retiring <old>" (the commit point:
//      one rename), serves DIR, closes DIR.v<old> when its last query ends, deletes it unless
//      kept, then deletes the marker.
// Every marker write is write-temporary, fsync, rename, fsync the parent directory, so after a
// crash the marker says exactly which step was reached, and PrepareStoreGeneration resumes
// there: a rebuild continues from the new store's own offsets, never from scratch.
//
// Thread-safety: call from one thread, with no store open on DIR or DIR.v<old>.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace arledger {

struct StoreGenerationPlan {
  bool rebuild = false;            // DIR is being rebuilt; serve previous_directory meanwhile.
  std::string previous_directory;  // DIR.v<previous_version>, when rebuilding.
  int32_t previous_version = 0;
};

// Decides, and prepares on disk, what to open for `directory` with this build's `version`.
// Finishes an interrupted switch first (deleting the retired store unless `keep_previous`).
Status PrepareStoreGeneration(const std::string& directory, int32_t version, bool keep_previous,
                              StoreGenerationPlan* plan);

// Step 3's commit point: after it, a restart serves DIR and never the previous store.
Status CommitStoreSwitch(const std::string& directory, const StoreGenerationPlan& plan);

// Step 3's end, once the previous store is closed: deletes it unless `keep_previous`, then
// the marker.
Status RetirePreviousStore(const std::string& directory, const StoreGenerationPlan& plan,
                           bool keep_previous);

}  // namespace arledger
