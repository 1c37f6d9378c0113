// Progress: rate and time left from the records done since the start.
#include "service/progress.h"

#include <unistd.h>

#include <cstdio>

namespace arledger {

Progress::Progress(std::string what, int64_t records_total, bool enabled)
    : what_(std::move(what)),
      enabled_(enabled),
      records_total_(records_total),
      started_(Clock::now()),
      drawn_at_(started_) {}

Progress::~Progress() {
  if (!enabled_ || records_done_ == 0) return;
  Draw(Clock::now());
  std::fputs("\n", stderr);
}

bool Progress::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void Progress::Advance(int64_t records) {
  records_done_ += records;
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (now - drawn_at_ >= kRedrawInterval) Draw(now);
}

void Progress::Draw(Clock::time_point now) {
  const double seconds = std::chrono::duration<double>(now - started_).count();
  const double rate = seconds > 0 ? static_cast<double>(records_done_) / seconds : 0;
  char eta[64] = "";
  if (records_total_ > 0 && rate > 0 && records_done_ <= records_total_) {
    const auto left =
        static_cast<long long>(static_cast<double>(records_total_ - records_done_) / rate);
    std::snprintf(eta, sizeof eta, " of %lld (%.0f%%), ETA %lld:%02lld",
                  static_cast<long long>(records_total_),
                  100.0 * static_cast<double>(records_done_) / static_cast<double>(records_total_),
                  left / 60, left % 60);
  }
  std::fprintf(stderr, "\r%s: %lld records%s, %.0f/s   ", what_.c_str(),
               static_cast<long long>(records_done_), eta, rate);
  std::fflush(stderr);
  drawn_at_ = now;
}

}  // namespace arledger
