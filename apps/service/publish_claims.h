// PublishClaims: the events this process is appending and has not yet seen applied, by dedupe
// key, so that a second request for one of them waits for the first instead of appending a
// copy (an Idempotency-Key retry sent while the first is in flight, or after it answered 504).
//
// The store's event index answers "was this event applied?"; this answers the window before
// that, from the moment a Publish decides to append until the projection has applied it. A
// claim holds the first request's serialised envelope (a retry without occurred_at adopts its
// occurred_at, and a different request is a conflict) and, once appended, its log position.
// Claims are released when their event is seen applied; Sweep drops the ones nobody came back
// for. Scope: one process. Two ledgerd instances publishing the same event at the same moment
// can still both append; the projector then skips the second copy (same bytes) or
// dead-letters it (other bytes), so the ledger is never changed twice. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/log_record.h"

namespace arledger {

class PublishClaims {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  struct Claim {
    std::string serialized;               // The first request's envelope; never changes.
    std::optional<LogPosition> position;  // Set once appended (read it via WaitAppended).
    bool abandoned = false;               // Its append failed (likewise).
  };

  // Claims `key` for `serialized` and returns nullptr (the caller appends, then calls Appended
  // or Abandon), or returns the claim another request holds.
  std::shared_ptr<const Claim> TryClaim(const std::string& key, const std::string& serialized);
  // The claim on `key`, if any (nullptr when none).
  std::shared_ptr<const Claim> Find(const std::string& key) const;

  void Appended(const std::string& key, const LogPosition& position);
  void Abandon(const std::string& key);
  // Drops the claim on `key` (its event has been applied).
  void Release(const std::string& key);

  // Waits until `claim` is appended or abandoned, or `deadline`; its position if appended.
  std::optional<LogPosition> WaitAppended(const std::shared_ptr<const Claim>& claim,
                                          Deadline deadline) const;

  // When more than `claims_max` are held, drops every appended claim whose position `applied`
  // says has been applied.
  void Sweep(size_t claims_max, const std::function<bool(const LogPosition&)>& applied);

  size_t size() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::map<std::string, std::shared_ptr<Claim>> claims_;  // Guarded by mutex_.
};

}  // namespace arledger
