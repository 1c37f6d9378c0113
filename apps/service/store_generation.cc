// Store generations: the rebuild marker, renames made durable, and resuming after a crash.
#include "service/store_generation.h"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "projections/store.h"

namespace arledger {
namespace {

namespace fs = std::filesystem;

constexpr char kRebuilding[] = "rebuilding";
constexpr char kRetiring[] = "retiring";
constexpr size_t kMarkerBytesMax = 256;  // "retiring 123\n": anything longer is not a marker.

std::string Normalized(const std::string& directory) {
  std::string path = fs::path(directory).lexically_normal().string();
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

std::string MarkerPath(const std::string& directory) { return directory + ".rebuild"; }
std::string PreviousPath(const std::string& directory, int32_t version) {
  return directory + ".v" + std::to_string(version);
}

// A RocksDB database is there (ledgerd creates DIR empty before the first start).
bool HasStore(const std::string& directory) {
  std::error_code error;
  return fs::exists(fs::path(directory) / "CURRENT", error);
}

Status SyncParent(const std::string& path) {
  std::string parent = fs::path(path).parent_path().string();
  if (parent.empty()) parent = ".";
  const int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return IoError("cannot open directory " + parent + " to sync it");
  const int synced = ::fsync(fd);
  ::close(fd);
  return synced == 0 ? Status::Ok() : IoError("cannot sync directory " + parent);
}

Status DurableRename(const std::string& from, const std::string& to) {
  std::error_code error;
  fs::rename(from, to, error);
  if (error) return IoError("cannot rename " + from + " to " + to + ": " + error.message());
  return SyncParent(to);
}

Status WriteMarker(const std::string& directory, const char* state, int32_t version) {
  const std::string marker = MarkerPath(directory);
  const std::string temporary = marker + ".tmp";
  const std::string text = std::string(state) + " " + std::to_string(version) + "\n";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return IoError("cannot write " + temporary);
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = written && ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return IoError("cannot write and sync " + temporary);
  return DurableRename(temporary, marker);
}

// Reads "STATE VERSION".
Status ReadMarker(const std::string& directory, std::string* state, int32_t* version) {
  const std::string marker = MarkerPath(directory);
  std::ifstream file(marker);
  std::string text(kMarkerBytesMax, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  std::istringstream words(text);
  std::string number;
  words >> *state >> number;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), *version);
  if ((*state != kRebuilding && *state != kRetiring) || error != std::errc() ||
      end != number.data() + number.size() || number.empty()) {
    return Corruption("rebuild marker " + marker + " does not read 'rebuilding|retiring N'");
  }
  return Status::Ok();
}

Status RemoveMarker(const std::string& directory) {
  std::error_code error;
  fs::remove(MarkerPath(directory), error);
  if (error) return IoError("cannot remove " + MarkerPath(directory) + ": " + error.message());
  return SyncParent(MarkerPath(directory));
}

// The projection version recorded in the store at `directory`; `current` for a store whose
// creation was cut short (it holds nothing, and opening it read-write completes it).
Status StoredVersion(const std::string& directory, int32_t current, int32_t* version) {
  bool complete = false;
  ARLEDGER_RETURN_IF_ERROR(Store::HasEveryReadModel(directory, &complete));
  if (!complete) {
    *version = current;
    return Status::Ok();
  }
  StoreOptions options;
  options.projection_version = current;  // What a store without meta yet reads as.
  options.read_only = true;
  options.create_if_missing = false;
  std::unique_ptr<Store> store;
  ARLEDGER_RETURN_IF_ERROR(Store::Open(directory, options, &store));
  v1::ProjectionMeta meta;
  ARLEDGER_RETURN_IF_ERROR(store->ReadMeta(&meta));
  *version = meta.projection_version();
  return Status::Ok();
}

// Resumes from a marker; `*resumed` when a rebuild is under way.
Status ResumeFromMarker(const std::string& directory, bool keep_previous, StoreGenerationPlan* plan,
                        bool* resumed) {
  std::string state;
  int32_t version = 0;
  ARLEDGER_RETURN_IF_ERROR(ReadMarker(directory, &state, &version));
  StoreGenerationPlan found{true, PreviousPath(directory, version), version};
  if (state == kRetiring) return RetirePreviousStore(directory, found, keep_previous);
  std::error_code error;
  if (!fs::exists(found.previous_directory, error)) {
    if (!HasStore(directory)) return RemoveMarker(directory);  // Nothing to rebuild from.
    // Stopped between writing the marker and moving the old store: move it now.
    ARLEDGER_RETURN_IF_ERROR(DurableRename(directory, found.previous_directory));
  }
  *plan = found;
  *resumed = true;
  return Status::Ok();
}

}  // namespace

Status PrepareStoreGeneration(const std::string& requested, int32_t version, bool keep_previous,
                              StoreGenerationPlan* plan) {
  *plan = StoreGenerationPlan();
  const std::string directory = Normalized(requested);
  std::error_code error;
  if (fs::exists(MarkerPath(directory), error)) {
    bool resumed = false;
    ARLEDGER_RETURN_IF_ERROR(ResumeFromMarker(directory, keep_previous, plan, &resumed));
    if (resumed) return Status::Ok();
  }
  if (!HasStore(directory)) return Status::Ok();
  int32_t stored = 0;
  ARLEDGER_RETURN_IF_ERROR(StoredVersion(directory, version, &stored));
  if (stored == version) return Status::Ok();

  const std::string previous = PreviousPath(directory, stored);
  if (fs::exists(previous, error)) {
    return FailedPrecondition("store " + directory + " has projection version " +
                              std::to_string(stored) + " and must be rebuilt beside it, but " +
                              previous + " already exists: move it away");
  }
  ARLEDGER_RETURN_IF_ERROR(WriteMarker(directory, kRebuilding, stored));
  ARLEDGER_RETURN_IF_ERROR(DurableRename(directory, previous));
  *plan = StoreGenerationPlan{true, previous, stored};
  return Status::Ok();
}

Status CommitStoreSwitch(const std::string& requested, const StoreGenerationPlan& plan) {
  return WriteMarker(Normalized(requested), kRetiring, plan.previous_version);
}

Status RetirePreviousStore(const std::string& requested, const StoreGenerationPlan& plan,
                           bool keep_previous) {
  const std::string directory = Normalized(requested);
  if (!keep_previous) {
    std::error_code error;
    fs::remove_all(plan.previous_directory, error);
    if (error) {
      return IoError("cannot delete the previous store " + plan.previous_directory + ": " +
                     error.message());
    }
  }
  return RemoveMarker(directory);
}

}  // namespace arledger
