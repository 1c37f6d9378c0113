// PublishClaims: a map of claims under one mutex, with a condition variable for the appends.
#include "service/publish_claims.h"

namespace arledger {

std::shared_ptr<const PublishClaims::Claim> PublishClaims::TryClaim(const std::string& key,
                                                                    const std::string& serialized) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = claims_.try_emplace(key);
  if (!inserted) return it->second;
  it->second = std::make_shared<Claim>();
  it->second->serialized = serialized;
  return nullptr;
}

std::shared_ptr<const PublishClaims::Claim> PublishClaims::Find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = claims_.find(key);
  return it == claims_.end() ? nullptr : it->second;
}

void PublishClaims::Appended(const std::string& key, const LogPosition& position) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = claims_.find(key);
    if (it != claims_.end()) it->second->position = position;
  }
  changed_.notify_all();
}

void PublishClaims::Abandon(const std::string& key) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = claims_.find(key);
    if (it != claims_.end()) {
      it->second->abandoned = true;
      claims_.erase(it);
    }
  }
  changed_.notify_all();
}

void PublishClaims::Release(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  claims_.erase(key);
}

std::optional<LogPosition> PublishClaims::WaitAppended(const std::shared_ptr<const Claim>& claim,
                                                       Deadline deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return claim->position || claim->abandoned; });
  return claim->position;
}

void PublishClaims::Sweep(size_t claims_max,
                          const std::function<bool(const LogPosition&)>& applied) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (claims_.size() <= claims_max) return;
  for (auto it = claims_.begin(); it != claims_.end();) {
    const bool done = it->second->position && applied(*it->second->position);
    it = done ? claims_.erase(it) : std::next(it);
  }
}

size_t PublishClaims::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return claims_.size();
}

}  // namespace arledger
