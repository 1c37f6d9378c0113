// ConsumeLoop: the accessors any thread may call — applied offsets, waits, lag, counters.
#include <algorithm>

#include "consumers/consume_loop.h"

namespace arledger {

std::vector<int64_t> ConsumeLoop::applied_offsets() const {
  std::lock_guard<std::mutex> lock(applied_mutex_);
  return applied_;
}

bool ConsumeLoop::WaitForApplied(const LogPosition& position, int timeout_ms) const {
  std::unique_lock<std::mutex> lock(applied_mutex_);
  return applied_changed_.wait_for(lock, std::chrono::milliseconds(std::max(0, timeout_ms)), [&] {
    return position.partition >= 0 && static_cast<size_t>(position.partition) < applied_.size() &&
           applied_[position.partition] > position.offset;
  });
}

ConsumeLoopCounters ConsumeLoop::counters() const {
  std::lock_guard<std::mutex> lock(applied_mutex_);
  return counters_;
}

// At most one caller asks the log at a time; the others use the offsets last observed rather
// than queue behind a request to the brokers.
void ConsumeLoop::RefreshEndOffsetsIfStale() const {
  std::unique_lock<std::mutex> refreshing(refresh_mutex_, std::try_to_lock);
  if (!refreshing.owns_lock()) return;
  {
    std::lock_guard<std::mutex> lock(end_mutex_);
    const auto age = Clock::now() - end_refreshed_at_;
    if (!end_offsets_.empty() && age < std::chrono::milliseconds(options_.end_offsets_refresh_ms)) {
      return;
    }
  }
  std::vector<int64_t> end_offsets;
  if (!events_->EndOffsets(&end_offsets).ok()) return;  // Keep what was last observed.
  std::lock_guard<std::mutex> lock(end_mutex_);
  end_offsets_ = std::move(end_offsets);
  end_refreshed_at_ = Clock::now();
}

std::vector<int64_t> ConsumeLoop::lag() const {
  RefreshEndOffsetsIfStale();
  const std::vector<int64_t> applied = applied_offsets();
  std::lock_guard<std::mutex> lock(end_mutex_);
  if (end_offsets_.empty() || end_offsets_.size() != applied.size()) return {};
  std::vector<int64_t> lag(applied.size());
  for (size_t p = 0; p < applied.size(); ++p)
    lag[p] = std::max<int64_t>(0, end_offsets_[p] - applied[p]);
  return lag;
}

bool ConsumeLoop::CaughtUp() const {
  const std::vector<int64_t> lag_now = lag();
  return !lag_now.empty() &&
         std::all_of(lag_now.begin(), lag_now.end(), [](int64_t l) { return l == 0; });
}

}  // namespace arledger
